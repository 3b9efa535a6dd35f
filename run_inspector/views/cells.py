"""How one JSON value is written in a table cell: text or JSON, never a Python repr."""

from __future__ import annotations

import json
from typing import Any, Final

NULL_TEXT: Final = "null"


def json_text(value: Any) -> str:
    """Compact JSON; non-ASCII kept readable."""
    try:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    except (TypeError, ValueError, RecursionError):
        return json.dumps(str(value), ensure_ascii=False)


def cell_text(value: Any) -> str:
    """Strings as they are; everything else as the JSON the API sent."""
    if isinstance(value, str):
        return value
    if value is None:
        return NULL_TEXT
    return json_text(value)
