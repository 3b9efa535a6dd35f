"""Download buttons that ask before handing out a file and report it: the app registers who
listens (the sign-in gate and the audit trail), and every component's download data goes
through `reported`.

The file is built when it is clicked (deferred data), outside the script's run and without
any rerun, so the gate in app.py does not see the click. The listener is asked at drawing
time for a watch; on the click the watch says whether the person may still have the file
(raising refuses it), and records how it went.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol


class DownloadWatch(Protocol):
    def check(self) -> None:
        """Raise PermissionError if the file may no longer be handed out."""

    def record(self, error: BaseException | None) -> None:
        """The file was built (`error` None) or not."""


Listener = Callable[[Sequence[str]], DownloadWatch]

_listeners: list[Listener] = []


def listen_for_downloads(listener: Listener) -> None:
    """Register the one listener (app.py does, on every run; the same function each time)."""
    _listeners[:] = [listener]


def reported(data: bytes | Callable[[], bytes], job_ids: Sequence[str] = ()) -> Callable[[], bytes]:
    """`data` for st.download_button: built on the click (as before, when it was a
    callable), and reported as downloaded, or as failed."""
    watches = [listener(tuple(job_ids)) for listener in _listeners]

    def build() -> bytes:
        try:
            for watch in watches:
                watch.check()
            payload = data() if callable(data) else data
        except Exception as exc:
            for watch in watches:
                watch.record(exc)
            raise
        for watch in watches:
            watch.record(None)
        return payload

    return build
