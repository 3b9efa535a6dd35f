"""Two runs' extracted data, field by field: what is equal, changed, or on one side only.

Both runs are walked to their leaves (scalars, arrays of scalars, empty containers); arrays
of objects step into their items, paired by index, or by a key field when one is given
(`line_items[].sku`). A list target (per page, per table row) pairs its items the same way,
its key written `[].sku`. Each pair of leaves gets one state; whitespace-only differences
between strings are flagged; confidences, cited pages and schema problems come from each
side's own metadata and report, at that side's own path.
"""

from __future__ import annotations

import functools
import math
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

import pandas as pd

from run_inspector.analysis.run_report import RunReport
from run_inspector.analysis.shared_frame import SharedFrame
from run_inspector.model.field_metadata import NO_META, FieldMeta
from run_inspector.model.field_path import ANY_ITEM, ROOT, FieldPath
from run_inspector.model.json_text import cell_text

DiffState = Literal["equal", "changed", "changed type", "only in A", "only in B", "null in one"]
DIFF_STATES: Final[tuple[DiffState, ...]] = (
    "changed",
    "changed type",
    "null in one",
    "only in A",
    "only in B",
    "equal",
)
DIFF_COLUMNS: Final = (
    "Field",
    "State",
    "Whitespace only",
    "A",
    "B",
    "A confidence",
    "B confidence",
    "Confidence change",
    "A pages",
    "B pages",
    "A problems",
    "B problems",
)
# The row of two results that cannot be walked together (an object against a list).
WHOLE_DATA: Final = "(the whole result)"
# Deeper than this, a value is compared whole, as the run page shows it (as JSON).
MAX_DIFF_DEPTH: Final = 8
_MISSING: Final = object()


@dataclass(frozen=True)
class Side:
    """Where one side's leaf sits: its own path, and which list item (None for an object)."""

    path: FieldPath
    item: int | None


@dataclass(frozen=True, eq=False)
class DataDiff:
    """Shared by every session that opens the pair: frozen, its table read-only."""

    frame: SharedFrame
    counts: Mapping[DiffState, int]
    key: FieldPath | None
    # What the alignment met: duplicate keys (paired in order), items without the key.
    notes: tuple[str, ...]


def data_diff(a: RunReport, b: RunReport, key: FieldPath | None = None) -> DataDiff:
    """The two runs' data compared leaf by leaf; `key` pairs the items of one array."""
    walker = _Walker(key)
    a_data, b_data = a.extraction.data, b.extraction.data
    top = _At("", ROOT, Side(ROOT, None), Side(ROOT, None))
    if isinstance(a_data, list) and isinstance(b_data, list):
        pairs = walker.items(top, a_data, b_data, listed=True)
    else:
        pairs = walker.pair(top, _present(a_data), _present(b_data))
    table = _Table(a, b)
    for label, va, vb, sa, sb in pairs:
        table.add(label, va, vb, sa, sb)
    frame = table.frame()
    if key is not None and not walker.key_met:
        where = FieldPath(key[:-2]).render() or "the result"
        walker.notes.append(f"The runs have no array of objects at {where} on both sides: "
                            f"nothing was paired by {key.render()}")  # fmt: skip
    counts = Counter(frame["State"])
    return DataDiff(
        frame=SharedFrame(frame),
        counts={state: counts.get(state, 0) for state in DIFF_STATES},
        key=key,
        notes=tuple(walker.notes),
    )


Pair = tuple[str, Any, Any, Side | None, Side | None]


@dataclass(frozen=True)
class _At:
    """Where the walk is: the row label so far, the path without indices (to find the key's
    array), each side's own path and item, and the depth."""

    label: str
    shape: FieldPath
    a: Side
    b: Side
    depth: int = 0

    def field(self, name: str) -> _At:
        return _At(
            self.field_label(name),
            self.shape.child(name),
            Side(self.a.path.child(name), self.a.item),
            Side(self.b.path.child(name), self.b.item),
            self.depth + 1,
        )

    def sides(self, name: str, va: Any, vb: Any) -> tuple[Side | None, Side | None]:
        """Where field `name` sits on each side that has it."""
        side_a = Side(self.a.path.child(name), self.a.item) if va is not _MISSING else None
        side_b = Side(self.b.path.child(name), self.b.item) if vb is not _MISSING else None
        return side_a, side_b

    def field_label(self, name: str) -> str:
        first, tail = _name_texts(name)
        return self.label + tail if self.label else first

    def item(self, tag: str, i: int | None, j: int | None, *, listed: bool) -> _At:
        """Item i of A and j of B; a list target's items are the runs' own (metadata per
        item, paths from the item), others are steps in the path."""
        if listed:
            return _At(self.label + tag, self.shape, Side(ROOT, i), Side(ROOT, j), self.depth + 1)
        a = Side(self.a.path.child(i), None) if i is not None else self.a
        b = Side(self.b.path.child(j), None) if j is not None else self.b
        return _At(self.label + tag, self.shape, a, b, self.depth + 1)


