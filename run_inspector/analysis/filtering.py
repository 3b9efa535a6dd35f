"""The field filter: one case-insensitive search that narrows data and schema alike.

A query without an item index (`line_items.amount`) matches a path's keys alone, so data
`line_items[2].amount` and schema `line_items[].amount` both match it. A query with an index
(`line_items[2]`) names data, so it matches only data paths' text, never schema rows, and
keeps the row of the array it steps into (`line_items`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

import pandas as pd

from run_inspector.analysis.data_tables import SUMMARY_COLUMNS
from run_inspector.model.field_path import ANY_ITEM, ROOT, FieldPath

# An item index is a `[` and a digit, unless the `[` is escaped as part of a key (`x\[1`).
_INDEXED: Final = re.compile(r"(?:^|[^\\])(?:\\\\)*\[\d")


@dataclass(frozen=True)
class Query:
    text: str
    indexed: bool

    @classmethod
    def of(cls, query: str) -> Query:
        text = query.strip().casefold()
        if _INDEXED.search(text):
            return cls(text, indexed=True)
        # `[]` (or a `[` still being typed) says "any item": the keys alone are compared.
        return cls(text.replace("[]", "").removesuffix("["), indexed=False)

    @property
    def blank(self) -> bool:
        return not self.text

    def hits(self, text: str) -> bool:
        """Whether an indexed query names this data path text, or steps into it: the row of
        an array or item the query goes inside stays, as the way to what it names."""
        return self.text in text or (bool(text) and self.text.startswith((f"{text}[", f"{text}.")))

    def matches(self, path: FieldPath) -> bool:
        if self.indexed:
            if path.is_schema:
                return False
            return self.hits(path.render().casefold())
        keys = path.without_indices()
        # Both spellings of a key holding a dot: as rendered (`a\.b`) and as typed (`a.b`).
        plain = ".".join(str(key) for key in keys)
        return self.text in keys.render().casefold() or self.text in plain.casefold()


def as_path(path: FieldPath | str) -> FieldPath:
    """A path, or the path a text form names; text that is none names a single key."""
    if isinstance(path, FieldPath):
        return path
    try:
        return FieldPath.parse(str(path))
    except ValueError:
        return FieldPath((str(path),))


def filter_rows(
    paths: Iterable[FieldPath | str], query: str, *, schema: bool = False
) -> list[bool]:
    """A mask over field paths: which ones match the query (all of them for no query).

    `schema` says the paths are schema rows: a query with an index matches none of them,
    even a top-level field whose path carries no `[]`."""
    parsed = Query.of(query)
    if schema and parsed.indexed:
        return [False for _ in paths]
    return [parsed.blank or parsed.matches(as_path(p)) for p in paths]


def filter_columns(frame: pd.DataFrame, query: str, array: FieldPath | None = None) -> pd.DataFrame:
    """Keep the index and summary columns, and the data columns whose path matches.

    The frame has one row per item, its first column the 0-based item index; columns are
    paths inside one item. `array` is the array the items belong to (None for a list target's
    own items). A query with an index narrows the rows to the items it names.
    """
    parsed = Query.of(query)
    if parsed.blank:
        return frame
    fixed = list(frame.columns[:1]) + [c for c in SUMMARY_COLUMNS if c in frame.columns]
    data = [c for c in frame.columns if c not in fixed]
    columns = {c: as_path(c) for c in data}
    if not parsed.indexed:
        base = ROOT if array is None else array.child(ANY_ITEM)
        return frame[fixed + [c for c in data if parsed.matches(base.joined(columns[c]))]]
    return _filter_items(frame, parsed, array or ROOT, fixed, columns)


def _filter_items(
    frame: pd.DataFrame,
    query: Query,
    array: FieldPath,
    fixed: Sequence[str],
    columns: dict[str, FieldPath],
) -> pd.DataFrame:
    # Work on text pieces: an item's path text plus a column's tail is the cell's path text.
    tails = {c: path.render_tail().casefold() for c, path in columns.items()}
    head = array.render().casefold()
    rows: list[int] = []
    kept: set[str] = set()
    for position, index in enumerate(frame.iloc[:, 0].tolist()):
        item = f"{head}[{index}]"
        hits = [c for c, tail in tails.items() if query.hits(item + tail)]
        if hits or query.hits(item):
            rows.append(position)
            kept.update(hits)
    return frame.iloc[rows][[*fixed, *(c for c in columns if c in kept)]]
