"""Everything the run page derives from one run, built once: tables, joins, problems, metrics."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

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
from run_inspector.model.field_metadata import (
    FieldMeta,
    Usage,
    item_field_metadata,
    metadata_error,
    per_doc_field_metadata,
    read_usage,
)
from run_inspector.model.field_path import FieldPath
from run_inspector.wire.v1_run import ExtractRun

Problems = Mapping[FieldPath, list[str]]


@dataclass(frozen=True)
class SubTable:
    """An array of objects inside a PER_DOC run, one row per item."""

    path: FieldPath
    frame: pd.DataFrame
    items: list[Any]
    item_schema: Mapping[str, Any]
    unknown_columns: list[str] = field(default_factory=list)


@dataclass
class RunReport:
    run: ExtractRun
    kind: str  # "fields" (PER_DOC), "records" (list targets) or "empty"
    field_rows: list[FieldRow]
    records: pd.DataFrame | None
    sub_tables: list[SubTable]
    schema_frame: pd.DataFrame | None
    conformance: Conformance
    usage: Usage | None
    metadata_error: str | None
    notes: list[str]
    confidences: np.ndarray
    doc_metadata: dict[FieldPath, FieldMeta] = field(default_factory=dict)
    records_unknown_columns: list[str] = field(default_factory=list)
    # Keyed by 0-based item (None for PER_DOC), then by path inside the item.
    problems_by_item: dict[int | None, dict[FieldPath, list[str]]] = field(default_factory=dict)

    @property
    def target(self) -> str:
        return self.run.extraction_target

    def low_confidence_count(self, threshold: float) -> int:
        return int(np.count_nonzero(self.confidences < threshold))

    def item_rows(self, index: int) -> list[FieldRow]:
        """Joined rows of one page or table row (0-based index) of a list target."""
        items = self.run.data if isinstance(self.run.data, list) else []
        item = items[index] if 0 <= index < len(items) else None
        meta = item_field_metadata(self.run.extraction_metadata, index, len(items), item)
        obj = item if isinstance(item, dict) else {"value": item}
        problems = self.problems_by_item.get(index, {})
        return field_rows(obj, self.run.data_schema, meta, problems).rows

    def array_item_rows(self, sub: SubTable, index: int) -> list[FieldRow]:
        """Joined rows of one item of an array of objects in a PER_DOC run."""
        item = sub.items[index]
        obj = item if isinstance(item, dict) else {"value": item}
        return field_rows(
            obj,
            sub.item_schema,
            self.doc_metadata,
            self.problems_by_item.get(None, {}),
            root=self.run.data_schema,
            prefix=sub.path.child(index),
        ).rows


def build_run_report(run: ExtractRun) -> RunReport:
    conformance = check_conformance(run.data, run.data_schema, run.extraction_target)
    problems = _problems_by_item(conformance)
    common: dict[str, Any] = {
        "run": run,
        "schema_frame": schema_table(run.data_schema),
        "conformance": conformance,
        "usage": read_usage(run.extraction_metadata),
        "metadata_error": metadata_error(run.extraction_metadata),
        "problems_by_item": problems,
    }
    if isinstance(run.data, list):
        return _list_report(run, common, problems)
    if isinstance(run.data, dict):
        return _doc_report(run, common, problems.get(None, {}))
    return RunReport(
        kind="empty",
        field_rows=[],
        records=None,
        sub_tables=[],
        notes=[],
        confidences=np.array([]),
        **common,
    )


def _doc_report(run: ExtractRun, common: dict[str, Any], problems: Problems) -> RunReport:
    data = run.data if isinstance(run.data, dict) else {}
    metadata = per_doc_field_metadata(run.extraction_metadata, data)
    walk = field_rows(data, run.data_schema, metadata, problems)
    resolver = SchemaResolver(run.data_schema)
    sub_tables = []
    for array in walk.arrays:
        frame = records_frame(array.items, resolver, array.item_schema)
        _add_item_summaries(frame, *_array_item_summaries(array.path, metadata, problems))
        unknown = unknown_columns(frame, resolver, array.item_schema)
        sub_tables.append(SubTable(array.path, frame, array.items, array.item_schema, unknown))
    notes = [
        f"{r.path.render()} is nested too deeply for the table and is shown as JSON."
        for r in walk.rows
        if r.state == STATE_DEEP
    ]
    return RunReport(
        kind="fields",
        field_rows=walk.rows,
        records=None,
        sub_tables=sub_tables,
        notes=notes,
        confidences=_confidences(metadata.values()),
        doc_metadata=metadata,
        **common,
    )


def _list_report(run: ExtractRun, common: dict[str, Any], problems: dict[Any, Any]) -> RunReport:
    items = run.data if isinstance(run.data, list) else []
    resolver = SchemaResolver(run.data_schema)
    shape, _ = resolver.split_nullable(run.data_schema)
    frame = records_frame(items, resolver, shape)
    lowest: list[float | None] = []
    all_meta: list[FieldMeta] = []
    if run.extraction_metadata:
        for index, item in enumerate(items):
            meta = item_field_metadata(run.extraction_metadata, index, len(items), item)
            all_meta.extend(meta.values())
            lowest.append(lowest_value(m.confidence for m in meta.values()))
    counts = [sum(len(v) for v in problems.get(i, {}).values()) for i in range(len(items))]
    _add_item_summaries(frame, lowest, counts if any(counts) else [])
    return RunReport(
        kind="records",
        field_rows=[],
        records=frame,
        sub_tables=[],
        notes=[],
        confidences=_confidences(all_meta),
        records_unknown_columns=unknown_columns(frame, resolver, shape),
        **common,
    )


def _problems_by_item(conformance: Conformance) -> dict[int | None, dict[FieldPath, list[str]]]:
    grouped: dict[int | None, dict[FieldPath, list[str]]] = defaultdict(lambda: defaultdict(list))
    for problem in conformance.problems:
        grouped[problem.item][problem.path].append(problem.message)
    return {item: dict(paths) for item, paths in grouped.items()}


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
    """Insert "Lowest confidence" and "Problems" after the index column, when there are any."""
    rows = len(frame)
    if counts:
        padded = (counts + [0] * rows)[:rows]
        frame.insert(1, PROBLEMS, pd.Series(padded, dtype="Int64", index=frame.index))
    if any(v is not None for v in lowest):
        padded_lowest = (lowest + [None] * rows)[:rows]
        frame.insert(
            1, LOWEST_CONFIDENCE, pd.Series(padded_lowest, dtype="Float64", index=frame.index)
        )


def _confidences(metas: Any) -> np.ndarray:
    return np.array([m.confidence for m in metas if m.confidence is not None], dtype=float)


def data_export(report: RunReport) -> pd.DataFrame:
    """The data alone: records for list targets, field, value and state for PER_DOC."""
    if report.records is not None:
        return report.records
    frame = field_export_frame([(None, row) for row in report.field_rows])
    return frame[["Field", "Value", "State"]] if not frame.empty else frame


def field_export(report: RunReport) -> pd.DataFrame:
    """Every field of the run, array items and list items included, with whole values."""
    rows: list[tuple[int | None, FieldRow]]
    if report.kind == "records":
        count = len(report.run.data) if isinstance(report.run.data, list) else 0
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