class _Walker:
    """Walks both sides at once; `notes` collects what the key alignment met.

    A row is named by a label: the typed path, items named by index (`line_items[2].qty`);
    items paired by a key are named by its value instead (`line_items[sku=C].qty`), since
    the two sides' indices differ.
    """

    def __init__(self, key: FieldPath | None) -> None:
        self.key = key
        self.notes: list[str] = []
        self.key_met = False  # whether the key named an array the walk came to

    def pair(self, at: _At, va: Any, vb: Any) -> Iterator[Pair]:
        """Pairs of leaves under one pair of values (either may be _MISSING)."""
        if at.depth < MAX_DIFF_DEPTH and _both_objects(va, vb):
            a_obj = va if isinstance(va, dict) else {}
            b_obj = vb if isinstance(vb, dict) else {}
            for name in [*a_obj, *(name for name in b_obj if name not in a_obj)]:
                a_value, b_value = a_obj.get(name, _MISSING), b_obj.get(name, _MISSING)
                if type(a_value) in _SCALARS and type(b_value) in _SCALARS:
                    # Most leaves: named and placed without a walk position of their own.
                    yield at.field_label(name), a_value, b_value, *at.sides(name, a_value, b_value)
                else:
                    yield from self.pair(at.field(name), a_value, b_value)
        elif at.depth < MAX_DIFF_DEPTH and _both_object_arrays(va, vb):
            yield from self.items(at, va, vb, listed=False)
        else:
            side_a = at.a if va is not _MISSING else None
            side_b = at.b if vb is not _MISSING else None
            yield at.label, va, vb, side_a, side_b

    def items(self, at: _At, va: Any, vb: Any, *, listed: bool) -> Iterator[Pair]:
        """The items of two arrays, paired by the key when it names this array, else by
        index. `listed`: the runs' own items (a list target)."""
        a_items = va if isinstance(va, list) else []
        b_items = vb if isinstance(vb, list) else []
        field = self._key_field(at.shape)
        if field is None:
            count = max(len(a_items), len(b_items))
            pairing = [
                (i if i < len(a_items) else None, i if i < len(b_items) else None, f"[{i}]")
                for i in range(count)
            ]
        else:
            self.key_met = True
            pairing = self._by_key(at.label, field, a_items, b_items)
        for i, j, tag in pairing:
            item_a = a_items[i] if i is not None else _MISSING
            item_b = b_items[j] if j is not None else _MISSING
            yield from self.pair(at.item(tag, i, j, listed=listed), item_a, item_b)

    def _key_field(self, array: FieldPath) -> str | None:
        """The key's field when the key names this array (`array[].field`), else None.
        Compared without indices: `[].items[].sku` names `items` in any item."""
        key = self.key
        if key is None or len(key) < 2:
            return None
        if key[-2] is not ANY_ITEM or type(key[-1]) is not str:
            return None
        return key[-1] if FieldPath(key[:-2]).without_indices() == array else None

    def _by_key(
        self, label: str, field: str, a_items: list[Any], b_items: list[Any]
    ) -> list[tuple[int | None, int | None, str]]:
        """Items with equal key values pair in order (the second X with the second X); the
        rest are on one side only. Each pair's tag names it by the key's value."""
        b_by_key: dict[str, list[int]] = defaultdict(list)
        for j, item in enumerate(b_items):
            b_by_key[_key_text(item, field)].append(j)
        seen: Counter[str] = Counter()

        def tag(value: str) -> str:
            seen[value] += 1
            repeat = f" #{seen[value]}" if seen[value] > 1 else ""
            return f"[{field}={value}{repeat}]"

        pairing: list[tuple[int | None, int | None, str]] = []
        for i, item in enumerate(a_items):
            value = _key_text(item, field)
            matches = b_by_key.get(value, [])
            pairing.append((i, matches.pop(0) if matches else None, tag(value)))
        for value, rest in b_by_key.items():
            pairing += [(None, j, tag(value)) for j in rest]
        where = label or "the items"
        if seen[_NO_KEY]:
            self.notes.append(f"{where}: items without {field!r} were paired in order")
        repeated = sorted(v for v in _duplicated(a_items, b_items, field) if v != _NO_KEY)
        if repeated:
            listed = ", ".join(repeated[:5]) + (", …" if len(repeated) > 5 else "")
            self.notes.append(f"{where}: {field} repeats ({listed}); repeats were paired in order")
        return pairing


_NO_KEY: Final = "—"  # the tag of items that have no key field
_SCALARS: Final = frozenset({str, int, float, bool, type(None), type(_MISSING)})


@functools.lru_cache(maxsize=4096)
def _name_texts(name: str) -> tuple[str, str]:
    """A field name as a path's first step and as a later one (`name`, `.name`); the same
    names repeat in every item, so each is spelled once."""
    path = FieldPath((name,))
    return path.render(), path.render_tail()


def _key_text(item: Any, field: str) -> str:
    value = item.get(field, _MISSING) if isinstance(item, dict) else _MISSING
    return _NO_KEY if value is _MISSING else cell_text(value)


