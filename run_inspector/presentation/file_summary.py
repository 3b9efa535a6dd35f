"""The file card of a run: name, size, timestamps, expiry and the file's IDs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final, Literal

from run_inspector.analysis.times import seconds_between
from run_inspector.model.extraction import Extraction, FileFacts
from run_inspector.model.json_text import EMPTY, card_text
from run_inspector.presentation.time_format import format_timestamp, relative_time
from run_inspector.presentation.unreadable_text import unreadable_text

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
    permission_info: Any
    resource_info: Any
    # Whether the run's API version reports permission and resource info (v2 does not).
    access_info_reported: bool = True


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


def file_summary(extraction: Extraction, now: datetime) -> FileSummary | None:
    """The file card; None when the run says nothing about its file."""
    file = extraction.file
    if file is None:
        whole = extraction.unreadable.get("file")
        if whole is None:
            return None
        return FileSummary("", (("File", unreadable_text(whole)),), "none", None, None, None)
    return FileSummary(
        name=file.name or "",
        rows=file_rows(file, now),
        expiry_state=expiry_state(file.expires_at, now),
        expiry_note=expiry_note(file.expires_at, now),
        permission_info=file.permission_info,
        resource_info=file.resource_info,
        access_info_reported=_reported(file, "permission_info"),
    )


def _text(value: Any, _now: datetime) -> str:
    return card_text(value)


def _size(value: Any, _now: datetime) -> str:
    return size_text(value)


# (label, FileFacts field, how its value is written)
_ROWS: Final[tuple[tuple[str, str, Callable[[Any, datetime], str]], ...]] = (
    ("Name", "name", _text),
    ("Type", "file_type", _text),
    ("Size", "size_bytes", _size),
    ("Created", "created_at", format_timestamp),
    ("Last modified", "last_modified_at", format_timestamp),
    ("Expires", "expires_at", format_timestamp),
    ("Data source ID", "data_source_id", _text),
    ("External file ID", "external_file_id", _text),
    ("Purpose", "purpose", _text),
    ("File ID", "file_id", _text),
    ("Parse job ID", "parse_job_id", _text),
    ("Project ID", "project_id", _text),
)


def _reported(file: FileFacts, name: str) -> bool:
    """Whether the file's API version reports this field (v1 has no parse job)."""
    if file.reported:
        return name in file.reported
    return name != "parse_job_id" or file.parse_job_id is not None


def file_rows(file: FileFacts, now: datetime) -> tuple[tuple[str, str], ...]:
    """Every field of the card, an unreadable one as sent and flagged, then unknown ones."""
    rows = []
    for label, name, write in _ROWS:
        unreadable = file.unreadable.get(name)
        if not _reported(file, name) and unreadable is None:
            continue
        text = (
            write(getattr(file, name), now) if unreadable is None else unreadable_text(unreadable)
        )
        rows.append((label, text))
    known = {name for _, name, _ in _ROWS}
    # Unreadable fields the card has no row for (updated_at, say) still get one, flagged.
    rows += [(name, unreadable_text(u)) for name, u in file.unreadable.items() if name not in known]
    rows += [(name, card_text(value)) for name, value in file.extra]
    return tuple(rows)
