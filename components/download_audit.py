"""Download buttons that report each file they hand out: the app registers who listens (the
audit trail), and every component's download data goes through `reported`.

The file is built when it is clicked (deferred data), outside the script's run; the
listener is asked at drawing time for a recorder, which is called once the file is built.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

Recorder = Callable[[BaseException | None], None]
Listener = Callable[[Sequence[str]], Recorder]

_listeners: list[Listener] = []


def listen_for_downloads(listener: Listener) -> None:
    """Register the one listener (app.py does, on every run; the same function each time)."""
    _listeners[:] = [listener]


def reported(data: bytes | Callable[[], bytes], job_ids: Sequence[str] = ()) -> Callable[[], bytes]:
    """`data` for st.download_button: built on the click (as before, when it was a
    callable), and reported as downloaded, or as failed."""
    recorders = [listener(tuple(job_ids)) for listener in _listeners]

    def build() -> bytes:
        try:
            payload = data() if callable(data) else data
        except Exception as exc:
            for record in recorders:
                record(exc)
            raise
        for record in recorders:
            record(None)
        return payload

    return build
