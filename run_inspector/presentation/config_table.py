"""The config table: one row per config field, with its default, whether it changed, and notes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import pandas as pd

from run_inspector.model.extraction import ConfigRow, Unreadable
from run_inspector.model.json_text import EMPTY, card_text
from run_inspector.presentation.unreadable_text import problem_text, sent_text

CONFIG_COLUMNS: Final = ("Field", "Value", "Default", "Changed", "Unreadable", "Note")


def config_table(rows: Sequence[ConfigRow]) -> pd.DataFrame:
    """A value that could not be read is shown as sent, its problem in the Note column."""
    records = [
        {
            "Field": row.field,
            "Value": card_text(row.value) if row.unreadable is None else sent_text(row.unreadable),
            "Default": card_text(row.default) if row.has_default else EMPTY,
            "Changed": row.changed,
            "Unreadable": row.unreadable is not None,
            "Note": _note(row.note, row.unreadable),
        }
        for row in rows
    ]
    return pd.DataFrame(records, columns=list(CONFIG_COLUMNS)).astype(
        {"Changed": bool, "Unreadable": bool}
    )


def _note(note: str, unreadable: Unreadable | None) -> str:
    if unreadable is None:
        return note
    return f"{problem_text(unreadable)}; {note}" if note else problem_text(unreadable)
