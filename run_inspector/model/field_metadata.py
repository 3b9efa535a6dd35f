"""Reads citation and confidence entries into per-field metadata keyed by field path.

Both API generations send these entries in the same shapes; each adapter finds where its
version keeps them and calls this one reader.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final

from run_inspector.model.field_path import FieldPath, Step, from_steps
from run_inspector.model.json_text import cell_text

MAX_DEPTH: Final = 64
CONFIDENCE_KEYS: Final = ("confidence", "extraction_confidence", "parsing_confidence")
ENTRY_KEYS: Final = ("citation", *CONFIDENCE_KEYS)
# Keys that might wrap the per-item list of a list target (v2 names included).
ITEM_LIST_KEYS: Final = ("items", "rows", "pages", "data", "page_metadata", "row_metadata")
_MAX_INDEX_DIGITS: Final = 9
_MAX_ITEM_NESTING: Final = 3


@dataclass(frozen=True)
class BoundingBox:
    """A cited region as sent: PDF points, origin at the page's top left, y pointing down."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class PageSize:
    """The cited page's size, in the boxes' units."""

    width: float
    height: float


@dataclass(frozen=True)
class Citation:
    page: int | None
    matching_text: str | None
    # Every entry of `bounding_boxes`; `boxes` keeps those with four finite numbers.
    bounding_box_count: int
    boxes: tuple[BoundingBox, ...] = ()
    page_size: PageSize | None = None


@dataclass(frozen=True)
class FieldMeta:
    confidence: float | None = None
    extraction_confidence: float | None = None
    parsing_confidence: float | None = None
    citations: tuple[Citation, ...] = ()
    reasoning: str | None = None


# One shared empty entry: a walk over a large run should not build one per field to compare.
NO_META: Final = FieldMeta()


def field_metadata_by_path(field_metadata: Any, data: Any) -> dict[FieldPath, FieldMeta]:
    """Per-field metadata of one object (or list) of extracted values, by field path."""
    out: dict[FieldPath, FieldMeta] = {}
    if isinstance(field_metadata, Mapping):
        _walk_container(field_metadata, data, (), 0, out, root=True)
    elif isinstance(field_metadata, list):
        _walk_items(field_metadata, data, (), 0, out)
    return out


def item_field_metadata(
    field_metadata: Any, index: int, item_count: int, item: Any
) -> dict[FieldPath, FieldMeta]:
    """Metadata of item `index` of a list, with paths relative to the item."""
    if _as_index(index) is None:
        return {}
    node = _item_node(field_metadata, index, item_count, item, 0)
    return field_metadata_by_path(node, item)


def items_field_metadata(
    field_metadata: Any, items: Sequence[Any]
) -> list[dict[FieldPath, FieldMeta]]:
    """Metadata of every item of a list, in order."""
    indexed = _index_keyed(field_metadata) if isinstance(field_metadata, Mapping) else None
    if indexed is not None:  # resolved once: looking it up per item would scan it per item
        return [field_metadata_by_path(indexed.get(i), item) for i, item in enumerate(items)]
    count = len(items)
    return [item_field_metadata(field_metadata, i, count, item) for i, item in enumerate(items)]


def entries_error(field_metadata: Any) -> str | None:
    """The error text the extractor may put beside the entries (an "error" key)."""
    error = field_metadata.get("error") if isinstance(field_metadata, Mapping) else None
    return error if isinstance(error, str) and error.strip() else None


# --- walking the metadata alongside the data -------------------------------------------------

_Out = dict[FieldPath, FieldMeta]
# Paths are plain tuples while walking; only the ones stored become FieldPaths.
_Steps = tuple[Step, ...]


def _walk_node(
    node: Any, data: Any, path: _Steps, depth: int, out: dict[FieldPath, FieldMeta]
) -> None:
    if depth > MAX_DEPTH:
        return
    if isinstance(data, Mapping):
        _walk_object(node, data, path, depth, out)
    elif isinstance(data, list):
        _walk_list(node, data, path, depth, out)
    elif data is None:
        _walk_unknown(node, path, depth, out)
    elif isinstance(node, Mapping):
        _add_entry(node, path, out)


def _walk_object(node: Any, data: Mapping[str, Any], path: _Steps, depth: int, out: _Out) -> None:
    if not isinstance(node, Mapping):
        return
    # One entry for a whole object is only believable when none of its keys is a field.
    shared = any(key in data for key in node if key != "reasoning")
    if _looks_like_entry(node) and not shared:
        _add_entry(node, path, out)
    else:
        _walk_container(node, data, path, depth, out)


def _walk_list(node: Any, data: list[Any], path: _Steps, depth: int, out: _Out) -> None:
    if isinstance(node, list):
        _walk_items(node, data, path, depth, out)
        return
    if not isinstance(node, Mapping):
        return
    indexed = _index_keyed(node)
    if indexed is None:
        _add_entry(node, path, out)  # a single entry for the whole list
        return
    for i, child in sorted(indexed.items()):
        _walk_node(child, data[i] if i < len(data) else None, (*path, i), depth + 1, out)


def _walk_unknown(node: Any, path: _Steps, depth: int, out: _Out) -> None:
    """No data to compare with (missing or null value): guess from the node's own shape."""
    if isinstance(node, list):
        _walk_items(node, None, path, depth, out)
    elif isinstance(node, Mapping):
        if _looks_like_entry(node):
            _add_entry(node, path, out)
        else:
            _walk_container(node, None, path, depth, out)


