"""The one place a run's status word is read: it sorts every status into five classes.

The badge, polling, the duration and the cache lifetime all ask this module, so they cannot
disagree. Words come from both API generations (v1 runs and jobs, v2 jobs); any other word
is unknown, which is treated as not final: shown as sent, polled slowly, timed "so far".
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class StatusClass(StrEnum):
    WAITING = "waiting"
    DONE = "done"
    FAILED = "failed"
    STOPPED = "stopped"
    UNKNOWN = "unknown"


STATUS_CLASSES: Final[dict[str, StatusClass]] = {
    "CREATED": StatusClass.WAITING,  # v1 run
    "PENDING": StatusClass.WAITING,  # v1 run, v1 job, v2
    "THROTTLED": StatusClass.WAITING,  # v2
    "RUNNING": StatusClass.WAITING,  # v2
    "SUCCESS": StatusClass.DONE,  # v1 run, v1 job
    "PARTIAL_SUCCESS": StatusClass.DONE,  # v1 job
    "COMPLETED": StatusClass.DONE,  # v2
    "ERROR": StatusClass.FAILED,  # v1 run, v1 job
    "FAILED": StatusClass.FAILED,  # v2
    "CANCELLED": StatusClass.STOPPED,  # v1 job, v2
}
FINAL_CLASSES: Final = frozenset({StatusClass.DONE, StatusClass.FAILED, StatusClass.STOPPED})


def known_word(status: str) -> str | None:
    """The documented word this status spells (ignoring case and surrounding space), if any."""
    word = status.strip().upper()
    return word if word in STATUS_CLASSES else None


def classify(status: str) -> StatusClass:
    word = known_word(status)
    return STATUS_CLASSES[word] if word is not None else StatusClass.UNKNOWN


def is_final(status_class: StatusClass) -> bool:
    """Final runs no longer change; an unknown status might still, so it is not final."""
    return status_class in FINAL_CLASSES
