"""The field filter: one case-insensitive search that narrows data and schema alike."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from run_inspector.analysis.data_tables import SUMMARY_COLUMNS


def matches(path: str, query: str) -> bool:
    """Whether a field path contains the query, ignoring case; a blank query matches all."""
    return query.strip().casefold() in str(path).casefold()


def filter_rows(paths: Iterable[str], query: str) -> list[bool]:
    """A mask over field paths: which ones contain the query (all of them for no query)."""
    return [matches(path, query) for path in paths]


def filter_columns(frame: pd.DataFrame, query: str) -> pd.DataFrame:
    """Keep the index and summary columns, and the data columns whose name matches."""
    if not query.strip():
        return frame
    fixed = list(frame.columns[:1]) + [c for c in SUMMARY_COLUMNS if c in frame.columns]
    matching = [
        c
        for c, keep in zip(frame.columns, filter_rows(frame.columns, query), strict=True)
        if keep and c not in fixed
    ]
    return frame[fixed + matching]
