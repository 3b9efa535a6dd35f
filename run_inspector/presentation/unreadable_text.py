"""How a value the adapter could not read is shown in place: as sent, then what is wrong."""

from __future__ import annotations

from typing import Final

from run_inspector.model.extraction import Unreadable
from run_inspector.model.json_text import EMPTY, json_text

# Enough to recognise the value; the raw JSON below the page has all of it.
MAX_SENT_CHARS: Final = 200
FLAG: Final = "⚠ unreadable"
MISSING_FLAG: Final = "⚠ missing"


def sent_text(unreadable: Unreadable) -> str:
    """The value as the API sent it, in JSON (a string keeps its quotes), cut if long."""
    if unreadable.missing:
        return EMPTY
    text = json_text(unreadable.sent)
    return text if len(text) <= MAX_SENT_CHARS else f"{text[: MAX_SENT_CHARS - 1]}…"


def problem_text(unreadable: Unreadable) -> str:
    """Like "⚠ unreadable: Input should be a valid boolean" or "⚠ missing: not sent, …"."""
    return f"{MISSING_FLAG if unreadable.missing else FLAG}: {unreadable.problem}"


def unreadable_text(unreadable: Unreadable) -> str:
    """The value and its problem in one cell: `"NaN" (⚠ unreadable: …)`."""
    return f"{sent_text(unreadable)} ({problem_text(unreadable)})"
