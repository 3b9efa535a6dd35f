"""Usage figures as labelled numbers: pages, tokens, credits, whatever the version has."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from run_inspector.model.extraction import Extraction, UsageFigure
from run_inspector.model.json_text import EMPTY

NO_CREDITS: Final = "This server does not report credits."

USAGE_LABELS: Final = {
    "pages_extracted": "Pages extracted",
    "pages_billed": "Pages billed",
    "document_tokens": "Document tokens",
    "output_tokens": "Output tokens",
    "credits": "Credits",
    "extract_credits": "Extract credits",
    "parse_credits": "Parse credits",
}


def usage_metrics(usage: Sequence[UsageFigure]) -> tuple[tuple[str, str], ...]:
    """(label, number) per figure; a figure this app has no label for is named as sent."""
    return tuple((USAGE_LABELS.get(f.name, f.name), number_text(f.value)) for f in usage)


def usage_note(extraction: Extraction) -> str | None:
    """What the figures cannot show: a server that refused to report usage (v2, before 2026-08)."""
    return NO_CREDITS if extraction.usage_refused else None


def number_text(value: int | float | None) -> str:
    """Like "1,204" or "3.25"; "—" when unknown."""
    if value is None:
        return EMPTY
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"
