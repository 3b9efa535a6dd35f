"""Two runs' extracted data, field by field: what is equal, changed, or on one side only.

Both runs are walked to their leaves (scalars, arrays of scalars, empty containers); arrays
of objects step into their items, paired by index, or by a key field when one is given
(`line_items[].sku`). A list target (per page, per table row) pairs its items the same way,
its key written `[].sku`. Each pair of leaves gets one state; strings that differ only in
whitespace are flagged; confidences, cited pages and schema problems come from each side's
own metadata and report, at that side's own path.

Rows are named by a label: the typed path, items by index (`line_items[2].qty`), or by the
key's value when a key pairs them (`line_items[sku=C].qty`, see `key_tag`). Each row also
keeps its typed path (A's, else B's), which the compare page's filter reads (diff_filter).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

import pandas as pd

from run_inspector.analysis.run_report import RunReport
from run_inspector.analysis.shared_frame import SharedFrame
from run_inspector.model.field_metadata import NO_META, FieldMeta
from run_inspector.model.field_path import ANY_ITEM, ROOT, FieldPath, from_steps, key_text
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
# A key's value longer than this is cut in labels and notes (the cell shows it whole).
MAX_KEY_LABEL: Final = 40
# How many of the repeated key values a note names.
NOTE_EXAMPLES: Final = 5
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
    # Where each row's leaf sits, row for row with the frame: A's side, else B's (`Side`'s
    # path and item). `paths` puts them together.
    side_paths: tuple[FieldPath, ...] = dataclasses.field(repr=False)
    side_items: tuple[int | None, ...] = dataclasses.field(repr=False)
    # Whether every label is its row's typed path as text (no key paired any items).
    labels_are_paths: bool

    @functools.cached_property
    def paths(self) -> tuple[FieldPath, ...]:
        """Each row's typed path, row for row with the frame: A's (with A's indices), else
        B's when the row is B's only; a list result's items as `[i]…`. Put together on first
        use (the filter) and kept: for a list result that is a new path per row, which the
        walk does not pay for."""
        pairs = zip(self.side_paths, self.side_items, strict=True)
        return tuple(path if item is None else from_steps((item, *path)) for path, item in pairs)


def data_diff(a: RunReport, b: RunReport, key: FieldPath | None = None) -> DataDiff:
    """The two runs' data compared leaf by leaf; `key` pairs the items of one array."""
    walker = _Walker(key)
    a_data, b_data = _present(a.extraction.data), _present(b.extraction.data)
    top = _At("", ROOT, Side(ROOT, None), Side(ROOT, None))
    pairs: Iterator[Pair]
    if _listed(a_data, b_data):
        # A list result against another, or against no result: items, each with its own
        # metadata (the side without a result has none).
        pairs = walker.items(top, a_data, b_data, listed=True)
    elif a_data is _MISSING and b_data is _MISSING:
        pairs = iter(())
    else:
        pairs = walker.pair(top, a_data, b_data)
    table = _Table(a, b)
    for label, va, vb, sa, sb in pairs:
        table.add(label, va, vb, sa, sb)
    frame = table.frame()
    notes = walker.key_notes()
    if key is not None and not walker.key_met:
        where = FieldPath(key[:-2]).render() or "the result"
        notes.append(f"The runs have no array of objects at {where} on both sides: "
                     f"nothing was paired by {key.render()}")  # fmt: skip
    counts = Counter(frame["State"])
    return DataDiff(
        frame=SharedFrame(frame),
        counts={state: counts.get(state, 0) for state in DIFF_STATES},
        key=key,
        notes=tuple(notes),
        side_paths=tuple(table.paths),
        side_items=tuple(table.items),
        labels_are_paths=not walker.key_met,
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
        item, paths from the item), others are steps in the path (inside the same list
        target's item, if any)."""
        if listed:
            return _At(self.label + tag, self.shape, Side(ROOT, i), Side(ROOT, j), self.depth + 1)
        a = Side(self.a.path.child(i), self.a.item) if i is not None else self.a
        b = Side(self.b.path.child(j), self.b.item) if j is not None else self.b
        return _At(self.label + tag, self.shape, a, b, self.depth + 1)


class _Walker:
    """Walks both sides at once; `notes` collects what the key alignment met.

    A row is named by a label: the typed path, items named by index (`line_items[2].qty`);
    items paired by a key are named by its value instead (`line_items[sku=C].qty`), since
    the two sides' indices differ.
    """

    def __init__(self, key: FieldPath | None) -> None:
        self.key = key
        self.key_met = False  # whether the key named an array the walk came to
        # What pairing by the key met, over every array it named (`[].items` names one per
        # outer item): arrays with items lacking the key, arrays with repeats, the repeats.
        self.arrays_missing = 0
        self.arrays_repeating = 0
        self.repeated: set[str] = set()

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
            pairing = self._by_key(field, a_items, b_items)
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
        self, field: str, a_items: list[Any], b_items: list[Any]
    ) -> list[tuple[int | None, int | None, str]]:
        """Items with equal key values pair in order (the second X with the second X); the
        rest are on one side only. Each pair's tag names it by the key's value (`key_tag`),
        a tag met again numbered from the second on: `[sku=X]#2`."""
        a_keys = [_key_value(item, field) for item in a_items]
        b_keys = [_key_value(item, field) for item in b_items]
        b_by_key: dict[str | None, list[int]] = defaultdict(list)
        for position, value in enumerate(b_keys):
            b_by_key[value].append(position)
        paired: dict[str | None, int] = {}  # how many of each value's B items are taken
        tags = _Tags(field)
        pairing: list[tuple[int | None, int | None, str]] = []
        for i, value in enumerate(a_keys):
            matches = b_by_key.get(value)
            taken = paired.get(value, 0)
            j: int | None = None
            if matches is not None and taken < len(matches):
                j = matches[taken]
                paired[value] = taken + 1
            pairing.append((i, j, tags.tag(value)))
        for value, rest in b_by_key.items():
            pairing += [(None, j, tags.tag(value)) for j in rest[paired.get(value, 0) :]]
        self._note(a_keys, b_keys)
        return pairing

    def _note(self, a_keys: list[str | None], b_keys: list[str | None]) -> None:
        if None in a_keys or None in b_keys:
            self.arrays_missing += 1
        repeated = {v for v in _repeated(a_keys) | _repeated(b_keys) if v is not None}
        if repeated:
            self.arrays_repeating += 1
            self.repeated |= repeated

    def key_notes(self) -> list[str]:
        """What pairing by the key met, one note per kind for the key's array (the key names
        one array path; `[].items[].sku` names the `items` of every outer item)."""
        if self.key is None or not self.key_met:
            return []
        field = str(self.key[-1])
        array = FieldPath(ANY_ITEM if type(s) is int else s for s in self.key[:-2])
        where = array.render() or "the items"
        notes: list[str] = []
        if self.arrays_missing:
            notes.append(f"{where}: items without {field!r} were paired in order"
                         f"{_in_arrays(self.arrays_missing)}")  # fmt: skip
        if self.repeated:
            values = sorted(self.repeated)
            named = ", ".join(_value_text(v) for v in values[:NOTE_EXAMPLES])
            if len(values) > NOTE_EXAMPLES:
                named += f", … {len(values):,} values"
            notes.append(f"{where}: {field} repeats ({named}){_in_arrays(self.arrays_repeating)}"
                         "; repeats were paired in order")  # fmt: skip
        return notes


class _Tags:
    """The tags of one array's items paired by a key: `[sku=X]`, a tag already given
    numbered from the second on (`[sku=X]#2`: the second X, or a second long value cut to
    the same text), so every item of the array has a tag of its own."""

    def __init__(self, field: str) -> None:
        self._field = key_text(field)
        self._seen: dict[str, int] = {}

    def tag(self, value: str | None) -> str:
        base = key_tag(self._field, value)
        seen = self._seen.get(base, 0) + 1
        self._seen[base] = seen
        return base if seen == 1 else f"{base}#{seen}"


def key_tag(field: str, value: str | None) -> str:
    """The tag of an item paired by the key `field` (as written in a path): `[sku=C]`, the
    value quoted as JSON when it is not a plain word (`[sku="X #2"]`, `[sku="a\\"b"]`) and
    cut when long (`[sku="AAAA"…]`); `[no sku]` when the item has no such field. No value
    reads as another value's tag, nor as the missing one's."""
    return f"[no {field}]" if value is None else f"[{field}={_value_text(value)}]"


# A value written bare in a tag: letters, digits and `_ . : / @ + -`, nothing that quotes,
# spaces, closes the tag or marks a repeat.
_PLAIN_VALUE: Final = re.compile(r"[\w.:/@+-]+")
# Line breaks JSON leaves as they are (with non-ASCII kept readable), flattened all the same.
_BREAKS: Final = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def _value_text(value: str) -> str:
    """A key's value as a tag or a note names it: bare when a plain word, else quoted as
    JSON on one line; cut past MAX_KEY_LABEL characters, the `…` after the closing quote
    (a whole value, even one ending in `…`, ends with the quote)."""
    if len(value) <= MAX_KEY_LABEL and _PLAIN_VALUE.fullmatch(value):
        return value
    cut = len(value) > MAX_KEY_LABEL
    quoted = json.dumps(value[:MAX_KEY_LABEL] if cut else value, ensure_ascii=False)
    return quoted.translate(_BREAKS) + ("…" if cut else "")


def _in_arrays(count: int) -> str:
    return f", in {count:,} arrays" if count > 1 else ""


_SCALARS: Final = frozenset({str, int, float, bool, type(None), type(_MISSING)})


@functools.lru_cache(maxsize=4096)
def _name_texts(name: str) -> tuple[str, str]:
    """A field name as a path's first step and as a later one (`name`, `.name`); the same
    names repeat in every item, so each is spelled once."""
    path = FieldPath((name,))
    return path.render(), path.render_tail()


def _key_value(item: Any, field: str) -> str | None:
    """The value items pair on, as the table shows it (12 and "12" pair: a key whose type
    changed still pairs, its row says "changed type"); None for an item without it."""
    value = item.get(field, _MISSING) if isinstance(item, dict) else _MISSING
    return None if value is _MISSING else cell_text(value)


def _repeated(values: list[str | None]) -> set[str | None]:
    if len(set(values)) == len(values):
        return set()
    return {value for value, count in Counter(values).items() if count > 1}


def _present(value: Any) -> Any:
    return _MISSING if value is None else value


def _listed(va: Any, vb: Any) -> bool:
    """Two results walked as list results: a list on one side at least, and on the other a
    list or nothing."""
    present = [v for v in (va, vb) if v is not _MISSING]
    return bool(present) and all(isinstance(v, list) for v in present)


def _both_objects(va: Any, vb: Any) -> bool:
    """Step into fields when both sides (that are there) are objects and one has fields;
    two empty objects are one leaf, so the row says they are equal."""
    present = [v for v in (va, vb) if v is not _MISSING]
    return all(isinstance(v, dict) for v in present) and any(present)


def _both_object_arrays(va: Any, vb: Any) -> bool:
    """Step into items when both sides (that are there) are arrays of objects and one has
    items: an empty array against items lists each item on the other side; two empty
    arrays are one leaf, as two empty objects are."""
    present = [v for v in (va, vb) if v is not _MISSING]
    return all(
        isinstance(v, list) and all(isinstance(x, dict) for x in v) for v in present
    ) and any(present)


class _Table:
    """The rows, gathered column by column (a 20,000-item pair has 160,000 of them)."""

    def __init__(self, a: RunReport, b: RunReport) -> None:
        self._columns: dict[str, list[Any]] = {name: [] for name in DIFF_COLUMNS}
        self._a, self._b = _SideReader(a, self._columns, "A"), _SideReader(b, self._columns, "B")
        self._fields = self._columns["Field"]
        self._states = self._columns["State"]
        self._whitespace = self._columns["Whitespace only"]
        # Each row's side, A's else B's: its path and item (not the Side, to keep less).
        self.paths: list[FieldPath] = []
        self.items: list[int | None] = []

    def add(self, label: str, va: Any, vb: Any, sa: Side | None, sb: Side | None) -> None:
        state, whitespace = compare_values(va, vb)
        side = sa or sb or _NOWHERE
        self.paths.append(side.path)
        self.items.append(side.item)
        self._fields.append(label or WHOLE_DATA)
        self._states.append(state)
        self._whitespace.append(whitespace)
        self._a.add(va, sa)
        self._b.add(vb, sb)

    def frame(self) -> pd.DataFrame:
        columns = self._columns
        frame = pd.DataFrame({k: v for k, v in columns.items() if k != "Confidence change"})
        for name in ("A confidence", "B confidence"):
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("Float64")
        frame["Confidence change"] = frame["B confidence"] - frame["A confidence"]
        return frame[list(DIFF_COLUMNS)]


_NOWHERE: Final = Side(ROOT, None)  # never a row's: each row has a side at least


class _SideReader:
    """One side's metadata and schema problems, read at that side's own paths."""

    def __init__(self, report: RunReport, columns: dict[str, list[Any]], name: str) -> None:
        metadata = report.extraction.metadata
        self._document = metadata.document
        self._items = metadata.items
        self._problems = report.problems_by_item
        # This side's columns, looked up once (the table adds a row per leaf).
        self._values = columns[name]
        self._confidences = columns[f"{name} confidence"]
        self._pages = columns[f"{name} pages"]
        self._problem_texts = columns[f"{name} problems"]

    def add(self, value: Any, side: Side | None) -> None:
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
        self._values.append("" if value is _MISSING else _text(value))
        self._confidences.append(meta.confidence)
        self._pages.append(_pages(meta) if meta.citations else "")
        self._problem_texts.append(problems)


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
    # Equal once all whitespace is gone: OCR's spacing ("INV 0042", "ab" read as "a b").
    whitespace = isinstance(va, str) and isinstance(vb, str) and _unspaced(va) == _unspaced(vb)
    return "changed", whitespace


def _unspaced(text: str) -> str:
    return "".join(text.split())


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
