"""What the fake LlamaCloud API does for source files: download links, and the bucket behind them.

- `GET /api/v1/beta/files/{file_id}/content` and the older `GET /api/v1/files/{id}/content`
  answer `{url, expires_at, form_fields}` (the official SDK's PresignedURL), each time with a
  new link. A file stored with `beta=False` is served only by the older endpoint, as on a
  server from before the beta one; the beta path then answers 404 `{"detail": "Not Found"}`,
  as for any path a server does not know.
- The link is `<base>/_files/<random token>`: `<base>` is `files_base_url` when one was set,
  else the address the request came to. It is served with a plain GET and needs no API key,
  like a presigned bucket URL. Past its `expires_at` it answers 403 with S3's XML error
  (`AccessDenied`, "Request has expired"); a token it never gave answers 403
  `SignatureDoesNotMatch`, as a bucket does for a tampered link.

Whether a fetch carried an Authorization header or a cookie is in its RecordedRequest
(`sent_credentials`), so a test can assert that none was sent.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

FILES_PREFIX: Final = "/_files/"
FILE_LINK: Final = re.compile(r"^/_files/(?P<token>[A-Za-z0-9_-]{16,128})$")
BUCKET_HEADERS: Final = {"Content-Type": "application/xml"}
FILE_HEADERS: Final = {"Content-Type": "application/octet-stream"}
FileAnswer = tuple[int, bytes, Mapping[str, str]]
# A link is forgotten this long after it expired (then it answers as a link never given),
# so a long-running demo does not keep every link it ever gave.
FORGET_AFTER_S: Final = 3600.0


@dataclass(frozen=True)
class StoredFile:
    content: bytes
    beta: bool
    expires_in_s: float
    api_keys: frozenset[str] | None  # None: any accepted key may read it


@dataclass(frozen=True)
class LinkedFile:
    """The file a working link names."""

    file_id: str
    stored: StoredFile


@dataclass(frozen=True)
class _Link:
    file_id: str
    expires_at: float  # wall-clock seconds


class FileStore:
    """Thread-safe: the stored files, and the links given for them."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._files: dict[str, StoredFile] = {}
        self._links: dict[str, _Link] = {}
        self._clock = clock
        self._lock = threading.Lock()

    def add(self, file_id: str, stored: StoredFile) -> None:
        with self._lock:
            self._files[file_id] = stored

    def content_answer(
        self, file_id: str, *, beta: bool, key: str, base_url: str
    ) -> tuple[int, dict[str, Any]]:
        """A `/content` endpoint's answer: a new link to the file, or a 404."""
        with self._lock:
            stored = self._files.get(file_id)
        if stored is not None and beta and not stored.beta:
            return 404, {"detail": "Not Found"}
        if stored is None or not (stored.api_keys is None or key in stored.api_keys):
            return 404, {"detail": "File not found"}
        token = secrets.token_urlsafe(24)
        now = self._clock()
        expires_at = now + stored.expires_in_s
        with self._lock:
            stale = [t for t, link in self._links.items() if link.expires_at < now - FORGET_AFTER_S]
            for old in stale:
                del self._links[old]
            self._links[token] = _Link(file_id, expires_at)
        return 200, {
            "url": f"{base_url.rstrip('/')}{FILES_PREFIX}{token}",
            "expires_at": datetime.fromtimestamp(expires_at, UTC).isoformat(),
            "form_fields": None,
        }

    def linked_file(self, token: str) -> LinkedFile | FileAnswer:
        """The file a link names, or the bucket's 403 for an unknown or expired link."""
        now = self._clock()
        with self._lock:
            link = self._links.get(token)
            stored = self._files.get(link.file_id) if link is not None else None
        if link is None or stored is None:
            return 403, _s3_error("SignatureDoesNotMatch", SIGNATURE_MESSAGE), BUCKET_HEADERS
        if now >= link.expires_at:
            return 403, _s3_error("AccessDenied", "Request has expired"), BUCKET_HEADERS
        return LinkedFile(link.file_id, stored)


SIGNATURE_MESSAGE: Final = (
    "The request signature we calculated does not match the signature you provided."
)


def request_base_url(environ: Mapping[str, Any]) -> str:
    """The scheme, host and port a WSGI request came to (what a link on this server uses)."""
    scheme = environ.get("wsgi.url_scheme", "http")
    host = environ.get("HTTP_HOST")
    if not host:
        port = str(environ.get("SERVER_PORT", ""))
        default = "443" if scheme == "https" else "80"
        host = environ.get("SERVER_NAME", "localhost") + ("" if port == default else f":{port}")
    return f"{scheme}://{host}"


def _s3_error(code: str, message: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{message}</Message>"
        f"<RequestId>{secrets.token_hex(8).upper()}</RequestId></Error>"
    ).encode()
