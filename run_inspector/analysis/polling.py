"""How often to re-check a run that is not final yet: often at first, then backing off.

A status this app does not know is checked at the slowest interval: it may still change, but
nothing says it will soon.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Final

from run_inspector.analysis.times import seconds_between
from run_inspector.model.extraction import Extraction
from run_inspector.model.status import StatusClass, is_final

# (run younger than N seconds, check every M seconds)
POLL_SCHEDULE: Final = ((30.0, 2.0), (120.0, 5.0), (600.0, 10.0))
SLOWEST_POLL_SECONDS: Final = 30.0


def poll_interval(extraction: Extraction | None, now: datetime | None = None) -> float | None:
    """Seconds until the next check, or None when the run is final (or absent)."""
    if extraction is None:
        return None
    status_class = extraction.status.status_class
    if is_final(status_class):
        return None
    if status_class is StatusClass.UNKNOWN:
        return SLOWEST_POLL_SECONDS
    age = seconds_between(extraction.created_at, now or datetime.now(UTC)) or 0.0
    for younger_than, every in POLL_SCHEDULE:
        if age < younger_than:
            return every
    return SLOWEST_POLL_SECONDS
