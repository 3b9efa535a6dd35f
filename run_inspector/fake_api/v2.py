"""What the fake LlamaCloud API does for Extract v2 beyond serving bytes.

- `expand`: a job's `configuration`, `extract_metadata` and `usage` come only when asked for;
  otherwise they are null (or, for `usage` on a server that predates it, absent).
- Query validation answered the way FastAPI does: `{"detail": [{"loc": [...], ...}]}`.
- A job that cycles RUNNING → COMPLETED → RUNNING, so each demo visitor can watch one run.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Final

EXPANDABLE: Final = ("configuration", "extract_metadata", "usage")
_USAGE: Final = "usage"
# The fake imports nothing of the app it fakes; FastAPI's uuid type accepts this form.
_HEX = "[0-9A-Fa-f]"
UUID_PATTERN: Final = re.compile(f"{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}")


def expanded_job(body: bytes, expand: Sequence[str], *, knows_usage: bool = True) -> bytes:
    """The job as the server would send it for these `expand` values.

    The stored bytes go out unchanged when nothing has to be hidden, so a test can compare
    the client's body with them; otherwise the job is written again with parts set to null.
    Bodies that are not a JSON object (deliberately broken ones) are served as stored.
    """
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        return body
    if not isinstance(payload, dict):
        return body
    shown = dict(payload)
    for part in EXPANDABLE:
        if part == _USAGE and not knows_usage:
            shown.pop(part, None)
        elif part in shown and part not in expand:
            shown[part] = None
    return body if shown == payload else json.dumps(shown).encode()


def refused_expand_values(values: Sequence[str], *, knows_usage: bool) -> list[dict[str, Any]]:
    """FastAPI's validation errors for `expand` values this server does not know."""
    known = [part for part in EXPANDABLE if knows_usage or part != _USAGE]
    expected = " or ".join(f"'{part}'" for part in known)
    return [
        {
            "type": "enum",
            "loc": ["query", "expand", index],
            "msg": f"Input should be {expected}",
            "input": value,
            "ctx": {"expected": expected},
        }
        for index, value in enumerate(values)
        if value not in known
    ]


def refused_scope_ids(query: Mapping[str, Sequence[str]]) -> list[dict[str, Any]]:
    """FastAPI's validation errors for project and organization IDs that are not UUIDs."""
    refused = []
    for name in ("project_id", "organization_id"):
        values = query.get(name)
        if values and not UUID_PATTERN.fullmatch(values[-1]):
            refused.append(
                {
                    "type": "uuid_parsing",
                    "loc": ["query", name],
                    "msg": "Input should be a valid UUID",
                    "input": values[-1],
                }
            )
    return refused


class CyclingBody:
    """The running body until `done_after_s` into a cycle, then the completed one.

    The first call starts a cycle; a call `restart_after_s` or more after the start of the
    current cycle starts a new one. Thread-safe: visitors share the one job. Its times are
    the cycle's own (created when the cycle started), so the page polls it as a fresh job.
    """

    def __init__(
        self,
        running: bytes,
        completed: bytes,
        *,
        done_after_s: float,
        restart_after_s: float,
        clock: Callable[[], float],
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        if not 0 <= done_after_s <= restart_after_s:
            raise ValueError("need 0 <= done_after_s <= restart_after_s")
        self._running = running
        self._completed = completed
        self._done_after_s = done_after_s
        self._restart_after_s = restart_after_s
        self._clock = clock
        self._wall_clock = wall_clock
        self._started: float | None = None
        self._started_wall = 0.0
        self._lock = threading.Lock()

    def __call__(self) -> bytes:
        now = self._clock()
        with self._lock:
            if self._started is None or now - self._started >= self._restart_after_s:
                self._started = now
                self._started_wall = self._wall_clock()
            elapsed = now - self._started
            started_wall = self._started_wall
        if elapsed >= self._done_after_s:
            return _timed(self._completed, started_wall, started_wall + self._done_after_s)
        return _timed(self._running, started_wall, started_wall + elapsed)


def _timed(body: bytes, created: float, updated: float) -> bytes:
    """The body with its created_at and updated_at set to these wall-clock times."""
    try:
        job = json.loads(body)
    except ValueError:
        return body
    if not isinstance(job, dict):
        return body
    job["created_at"] = datetime.fromtimestamp(created, UTC).isoformat()
    job["updated_at"] = datetime.fromtimestamp(updated, UTC).isoformat()
    return json.dumps(job).encode()
