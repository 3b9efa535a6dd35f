"""CSV downloads that a spreadsheet opens as data, never as formulas."""

from __future__ import annotations

import re
from typing import Any, Final

import pandas as pd

# OWASP's list: a cell starting with one of these is run as a formula by spreadsheets.
FORMULA_PREFIXES: Final = ("=", "+", "-", "@", "\t", "\r")


def safe_file_part(text: str, limit: int = 80) -> str:
    """A piece of a download's file name: only letters, digits, dot, dash and underscore."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", text)[:limit].strip("._")
    return cleaned or "run"


def neutralize_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    safe = frame.copy()
    safe.columns = [neutralize_cell(str(c)) for c in safe.columns]
    for name in safe.columns:
        if safe[name].dtype == object or pd.api.types.is_string_dtype(safe[name]):
            safe[name] = safe[name].map(neutralize_cell)
    return safe.to_csv(index=False).encode("utf-8")
