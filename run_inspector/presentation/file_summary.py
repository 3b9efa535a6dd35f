"""The file card of a run: name, size, timestamps, expiry and the file's IDs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, Literal

from run_inspector.analysis.config_rows import value_text
from run_inspector.analysis.times import seconds_between
from run_inspector.model.json_text import EMPTY
from run_inspector.presentation.time_format import format_timestamp, relative_time
from run_inspector.wire.v1_run import File, JsonValue

ExpiryState = Literal["none", "ok", "expiring", "expired"]

EXPIRING_WITHIN: Final = timedelta(days=7)
_SIZE_UNITS: Final = ("KB", "MB", "GB", "TB")
_BYTES_PER_UNIT: Final = 1024


@dataclass(frozen=True)
class FileSummary:
    name: str
    rows: tuple[tuple[str, str], ...]
    expiry_state: ExpiryState
    expiry_note: str | None
    permission_info: JsonValue
    resource_info: JsonValue


def human_size(n: int | None) -> str:
    """Like "0 B", "512 B", "2.5 KB" or "1.0 MB" (steps of 1024); "—" when unknown."""
    if n is None:
        return EMPTY
    if n < _BYTES_PER_UNIT:
        return f"{n} B"
    value = float(n)
    for unit in _SIZE_UNITS:
        value /= _BYTES_PER_UNIT
        # Compare the rounded number so 1,048,575 bytes reads "1.0 MB", not "1024.0 KB".
        if round(value, 1) < _BYTES_PER_UNIT or unit == _SIZE_UNITS[-1]:
            return f"{value:.1f} {unit}"
    raise AssertionError("unreachable")  # pragma: no cover


def size_text(n: int | None) -> str:
    """Like "2.5 KB (2,562 bytes)"; sizes under 1 KB need no exact count beside them."""
    if n is None or n < _BYTES_PER_UNIT:
        return human_size(n)
    return f"{human_size(n)} ({n:,} bytes)"


def expiry_state(expires_at: datetime | None, now: datetime) -> ExpiryState:
    seconds_left = seconds_between(now, expires_at)
    if seconds_left is None:
        return "none"
    if seconds_left <= 0:
        return "expired"
    if seconds_left <= EXPIRING_WITHIN.total_seconds():
        return "expiring"
    return "ok"


def expiry_note(expires_at: datetime | None, now: datetime) -> str | None:
    """A sentence for an expired or soon-expiring file; None when there is nothing to warn of."""
    state = expiry_state(expires_at, now)
    if state == "expired":
        return f"Expired {relative_time(expires_at, now)}: the file may already be deleted."
    if state == "expiring":
        return f"Expires {relative_time(expires_at, now)}."
    return None


def file_summary(file: File | None, now: datetime) -> FileSummary | None:
    if file is None:
        return None
    return FileSummary(
        name=file.name,
        rows=file_rows(file, now),
        expiry_state=expiry_state(file.expires_at, now),
        expiry_note=expiry_note(file.expires_at, now),
        permission_info=file.permission_info,
        resource_info=file.resource_info,
    )


def file_rows(file: File, now: datetime) -> tuple[tuple[str, str], ...]:
    known = (
        ("Name", file.name),
        ("Type", value_text(file.file_type)),
        ("Size", size_text(file.file_size)),
        ("Created", format_timestamp(file.created_at, now)),
        ("Last modified", format_timestamp(file.last_modified_at, now)),
        ("Expires", format_timestamp(file.expires_at, now)),
        ("Data source ID", value_text(file.data_source_id)),
        ("External file ID", value_text(file.external_file_id)),
        ("Purpose", value_text(file.purpose)),
        ("File ID", file.id),
        ("Project ID", file.project_id),
    )
    extra = tuple((name, value_text(value)) for name, value in (file.model_extra or {}).items())
    return known + extra
