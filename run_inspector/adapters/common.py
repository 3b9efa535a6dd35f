"""What every adapter does the same way: IDs, status, required fields, whole parts, metadata.

The wire names stay in each version's adapter; these helpers take the values it found.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from run_inspector.model.extraction import (
    PER_DOC,
    FieldMetadata,
    Status,
    Unreadable,
    read_only,
)
from run_inspector.model.field_metadata import (
    entries_error,
    field_metadata_by_path,
    items_field_metadata,
)
from run_inspector.model.json_text import json_text
from run_inspector.model.status import StatusClass, classify
from run_inspector.wire.tolerant import NOT_AN_OBJECT, ReadPart

NO_STATUS: Final = "no status was sent"
UNSENT_REQUIRED: Final = "not sent, though the API always sends it"
NULL_REQUIRED: Final = "null, though the API always sends a value"
NOT_A_SCHEMA: Final = "should be an object (a JSON Schema)"
NOT_DATA: Final = "should be an object or a list"


def usable_id(value: str | None) -> str | None:
    """An ID, or None when blank: a blank ID names nothing and must not key anything."""
    return value.strip() if value and value.strip() else None


def row_count(data: Any) -> int | None:
    """The number of items of a list result; None for an object result or no data."""
    return len(data) if isinstance(data, list) else None


def read_status(own: ReadPart[Any]) -> Status:
    """The status of a part whose model has a `status` field, flagged when unreadable."""
    aside = own.set_aside.get("status")
    if aside is not None:
        return Status(json_text(aside.sent), StatusClass.UNKNOWN, aside.problem)
    word = own.model.status
    if word is None:
        return Status("", StatusClass.UNKNOWN, NO_STATUS)
    return Status(word, classify(word))


def target_in_v1_spelling(sent: str | None) -> str:
    """The extraction target as v1 spells it (PER_DOC, …); a missing one is the default."""
    return sent.strip().upper() if sent and sent.strip() else PER_DOC


def set_aside_fields(
    part: ReadPart[Any], neutral_names: Mapping[str, str], skip: tuple[str, ...] = ()
) -> dict[str, Unreadable]:
    """The fields pydantic rejected, by their neutral names, as sent and with the problem."""
    unreadable: dict[str, Unreadable] = {}
    for name, aside in part.set_aside.items():
        if name not in skip:
            unreadable.setdefault(
                neutral_names.get(name, name), Unreadable(aside.sent, aside.problem)
            )
    return unreadable


def whole_part_unreadable(part: ReadPart[Any], name: str) -> Unreadable:
    aside = part.set_aside[name]
    return Unreadable(aside.sent, aside.problem)


def flag_missing(
    sent: Mapping[str, Any],
    required: tuple[str, ...],
    neutral_names: Mapping[str, str],
    unreadable: dict[str, Unreadable],
) -> None:
    """Flag each required field that was not sent or was null (status has its own flag)."""
    for name in required:
        if name != "status" and sent.get(name) is None:
            problem = NULL_REQUIRED if name in sent else UNSENT_REQUIRED
            unreadable.setdefault(neutral_names.get(name, name), Unreadable(None, problem, True))


def object_part(
    sent: Any, name: str, unreadable: dict[str, Unreadable]
) -> Mapping[str, Any] | None:
    """A part that should be an object; anything else is flagged under `name` and dropped."""
    if sent is None or isinstance(sent, Mapping):
        return sent
    unreadable.setdefault(name, Unreadable(sent, NOT_AN_OBJECT))
    return None


def schema_part(sent: Any, unreadable: dict[str, Unreadable]) -> Mapping[str, Any]:
    """The JSON Schema, or {} (flagged when something else was sent)."""
    if isinstance(sent, Mapping):
        return sent
    if sent is not None:
        unreadable["schema"] = Unreadable(sent, NOT_A_SCHEMA)
    return {}


def data_part(sent: Any, unreadable: dict[str, Unreadable]) -> dict[str, Any] | list[Any] | None:
    """The extracted data: an object or a list; anything else is flagged and dropped."""
    if sent is None or isinstance(sent, dict | list):
        return sent
    unreadable["data"] = Unreadable(sent, NOT_DATA)
    return None


def first_error(*containers: Any) -> str | None:
    """The first error text the extractor put beside its entries, in any of these objects."""
    return next((e for e in map(entries_error, containers) if e is not None), None)


def field_metadata(entries: Any, data: Any, error: str | None) -> FieldMetadata:
    """Citation and confidence entries joined to the data: per field, or per list item."""
    if entries is None:
        return FieldMetadata(error=error)
    if not isinstance(data, list):
        document = field_metadata_by_path(entries, data)
        return FieldMetadata(document=read_only(document), error=error)
    items = tuple(read_only(meta) for meta in items_field_metadata(entries, data))
    return FieldMetadata(items=items, error=error)
