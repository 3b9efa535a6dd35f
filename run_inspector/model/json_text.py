"""How one JSON value is written in a table cell: text or JSON, never a Python repr."""

from __future__ import annotations

import json
from typing import Any, Final

NULL_TEXT: Final = "null"
# How a value that is not there reads in a table or a card.
EMPTY: Final = "—"
# Deeper than this, a cell's JSON says how much it left out instead of recursing further.
MAX_JSON_DEPTH: Final = 32


def json_text(value: Any, *, indent: int | None = None) -> str:
    """Compact JSON (or indented); non-ASCII kept readable; deep values cut at MAX_JSON_DEPTH."""
    try:
        return _dumps(value, indent)
    except (RecursionError, ValueError):
        return _dumps(_cut_depth(value, MAX_JSON_DEPTH), indent)
    except TypeError:
        return _dumps(str(value), indent)


# One encoder for every compact cell: json.dumps with options builds a new one per call,
# which was a third of the time spent writing 100,000 list cells.
_COMPACT: Final = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def _dumps(value: Any, indent: int | None = None) -> str:
    if not indent:
        return _COMPACT.encode(value)
    return json.dumps(value, ensure_ascii=False, indent=indent, separators=(",", ": "))


def _cut_depth(value: Any, levels_left: int) -> Any:
    if isinstance(value, dict | list) and levels_left <= 0:
        return f"… (nested deeper than {MAX_JSON_DEPTH} levels)"
    if isinstance(value, dict):
        return {str(k): _cut_depth(v, levels_left - 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_cut_depth(v, levels_left - 1) for v in value]
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def cell_text(value: Any) -> str:
    """Strings as they are; everything else as the JSON the API sent."""
    if isinstance(value, str):
        return value
    if value is None:
        return NULL_TEXT
    return json_text(value)


def first_line(text: str | None) -> str | None:
    """The first line that says something, for a table cell; None for no text."""
    lines = (text or "").strip().splitlines()
    return lines[0].strip() if lines else None


def count_text(count: int, noun: str) -> str:
    """Like "1 item" or "1,204 items"."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def card_text(value: Any) -> str:
    """A value in a card or config cell: "—" when null, strings as they are, else JSON."""
    return EMPTY if value is None else cell_text(value)
