"""Where audit lines go: stdout (the container convention), or the file named by
`RUN_INSPECTOR_AUDIT_LOG`, appended to and never rotated (the platform owns that).

One line per write, under a lock, flushed at once, so lines from concurrent sessions never
interleave and none is lost when the process stops.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Final, TextIO

from run_inspector.audit.events import AuditEvent, audit_line

ENV_AUDIT_LOG: Final = "RUN_INSPECTOR_AUDIT_LOG"


class AuditLog:
    def __init__(
        self,
        path: Path | None = None,
        stream: TextIO | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """`path`: a file to append to; else `stream` (stdout by default)."""
        self._path = path
        self._stream = stream
        self._clock = clock
        self._lock = threading.Lock()

    @classmethod
    def from_environment(cls, env: Mapping[str, str]) -> AuditLog:
        named = env.get(ENV_AUDIT_LOG, "").strip()
        return cls(path=Path(named)) if named else cls()

    def write(self, event: AuditEvent) -> None:
        line = audit_line(event, self._clock()) + "\n"
        with self._lock:
            if self._path is not None:
                with self._path.open("a", encoding="utf-8") as out:
                    out.write(line)
                return
            stream = self._stream or sys.stdout
            stream.write(line)
            stream.flush()
