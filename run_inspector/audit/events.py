"""One audit line: its fields, and its JSON text.

Only what says who did what: the time (UTC), the user, a hash of the session's random ID,
the action, the job IDs, the API version, the API's host, the outcome and the milliseconds.
Never the API key, a token or anything a run contains; the fields are typed so nothing else
can be passed in.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Final, Literal

Action = Literal[
    "signed_in",
    "signed_out",
    "access_refused",
    "run_opened",
    "runs_listed",
    "batch_started",
    "compared",
    "source_viewed",
    "downloaded",
]
ANONYMOUS: Final = "anonymous"
# Job IDs are checked IDs (UUIDs, ext-…), so a line stays short; a batch names at most this many.
MAX_JOB_IDS: Final = 200


@dataclass(frozen=True)
class AuditEvent:
    action: Action
    user: str = ANONYMOUS
    session: str = ""
    job_ids: Sequence[str] = field(default=())
    api_version: str | None = None
    host: str | None = None
    outcome: str | None = None
    ms: float | None = None


def session_hash(session_id: str) -> str:
    """What the log calls a session: its random ID, hashed, so the line cannot be used to
    take the session over."""
    return hashlib.sha256(session_id.encode()).hexdigest()[:16]


def audit_line(event: AuditEvent, now: datetime) -> str:
    """The event as one line of JSON, keys in a fixed order, without a newline."""
    record = {
        "time": now.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "user": event.user,
        "session": event.session,
        "action": event.action,
        "job_ids": list(event.job_ids[:MAX_JOB_IDS]),
        "api_version": event.api_version,
        "host": event.host,
        "outcome": event.outcome,
        "ms": None if event.ms is None else round(event.ms, 1),
    }
    if len(event.job_ids) > MAX_JOB_IDS:
        record["job_ids_total"] = len(event.job_ids)
    # ASCII only: an email from the provider could hold U+2028 and the like, which some
    # readers take as a line break; escaped, a line is always one line.
    return json.dumps(record, ensure_ascii=True, separators=(",", ":"))
