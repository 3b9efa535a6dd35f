"""A file's download-link answer (`{url, expires_at, form_fields?}`) to a FileDownload.

Refused whole (an InvalidBody) when it is not a JSON object, has no usable `url`, or has an
`expires_at` that is not a date-time: a link whose expiry cannot be read would make an
expired source look like a missing one. A missing `expires_at` is allowed (None). The link
is presigned, so it is hidden in the text an InvalidBody keeps to show.
"""

from __future__ import annotations

from typing import Final

from run_inspector.adapters.reading import read_json_object
from run_inspector.model.file_download import FileDownload
from run_inspector.model.utc import as_utc
from run_inspector.wire.file_content import PresignedUrl
from run_inspector.wire.invalid_body import InvalidBody
from run_inspector.wire.parsing import invalid_body
from run_inspector.wire.tolerant import read_part

NO_URL: Final = "`url` is missing or empty"
URL_HIDDEN: Final = "[presigned URL hidden]"


def read_file_download_body(body: bytes) -> FileDownload | InvalidBody:
    payload = read_json_object(body)
    if isinstance(payload, InvalidBody):
        return payload
    read = read_part(PresignedUrl, payload)
    problems = [
        f"`{name}` {aside.problem}"
        for name, aside in read.set_aside.items()
        if name in ("url", "expires_at")
    ]
    url = read.model.url
    if not url and "url" not in read.set_aside:
        problems.append(NO_URL)
    if problems or not url:
        sent = payload.get("url")
        return _hidden(invalid_body(body, problems[0]), problems, sent)
    expires_at = read.model.expires_at
    return FileDownload(url=url, expires_at=None if expires_at is None else as_utc(expires_at))


def _hidden(invalid: InvalidBody, problems: list[str], url: object) -> InvalidBody:
    """The body as shown with an error: when it carries a `url` in any form (a JSON escape
    can spell a presigned link many ways), none of the text is kept, only the problems."""
    if url is None:
        return InvalidBody(text=invalid.text, problems=tuple(problems))
    return InvalidBody(text=URL_HIDDEN, problems=tuple(problems))
