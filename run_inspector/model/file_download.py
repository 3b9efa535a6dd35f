"""A link to download a run's source file: where it is, and until when it works.

The link is presigned: whoever holds it can read the file until `expires_at`, so it is a
secret of sorts. It is kept out of `repr()` (and so out of logs and error pages); only the
bytes fetched from it, rendered, are ever shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from run_inspector.model.utc import as_utc


@dataclass(frozen=True)
class FileDownload:
    """A presigned download URL and the moment it stops working (None: the API did not say).

    `expires_at` is always time-zone aware (a time sent without a zone is taken as UTC).
    """

    url: str = field(repr=False)
    expires_at: datetime | None

    def is_expired(self, now: datetime, *, margin: timedelta = timedelta(0)) -> bool:
        """Whether the link no longer works at `now` (naive = UTC), or will within `margin`.

        A link whose expiry the API did not give is taken as working: the download tells.
        """
        if self.expires_at is None:
            return False
        return as_utc(now) + margin >= self.expires_at
