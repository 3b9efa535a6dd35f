"""One row per field path joining value, schema, confidence, citations, reasoning and problems."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd

from run_inspector.analysis.schema_fields import SchemaResolver, type_text
from run_inspector.model.field_metadata import FieldMeta
from run_inspector.model.field_path import ROOT, FieldPath
from run_inspector.model.json_text import cell_text, count_text

MAX_FIELD_DEPTH: Final = 8
MAX_CELL_CHARS: Final = 200
STATE_VALUE: Final = "value"
STATE_NULL: Final = "null"
STATE_MISSING: Final = "missing"
STATE_UNKNOWN: Final = "not in schema"
STATE_TABLE: Final = "table below"
STATE_DEEP: Final = "nested deeper, shown as JSON"
CONFIDENCE: Final = "Confidence"
# The three scores a field's metadata can carry, each a column of its table.
CONFIDENCE_SCORES: Final = (CONFIDENCE, "Extraction confidence", "Parsing confidence")
# Value, confidence, problems and citations first: the schema panel beside already shows
# type, required and description.
FIELD_COLUMNS: Final = (
    "Field",
    "Value",
    "Confidence",
    "Problems",
    "Pages",
    "Cited text",
    "State",
    "Type",
    "Required",
    "Reasoning",
    "Description",
    "Extraction confidence",
    "Parsing confidence",
    "Boxes",
)


@dataclass(frozen=True)
class ObjectArray:
    """An array of objects met while walking: shown as its own table with the item index."""

    path: FieldPath
    items: list[Any]
    item_schema: Mapping[str, Any]


@dataclass(frozen=True)
class FieldWalk:
    rows: list[FieldRow]
    arrays: list[ObjectArray]


@dataclass(frozen=True)
class FieldRow:
    """Everything known about one field path; `value` is the full text, never cut."""

    path: FieldPath
    value: str
    state: str
    type_text: str
    required: bool
    description: str
    meta: FieldMeta
    problems: tuple[str, ...]

    @property
    def pages(self) -> str:
        pages = sorted({c.page for c in self.meta.citations if c.page is not None})
        return ", ".join(str(p) for p in pages)

    @property
    def cited_text(self) -> str:
        return " | ".join(c.matching_text for c in self.meta.citations if c.matching_text)

    @property
    def boxes(self) -> int:
        return sum(c.bounding_box_count for c in self.meta.citations)


def field_rows(
    obj: Mapping[str, Any],
    schema: Mapping[str, Any],
    metadata: Mapping[FieldPath, FieldMeta],
    problems: Mapping[FieldPath, Sequence[str]],
    *,
    root: Mapping[str, Any] | None = None,
    prefix: FieldPath = ROOT,
) -> FieldWalk:
    """Rows for `obj` (an object shaped by `schema`); arrays of objects become one summary row.

    `metadata` and `problems` are keyed by full field path (`prefix` included), `root` is the
    document schema that `$ref`s point into.
    """
    resolver = SchemaResolver(root if root is not None else schema)
    shape, _ = resolver.split_nullable(schema)
    walker = _Walker(resolver, metadata, problems)
    walker.walk(obj, shape, prefix, depth=0)
    return FieldWalk(walker.rows, walker.arrays)


class _Walker:
    def __init__(
        self,
        resolver: SchemaResolver,
        metadata: Mapping[FieldPath, FieldMeta],
        problems: Mapping[FieldPath, Sequence[str]],
    ) -> None:
        self.resolver = resolver
        self.metadata = metadata
        self.problems = problems
        self.rows: list[FieldRow] = []
        self.arrays: list[ObjectArray] = []

    def walk(
        self,
        obj: Mapping[str, Any],
        shape: Mapping[str, Any],
        prefix: FieldPath,
        depth: int,
        in_schema: bool = True,
    ) -> None:
        props = self.resolver.properties(shape)
        required = self.resolver.required(shape)
        for key in [*props, *(k for k in obj if k not in props)]:
            path = prefix.child(key)
            child, nullable = self.resolver.split_nullable(props.get(key, {}))
            # Fields inside an object the schema does not name are not in the schema either.
            known = in_schema and (key in props or not props)
            schema_bits = (
                type_text(self.resolver, child, nullable) if key in props else "",
                key in required,
                _description(child),
            )
            if key not in obj:
                self._row(path, "", STATE_MISSING if known else STATE_UNKNOWN, schema_bits)
            else:
                self._value(path, obj[key], child, depth, known, schema_bits)

    def _value(
        self,
        path: FieldPath,
        value: Any,
        shape: Mapping[str, Any],
        depth: int,
        known: bool,
        schema_bits: tuple[str, bool, str],
    ) -> None:
        if isinstance(value, dict) and value and depth + 1 < MAX_FIELD_DEPTH:
            if path in self.metadata or path in self.problems:
                self._row(path, _object_summary(value), STATE_VALUE, schema_bits)
            self.walk(value, shape, path, depth + 1, known)
            return
        if _is_list_of_objects(value):
            item_schema = self.resolver.array_items(shape) or {}
            self.arrays.append(ObjectArray(path, value, item_schema))
            self._row(
                path,
                count_text(len(value), "item"),
                STATE_TABLE,
                schema_bits,
                meta=self._list_meta(path, len(value)),
                problems=self._nested_problems(path),
            )
            return
        if isinstance(value, list):
            self._row(
                path,
                cell_text(value),
                STATE_VALUE if known else STATE_UNKNOWN,
                schema_bits,
                meta=self._list_meta(path, len(value)),
                problems=self._leaf_problems(path),
            )
            return
        state = STATE_NULL if value is None else STATE_VALUE if known else STATE_UNKNOWN
        if isinstance(value, dict) and value:
            state = STATE_DEEP
        self._row(path, cell_text(value), state, schema_bits, problems=self._leaf_problems(path))

    def _row(
        self,
        path: FieldPath,
        value: str,
        state: str,
        schema_bits: tuple[str, bool, str],
        *,
        meta: FieldMeta | None = None,
        problems: tuple[str, ...] | None = None,
    ) -> None:
        type_name, required, description = schema_bits
        self.rows.append(
            FieldRow(
                path=path,
                value=value,
                state=state,
                type_text=type_name,
                required=required,
                description=description,
                meta=meta or self.metadata.get(path, FieldMeta()),
                problems=tuple(self.problems.get(path, ())) if problems is None else problems,
            )
        )

    def _list_meta(self, path: FieldPath, count: int) -> FieldMeta:
        """A list's own entry, or its items' entries folded: lowest confidence, all citations."""
        entries = [
            self.metadata[p]
            for p in [path, *(path.child(i) for i in range(count))]
            if p in self.metadata
        ]
        if len(entries) <= 1:
            return entries[0] if entries else FieldMeta()
        return FieldMeta(
            confidence=lowest_value(e.confidence for e in entries),
            extraction_confidence=lowest_value(e.extraction_confidence for e in entries),
            parsing_confidence=lowest_value(e.parsing_confidence for e in entries),
            citations=tuple(c for e in entries for c in e.citations),
            reasoning=next((e.reasoning for e in entries if e.reasoning), None),
        )

    def _leaf_problems(self, path: FieldPath) -> tuple[str, ...]:
        """A row's own problems, then those of values inside it, which get no row of their own
        (items of an array of scalars, fields of an empty or too deeply nested object)."""
        own = tuple(self.problems.get(path, ()))
        inner = tuple(
            f"{key.render()}: {message}"
            for key, messages in self.problems.items()
            if key.is_inside(path)
            for message in messages
        )
        return (*own, *inner)

    def _nested_problems(self, path: FieldPath) -> tuple[str, ...]:
        own = tuple(self.problems.get(path, ()))
        inner = sum(len(v) for k, v in self.problems.items() if k.item_index(path) is not None)
        return (*own, f"{inner} problem(s) in its items") if inner else own


def lowest_value(values: Any) -> float | None:
    """The smallest of the values that are not None, or None."""
    present = [v for v in values if v is not None]
    return min(present) if present else None


def _description(shape: Mapping[str, Any]) -> str:
    text = shape.get("description") or shape.get("title")
    return text if isinstance(text, str) else ""


def _is_list_of_objects(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def clip(text: str, limit: int = MAX_CELL_CHARS) -> str:
    """Cut long text for a cell; the whole text is shown when the row is selected."""
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def field_frame(rows: Sequence[FieldRow]) -> pd.DataFrame:
    """The table a person reads: long text cut, numbers as numbers, problems joined."""
    records = [
        (
            r.path.render(),
            clip(r.value),
            r.meta.confidence,
            "; ".join(r.problems),
            r.pages,
            clip(r.cited_text),
            r.state,
            r.type_text,
            r.required,
            clip(r.meta.reasoning or ""),
            clip(r.description),
            r.meta.extraction_confidence,
            r.meta.parsing_confidence,
            r.boxes,
        )
        for r in rows
    ]
    frame = pd.DataFrame(records, columns=list(FIELD_COLUMNS))
    for name in CONFIDENCE_SCORES:
        frame[name] = frame[name].astype("Float64")
    frame["Boxes"] = frame["Boxes"].astype("Int64")
    return frame


def _object_summary(value: Mapping[str, Any]) -> str:
    return f"{{{len(value)} field{'s' if len(value) != 1 else ''}}}"
