"""Asking for a run's source file: a presigned download link, from the files endpoints.

`GET /api/v1/beta/files/{file_id}/content` answers `{url, expires_at, form_fields?}` for v1
file IDs (UUIDs) and v2 `dfl-` IDs alike; a server from before it answers the same at
`GET /api/v1/files/{id}/content`, so a 404 from the first is asked once more there. Both
come from the official Python SDK (llama-cloud 2.4.1 `resources/files.py` `FilesResource.get`;
0.15.0 `FilesResource.read_content` for the older path), unverified against a live server.

The client's retrying GET is passed in, so each endpoint fails with the same typed errors,
retries and timeouts as a run. The link itself is fetched elsewhere, without the API key.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from run_inspector.adapters.file_content import read_file_download_body
from run_inspector.api import errors
from run_inspector.api.errors import RunRequest
from run_inspector.model.file_download import FileDownload
from run_inspector.references.ids import ID_TAIL, canonical_uuid
from run_inspector.wire.invalid_body import InvalidBody

BETA_CONTENT_PATH: Final = "/api/v1/beta/files/{file_id}/content"
OLDER_CONTENT_PATH: Final = "/api/v1/files/{file_id}/content"
V2_FILE_PREFIX: Final = "dfl-"
PARSE_JOB_PREFIX: Final = "pjb-"
# Explicit ASCII classes (see references/ids.py): a file ID goes into a path unencoded.
_V2_FILE_ID: Final = re.compile(V2_FILE_PREFIX + ID_TAIL)
_REQUESTED_FILE: Final = re.compile(r"^/api/v1(?:/beta)?/files/(?P<id>[^/]+)/content$")

Get = Callable[[RunRequest], bytes]


def checked_file_id(file_id: str) -> str:
    """The file ID to put in a path: a UUID (in lower case) or a `dfl-` ID as given.

    A parse job (`pjb-…`) raises NoSourceFileError, anything else InvalidIdError: nothing
    is sent for either.
    """
    value = file_id.strip()
    if value[: len(PARSE_JOB_PREFIX)].lower() == PARSE_JOB_PREFIX:
        raise errors.NoSourceFileError(value)
    uuid = canonical_uuid(value)
    if uuid is not None:
        return uuid
    if _V2_FILE_ID.fullmatch(value):
        return value
    raise errors.InvalidIdError(file_id, kind="file_content")


def content_requests(
    base_url: str, file_id: str, *, project_id: str | None, organization_id: str | None
) -> tuple[RunRequest, RunRequest]:
    """The beta endpoint's request and the older one's, for a checked file ID."""
    checked = checked_file_id(file_id)

    def request(template: str) -> RunRequest:
        return RunRequest(
            job_id="",
            base_url=base_url,
            path=template.format(file_id=checked),
            project_id=project_id or None,
            organization_id=organization_id or None,
            kind="file_content",
        )

    return request(BETA_CONTENT_PATH), request(OLDER_CONTENT_PATH)


def fetch_file_download(
    get: Get,
    base_url: str,
    file_id: str,
    *,
    project_id: str | None,
    organization_id: str | None,
) -> FileDownload:
    """The file's download link: from the beta endpoint, or the older one after its 404.

    A 404 from both raises the older endpoint's NotFoundError; any other failure of either
    is raised as it is, and the older endpoint is not asked.
    """
    beta, older = content_requests(
        base_url, file_id, project_id=project_id, organization_id=organization_id
    )
    request, body = beta, _unless_not_found(get, beta)
    if body is None:
        # Asked outside the handler, so a failure here does not carry the 404 as context.
        request, body = older, get(older)
    read = read_file_download_body(body)
    if isinstance(read, InvalidBody):
        raise errors.InvalidResponseError(request, body=read)
    return read


def _unless_not_found(get: Get, request: RunRequest) -> bytes | None:
    try:
        return get(request)
    except errors.NotFoundError:
        return None


def requested_file_id(request: RunRequest) -> str | None:
    """The file ID a file_content request asked for (as it went into the path)."""
    if request.kind != "file_content":
        return None
    match = _REQUESTED_FILE.match(request.path)
    return match.group("id") if match else None