def _duplicated(a_items: list[Any], b_items: list[Any], field: str) -> set[str]:
    repeated: set[str] = set()
    for items in (a_items, b_items):
        counts = Counter(_key_text(item, field) for item in items)
        repeated |= {value for value, count in counts.items() if count > 1}
    return repeated


def _present(value: Any) -> Any:
    return _MISSING if value is None else value


def _both_objects(va: Any, vb: Any) -> bool:
    """Step into fields when both sides (that are there) are objects and one has fields;
    two empty objects are one leaf, so the row says they are equal."""
    present = [v for v in (va, vb) if v is not _MISSING]
    return all(isinstance(v, dict) for v in present) and any(present)


def _both_object_arrays(va: Any, vb: Any) -> bool:
    present = [v for v in (va, vb) if v is not _MISSING]
    return all(isinstance(v, list) and v and all(isinstance(x, dict) for x in v) for v in present)


class _Table:
    """The rows, gathered column by column (a 20,000-item pair has 160,000 of them)."""

    def __init__(self, a: RunReport, b: RunReport) -> None:
        self._a, self._b = _SideReader(a), _SideReader(b)
        self._columns: dict[str, list[Any]] = {name: [] for name in DIFF_COLUMNS}

    def add(self, label: str, va: Any, vb: Any, sa: Side | None, sb: Side | None) -> None:
        state, whitespace = compare_values(va, vb)
        columns = self._columns
        columns["Field"].append(label or WHOLE_DATA)
        columns["State"].append(state)
        columns["Whitespace only"].append(whitespace)
        self._a.add(columns, "A", va, sa)
        self._b.add(columns, "B", vb, sb)

    def frame(self) -> pd.DataFrame:
        columns = self._columns
        frame = pd.DataFrame({k: v for k, v in columns.items() if k != "Confidence change"})
        for name in ("A confidence", "B confidence"):
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("Float64")
        frame["Confidence change"] = frame["B confidence"] - frame["A confidence"]
        return frame[list(DIFF_COLUMNS)]


class _SideReader:
    """One side's metadata and schema problems, read at that side's own paths."""

    def __init__(self, report: RunReport) -> None:
        metadata = report.extraction.metadata
        self._document = metadata.document
        self._items = metadata.items
        self._problems = report.problems_by_item

    def add(self, columns: dict[str, list[Any]], name: str, value: Any, side: Side | None) -> None:
        meta = NO_META
        problems = ""
        if side is not None:
            if side.item is None:
                entries = self._document
            else:
                entries = self._items[side.item] if 0 <= side.item < len(self._items) else {}
            meta = entries.get(side.path, NO_META) if entries else NO_META
            if self._problems:
                problems = "; ".join(self._problems.get(side.item, {}).get(side.path, ()))
        columns[name].append("" if value is _MISSING else _text(value))
        columns[f"{name} confidence"].append(meta.confidence)
        columns[f"{name} pages"].append(_pages(meta) if meta.citations else "")
        columns[f"{name} problems"].append(problems)


def compare_values(va: Any, vb: Any) -> tuple[DiffState, bool]:
    """The state of one pair of leaves (either may be missing), and whether two strings
    differ only in whitespace."""
    kind = type(va)
    if kind is type(vb) and kind in _PLAIN and va == vb:
        return "equal", False  # the common case, first and cheap
    if va is _MISSING:
        return "only in B", False
    if vb is _MISSING:
        return "only in A", False
    if va is None or vb is None:
        return ("equal" if va is vb else "null in one"), False
    if _json_kind(va) != _json_kind(vb):
        return "changed type", False
    if _equal(va, vb):
        return "equal", False
    whitespace = isinstance(va, str) and isinstance(vb, str) and va.split() == vb.split()
    return "changed", whitespace


# Types whose == is JSON equality when both sides have the same type (floats: NaN is not).
_PLAIN: Final = frozenset({str, int, bool})


def _text(value: Any) -> str:
    """cell_text, with the common scalars spelled directly (the same text, much faster)."""
    kind = type(value)
    if kind is str:
        return str(value)
    if kind is int:
        return str(value)
    if kind is float and math.isfinite(value):
        return repr(value)
    return cell_text(value)


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _equal(va: Any, vb: Any) -> bool:
    """JSON equality: 12 equals 12.0, true never equals 1, NaN equals NaN."""
    if isinstance(va, float) and isinstance(vb, float) and math.isnan(va) and math.isnan(vb):
        return True
    if isinstance(va, list) and isinstance(vb, list):
        return len(va) == len(vb) and all(_same(x, y) for x, y in zip(va, vb, strict=True))
    if isinstance(va, dict) and isinstance(vb, dict):
        return va.keys() == vb.keys() and all(_same(va[k], vb[k]) for k in va)
    return bool(va == vb)


def _same(va: Any, vb: Any) -> bool:
    return _json_kind(va) == _json_kind(vb) and _equal(va, vb) if va is not None else vb is None


def _pages(meta: FieldMeta) -> str:
    pages = sorted({c.page for c in meta.citations if c.page is not None})
    return ", ".join(str(p) for p in pages)


def only_differences(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows whose state is not "equal"."""
    return frame[frame["State"] != "equal"]
