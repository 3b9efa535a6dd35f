"""Everything the run page derives from one extraction, built once and shared read-only."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from run_inspector.analysis.conformance import Conformance, check_conformance
from run_inspector.analysis.data_tables import (
    LOWEST_CONFIDENCE,
    PROBLEMS,
    records_frame,
    unknown_columns,
)
from run_inspector.analysis.field_table import STATE_DEEP, FieldRow, field_rows, lowest_value
from run_inspector.analysis.schema_fields import SchemaResolver
from run_inspector.analysis.schema_table import schema_table
from run_inspector.analysis.shared_frame import SharedFrame, read_only_array
from run_inspector.model.extraction import Extraction, no_entries, read_only
from run_inspector.model.field_metadata import FieldMeta
from run_inspector.model.field_path import FieldPath

Problems = Mapping[FieldPath, Sequence[str]]
ReportKind = Literal["fields", "records", "empty"]


@dataclass(frozen=True, eq=False)
class SubTable:
    """An array of objects inside a PER_DOC run, one row per item."""

    path: FieldPath
    frame: SharedFrame
    items: tuple[Any, ...]
    item_schema: Mapping[str, Any]
    unknown_columns: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class RunReport:
    """Shared by every session that opens the run: frozen, its tables and arrays read-only."""

    extraction: Extraction
    # "fields" (an object: PER_DOC), "records" (a list of items) or "empty" (no data)
    kind: ReportKind
    field_rows: tuple[FieldRow, ...]
    records: SharedFrame | None
    sub_tables: tuple[SubTable, ...]
    schema_frame: SharedFrame | None
    conformance: Conformance
    notes: tuple[str, ...]
    confidences: np.ndarray
    records_unknown_columns: tuple[str, ...] = ()
    # Keyed by 0-based item (None for PER_DOC), then by path inside the item.
    problems_by_item: Mapping[int | None, Problems] = field(default_factory=no_entries)

    @property
    def target(self) -> str:
        return self.extraction.target

    def low_confidence_count(self, threshold: float) -> int:
        return int(np.count_nonzero(self.confidences < threshold))

    def item_rows(self, index: int) -> list[FieldRow]:
        """Joined rows of one page or table row (0-based index) of a list target."""
        items = self.extraction.items
        item = items[index] if 0 <= index < len(items) else None
        obj = item if isinstance(item, dict) else {"value": item}
        problems = self.problems_by_item.get(index, {})
        meta = self.extraction.metadata.of_item(index)
        return field_rows(obj, self.extraction.schema, meta, problems).rows

    def array_item_rows(self, sub: SubTable, index: int) -> list[FieldRow]:
        """Joined rows of one item of an array of objects in a PER_DOC run."""
        item = sub.items[index]
        obj = item if isinstance(item, dict) else {"value": item}
        return field_rows(
            obj,
            sub.item_schema,
            self.extraction.metadata.document,
            self.problems_by_item.get(None, {}),
            root=self.extraction.schema,
            prefix=sub.path.child(index),
        ).rows


def build_run_report(extraction: Extraction) -> RunReport:
    # An unreadable or missing schema is read as {}, which every value would pass.
    schema = None if "schema" in extraction.unreadable else extraction.schema
    conformance = check_conformance(extraction.data, schema, extraction.target)
    problems = _problems_by_item(conformance)
    schema_frame = schema_table(extraction.schema)
    common: dict[str, Any] = {
        "extraction": extraction,
        "schema_frame": SharedFrame(schema_frame) if schema_frame is not None else None,
        "conformance": conformance,
        "problems_by_item": problems,
    }
    if isinstance(extraction.data, list):
        return _list_report(extraction, common, problems)
    if isinstance(extraction.data, dict):
        return _doc_report(extraction, common, problems.get(None, {}))
    return RunReport(
        kind="empty",
        field_rows=(),
        records=None,
        sub_tables=(),
        notes=(),
        confidences=_confidences(()),
        **common,
    )


def _doc_report(extraction: Extraction, common: dict[str, Any], problems: Problems) -> RunReport:
    data = extraction.data if isinstance(extraction.data, dict) else {}
    metadata = extraction.metadata.document
    walk = field_rows(data, extraction.schema, metadata, problems)
    resolver = SchemaResolver(extraction.schema)
    sub_tables = []
    for array in walk.arrays:
        frame = records_frame(array.items, resolver, array.item_schema)
        _add_item_summaries(frame, *_array_item_summaries(array.path, metadata, problems))
        unknown = tuple(unknown_columns(frame, resolver, array.item_schema))
        sub_tables.append(
            SubTable(array.path, SharedFrame(frame), tuple(array.items), array.item_schema, unknown)
        )
    notes = tuple(
        f"{r.path.render()} is nested too deeply for the table and is shown as JSON."
        for r in walk.rows
        if r.state == STATE_DEEP
    )
    return RunReport(
        kind="fields",
        field_rows=tuple(walk.rows),
        records=None,
        sub_tables=tuple(sub_tables),
        notes=notes,
        confidences=_confidences(metadata.values()),
        **common,
    )


def _list_report(
    extraction: Extraction, common: dict[str, Any], problems: Mapping[int | None, Problems]
) -> RunReport:
    items = extraction.items
    resolver = SchemaResolver(extraction.schema)
    shape, _ = resolver.split_nullable(extraction.schema)
    frame = records_frame(list(items), resolver, shape)
    lowest: list[float | None] = []
    all_meta: list[FieldMeta] = []
    for meta in extraction.metadata.items:
        all_meta.extend(meta.values())
        lowest.append(lowest_value(m.confidence for m in meta.values()))
    counts = [sum(len(v) for v in problems.get(i, {}).values()) for i in range(len(items))]
    _add_item_summaries(frame, lowest, counts if any(counts) else [])
    return RunReport(
        kind="records",
        field_rows=(),
        records=SharedFrame(frame),
        sub_tables=(),
        notes=(),
        confidences=_confidences(all_meta),
        records_unknown_columns=tuple(unknown_columns(frame, resolver, shape)),
        **common,
    )


def _problems_by_item(conformance: Conformance) -> Mapping[int | None, Problems]:
    grouped: dict[int | None, dict[FieldPath, list[str]]] = defaultdict(lambda: defaultdict(list))
    for problem in conformance.problems:
        grouped[problem.item][problem.path].append(problem.message)
    return read_only(
        {
            item: read_only({path: tuple(messages) for path, messages in paths.items()})
            for item, paths in grouped.items()
        }
    )


def _array_item_summaries(
    array_path: FieldPath, metadata: Mapping[FieldPath, FieldMeta], problems: Problems
) -> tuple[list[float | None], list[int]]:
    """Per item of one array: its lowest confidence and how many problems it has."""
    lowest: dict[int, float] = {}
    counts: dict[int, int] = defaultdict(int)
    for path, meta in metadata.items():
        index = path.item_index(array_path)
        if index is not None and meta.confidence is not None:
            lowest[index] = min(lowest.get(index, meta.confidence), meta.confidence)
    for path, messages in problems.items():
        index = path.item_index(array_path)
        if index is not None:
            counts[index] += len(messages)
    size = 1 + max([*lowest, *counts], default=-1)
    lowest_list = [lowest.get(i) for i in range(size)] if lowest else []
    count_list = [counts.get(i, 0) for i in range(size)] if counts else []
    return lowest_list, count_list


def _add_item_summaries(frame: pd.DataFrame, lowest: list[float | None], counts: list[int]) -> None:
    """Insert "Lowest confidence" and "Problems" after the index column, when there are any.

    Called while the table is still being built, before it is shared.
    """
    rows = len(frame)
    if counts:
        padded = (counts + [0] * rows)[:rows]
        frame.insert(1, PROBLEMS, pd.Series(padded, dtype="Int64", index=frame.index))
    if any(v is not None for v in lowest):
        padded_lowest = (lowest + [None] * rows)[:rows]
        frame.insert(
            1, LOWEST_CONFIDENCE, pd.Series(padded_lowest, dtype="Float64", index=frame.index)
        )


def _confidences(metas: Iterable[FieldMeta]) -> np.ndarray:
    scores = [m.confidence for m in metas if m.confidence is not None]
    return read_only_array(np.array(scores, dtype=float))


def data_export(report: RunReport) -> pd.DataFrame:
    """The data alone: records for list targets, field, value and state for PER_DOC."""
    if report.records is not None:
        return report.records.view()
    frame = field_export_frame([(None, row) for row in report.field_rows])
    return frame[["Field", "Value", "State"]] if not frame.empty else frame


def field_export(report: RunReport) -> pd.DataFrame:
    """Every field of the run, array items and list items included, with whole values."""
    rows: list[tuple[int | None, FieldRow]]
    if report.kind == "records":
        count = len(report.extraction.items)
        rows = [(i, row) for i in range(count) for row in report.item_rows(i)]
    else:
        rows = [(None, row) for row in report.field_rows]
        for sub in report.sub_tables:
            rows.extend(
                (None, row)
                for index in range(len(sub.items))
                for row in report.array_item_rows(sub, index)
            )
    return field_export_frame(rows)


def field_export_frame(rows: list[tuple[int | None, FieldRow]]) -> pd.DataFrame:
    records = [
        {
            "Item": item,
            "Field": r.path.render(),
            "Value": r.value,
            "State": r.state,
            "Type": r.type_text,
            "Required": r.required,
            "Confidence": r.meta.confidence,
            "Extraction confidence": r.meta.extraction_confidence,
            "Parsing confidence": r.meta.parsing_confidence,
            "Pages": r.pages,
            "Cited text": r.cited_text,
            "Bounding boxes": r.boxes,
            "Reasoning": r.meta.reasoning or "",
            "Problems": "; ".join(r.problems),
            "Description": r.description,
        }
        for item, r in rows
    ]
    frame = pd.DataFrame(records)
    if not frame.empty and frame["Item"].isna().all():
        frame = frame.drop(columns="Item")
    return frame