def _walk_container(
    node: Mapping[Any, Any],
    data: Any,
    prefix: _Steps,
    depth: int,
    out: _Out,
    root: bool = False,
) -> None:
    fields = data if isinstance(data, Mapping) else {}
    for key, child in node.items():
        if not isinstance(key, str):
            continue
        # A plain string is never a field's entry (entries are dicts): it is the object's own.
        if key == "reasoning" and isinstance(child, str):
            if prefix:
                _set_reasoning(out, prefix, child)
            continue
        if root and key == "error" and key not in fields:
            continue
        _walk_node(child, fields.get(key), (*prefix, key), depth + 1, out)


def _walk_items(node: list[Any], data: Any, prefix: _Steps, depth: int, out: _Out) -> None:
    items = data if isinstance(data, list) else []
    for i, child in enumerate(node):
        _walk_node(child, items[i] if i < len(items) else None, (*prefix, i), depth + 1, out)


def _add_entry(node: Mapping[Any, Any], path: _Steps, out: _Out) -> None:
    if not path:
        return
    meta = _entry(node)
    if meta != NO_META:
        out[from_steps(path)] = meta


def _set_reasoning(out: _Out, path: _Steps, text: str) -> None:
    key = from_steps(path)
    out[key] = replace(out.get(key, NO_META), reasoning=text)


def _looks_like_entry(node: Mapping[Any, Any]) -> bool:
    if _is_citation_list(node.get("citation")):
        return True
    return any(_number(node.get(key)) is not None for key in CONFIDENCE_KEYS)


def _is_citation_list(value: Any) -> bool:
    """A list of citations, not a list of per-item entries of a field called `citation`."""
    if not isinstance(value, list):
        return False
    return not any(
        isinstance(item, Mapping) and any(key in item for key in ENTRY_KEYS) for item in value
    )


# --- list targets ----------------------------------------------------------------------------


def _item_node(field_metadata: Any, index: int, item_count: int, item: Any, depth: int) -> Any:
    if depth > _MAX_ITEM_NESTING:
        return None
    if isinstance(field_metadata, list):
        return field_metadata[index] if index < len(field_metadata) else None
    if not isinstance(field_metadata, Mapping):
        return None
    indexed = _index_keyed(field_metadata)
    if indexed is not None:
        return indexed.get(index)
    fields = item if isinstance(item, Mapping) else {}
    for key in ITEM_LIST_KEYS:
        wrapped = field_metadata.get(key)
        if key not in fields and isinstance(wrapped, list | Mapping):
            return _item_node(wrapped, index, item_count, item, depth + 1)
    columns = _column_slice(field_metadata, index, item_count, fields)
    if columns is not None:
        return columns
    return field_metadata if item_count == 1 else None


def _column_slice(
    field_metadata: Mapping[Any, Any], index: int, item_count: int, fields: Mapping[str, Any]
) -> dict[Any, Any] | None:
    """Item `index` of a field -> [one entry per item] layout, or None when it is not one."""
    sliced: dict[Any, Any] = {}
    for key, value in field_metadata.items():
        if isinstance(value, list) and len(value) == item_count:
            # With one item, a list beside an array field is that array's per-element entries.
            if item_count == 1 and isinstance(fields.get(key), list):
                return None
            if index < len(value):
                sliced[key] = value[index]
        elif isinstance(value, list | Mapping):
            return None
    return sliced or None


def _index_keyed(node: Mapping[Any, Any]) -> dict[int, Any] | None:
    """{index: entry} when every key is an item index ("0", "1", … or ints), else None."""
    indexed: dict[int, Any] = {}
    for key, value in node.items():
        if key == "error" and isinstance(value, str):
            continue
        index = _as_index(key)
        if index is None:
            return None
        indexed[index] = value
    return indexed or None


def _as_index(key: Any) -> int | None:
    if isinstance(key, bool):
        return None
    if isinstance(key, int):
        return key if key >= 0 else None
    if isinstance(key, str) and key.isascii() and key.isdigit():
        return int(key) if len(key) <= _MAX_INDEX_DIGITS else None
    return None


# --- leaf values -----------------------------------------------------------------------------


def _entry(node: Mapping[Any, Any]) -> FieldMeta:
    return FieldMeta(
        confidence=_number(node.get("confidence")),
        extraction_confidence=_number(node.get("extraction_confidence")),
        parsing_confidence=_number(node.get("parsing_confidence")),
        citations=_citations(node.get("citation")),
        reasoning=_text(node.get("reasoning")),
    )


def _citations(value: Any) -> tuple[Citation, ...]:
    if isinstance(value, Mapping):
        value = [value]
    if not isinstance(value, list):
        return ()
    return tuple(_citation(item) for item in value if isinstance(item, Mapping))


def _citation(item: Mapping[Any, Any]) -> Citation:
    boxes = item.get("bounding_boxes")
    entries = boxes if isinstance(boxes, list) else []
    return Citation(
        page=whole_number(item.get("page")),
        matching_text=_text(item.get("matching_text")),
        bounding_box_count=len(entries),
        boxes=tuple(box for entry in entries if (box := _box(entry)) is not None),
        page_size=_page_size(item.get("page_dimensions")),
    )


def _box(entry: Any) -> BoundingBox | None:
    if not isinstance(entry, Mapping):
        return None
    x, y, w, h = (_number(entry.get(key)) for key in ("x", "y", "w", "h"))
    if x is None or y is None or w is None or h is None:
        return None
    return BoundingBox(x, y, w, h)


def _page_size(value: Any) -> PageSize | None:
    if not isinstance(value, Mapping):
        return None
    width, height = _number(value.get("width")), _number(value.get("height"))
    if width is None or height is None or width <= 0 or height <= 0:
        return None
    return PageSize(width, height)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return None


def _text(value: Any) -> str | None:
    return None if value is None else cell_text(value)
