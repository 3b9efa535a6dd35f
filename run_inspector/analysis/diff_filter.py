"""The compare page's filter: the run page's filter (filtering.py) on each row's typed path,
or the query's text anywhere in the row's label.

A label names items paired by a key by the key's value (`line_items[sku=C].qty`), which is
no path: the filter reads the row's typed path instead (A's, with A's indices, else B's), so
`line_items.qty`, `line_items[].qty` and `line_items[2]` find keyed rows as they find rows
paired by index, and the label's text (`sku=C`) finds them as well.

Built for tables of 100,000 rows and more: what each row's path gives the filter is worked
out once per diff, on first use, and kept with it (the diff is shared and never changes);
each call then compares the query with texts. A query without an index is matched against
each distinct path without indices once (a 20,000-row table has 8 of them), not row by row.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from run_inspector.analysis.data_diff import DataDiff
from run_inspector.analysis.filtering import Query
from run_inspector.model.field_path import FieldPath

Mask = npt.NDArray[np.bool_]


def filter_diff(diff: DataDiff, query: str, rows: pd.DataFrame | pd.Index | None = None) -> Mask:
    """Which rows match the query (all of them for a blank one), as a boolean array.

    `rows`: the rows to test, a frame from `diff.frame.view()` (or its index), narrowed
    as the caller likes (`only_differences`) but with its index kept, since that index
    says which of the diff's rows each is. None: all the diff's rows, in order.
    """
    positions = _positions(diff, rows)
    parsed = Query.of(query)
    if parsed.blank:
        return np.ones(len(positions), dtype=np.bool_)
    texts = _texts(diff)
    text = query.strip().casefold()
    labels = texts.labels[positions]
    in_label = np.fromiter((text in label for label in labels), np.bool_, len(labels))
    if parsed.indexed:
        paths = texts.rendered(diff)[positions]
        on_path = np.fromiter((parsed.hits(p) for p in paths), np.bool_, len(paths))
    else:
        # Query.matches reads a path without its indices alone: once per distinct one.
        items = _items_query(query) if texts.listed else None
        hit = [parsed.matches(s) or (items is not None and items.matches(s)) for s in texts.shapes]
        on_path = np.array(hit, dtype=np.bool_)[texts.shape_of[positions]]
    return in_label | on_path


def _items_query(query: str) -> Query | None:
    """For a list result's rows, what `[].v` names: field `v` of any item (the run page's
    filter reads `[].v` as `.v`, which a path starting at an item's field never holds)."""
    text = query.strip()
    rest = text[2:].removeprefix(".") if text.startswith("[]") else ""
    return Query.of(rest) if rest else None


def _positions(diff: DataDiff, rows: pd.DataFrame | pd.Index | None) -> npt.NDArray[np.intp]:
    count = len(diff.frame)
    if rows is None:
        return np.arange(count, dtype=np.intp)
    index = rows.index if isinstance(rows, pd.DataFrame) else rows
    positions = np.asarray(index, dtype=np.intp)
    if len(positions) and (positions.min() < 0 or positions.max() >= count):
        raise ValueError("rows must keep the index of the diff's frame (its row numbers)")
    return positions


@dataclass(frozen=True, eq=False)
class _Texts:
    """What the filter compares, row for row with the diff's frame (kept for the diff, so
    never holding it: the weak key would never go)."""

    labels: npt.NDArray[np.object_]  # each label, case-folded
    shapes: tuple[FieldPath, ...]  # each distinct path without indices
    shape_of: npt.NDArray[np.intp]  # each row's, as a position in `shapes`
    listed: bool  # whether the rows are a list result's items (`[0].v`)

    def rendered(self, diff: DataDiff) -> npt.NDArray[np.object_]:
        """Each row's typed path as text, case-folded (for a query with an index)."""
        with _LOCK:
            cached = _RENDERED.get(diff)
        if cached is not None:
            return cached
        sides = zip(diff.side_paths, diff.side_items, strict=True)
        if diff.labels_are_paths:
            # No key paired items: each label is its path's text, the whole result's aside.
            rows = zip(self.labels, sides, strict=True)
            texts = [label if path or item is not None else "" for label, (path, item) in rows]
        else:
            texts = [_typed_text(path, item).casefold() for path, item in sides]
        rendered = _objects(texts)
        with _LOCK:
            return _RENDERED.setdefault(diff, rendered)


def _typed_text(path: FieldPath, item: int | None) -> str:
    """The text of a row's typed path (DataDiff.paths), from its side's path and item."""
    return path.render() if item is None else f"[{item}]{path.render_tail()}"


def _texts(diff: DataDiff) -> _Texts:
    with _LOCK:
        cached = _TEXTS.get(diff)
    if cached is not None:
        return cached
    labels = _objects([str(label).casefold() for label in diff.frame.view()["Field"]])
    # A row's path without indices is its side's path without indices: a list result's
    # item number is an index too.
    codes: dict[FieldPath, int] = {}
    shape_of = np.fromiter(
        (codes.setdefault(path.without_indices(), len(codes)) for path in diff.side_paths),
        np.intp,
        len(labels),
    )
    listed = any(item is not None for item in diff.side_items[:1])
    texts = _Texts(labels, tuple(codes), shape_of, listed)
    with _LOCK:
        # Two sessions may build it at once: both are the same, the first one stays.
        return _TEXTS.setdefault(diff, texts)


def _objects(texts: list[str]) -> npt.NDArray[np.object_]:
    array = np.empty(len(texts), dtype=object)
    array[:] = texts
    return array


# Kept as long as the diff is (the shared cache holds it); built by whichever session
# filters first.
_LOCK: Final = threading.Lock()
_TEXTS: Final[weakref.WeakKeyDictionary[DataDiff, _Texts]] = weakref.WeakKeyDictionary()
_RENDERED: Final[weakref.WeakKeyDictionary[DataDiff, npt.NDArray[np.object_]]] = (
    weakref.WeakKeyDictionary()
)
