"""Pydantic model of a file's download link, `GET /api/v1/beta/files/{file_id}/content`.

The older `GET /api/v1/files/{id}/content` answers the same shape. Both come from the
official Python SDK (llama-cloud 2.4.1 `types/presigned_url.py`; 0.15.0 for the older
path); no live server was checked. The SDK marks `url` and `expires_at` required;
`form_fields` is for presigned uploads (a POST) and unused for a download.
"""

from __future__ import annotations

from typing import Final

from run_inspector.wire.json_types import DateTimeText, OpenModel

REQUIRED_PRESIGNED_URL_FIELDS: Final = ("url", "expires_at")


class PresignedUrl(OpenModel):
    url: str | None = None
    expires_at: DateTimeText | None = None
    form_fields: dict[str, str] | None = None
