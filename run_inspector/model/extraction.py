"""One extraction, whatever API version it came from: frozen, version-neutral, read-only.

Adapters build it from the wire; analysis, presentation and components read only this.
Everything the adapter could not read is kept as it was sent, with what is wrong with it
(`Unreadable`), so a page can show the rest of the run and flag the odd part in place.

Its own fields are frozen and its mappings read-only views. The JSON it carries (data,
schema, values as sent) is the parsed body itself, shared by every session: it is typed
Mapping and Sequence so that the type checker refuses writes, because freezing 20,000 rows
deeply would mean copying them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, Final, Literal

from run_inspector.model.field_metadata import FieldMeta
from run_inspector.model.field_path import FieldPath
from run_inspector.model.status import StatusClass

ApiVersion = Literal["v1", "v2"]
# The default extraction target, spelled the v1 way (v2 sends lower case).
PER_DOC: Final = "PER_DOC"
NO_ENTRIES: Final[Mapping[Any, Any]] = MappingProxyType({})


def no_entries() -> Mapping[Any, Any]:
    return NO_ENTRIES


def read_only(mapping: Mapping[Any, Any]) -> Mapping[Any, Any]:
    """A read-only view of a mapping built for the model (shared by every session)."""
    return MappingProxyType(dict(mapping)) if mapping else NO_ENTRIES


@dataclass(frozen=True)
class Unreadable:
    """A value the adapter could not use: exactly as sent, and what is wrong with it."""

    sent: Any
    problem: str
    # A required value that was not sent, or sent as null: there is nothing to show as sent.
    missing: bool = False


@dataclass(frozen=True)
class Status:
    """The status word as sent (or the sent value's JSON when it was not a word)."""

    word: str
    status_class: StatusClass
    problem: str | None = None


@dataclass(frozen=True)
class ConfigRow:
    """One config field: its value, the API's default and what to note about it."""

    field: str
    value: Any
    default: Any = None
    has_default: bool = False
    changed: bool = False
    note: str = ""
    # Set when the value could not be read; `value` is then None.
    unreadable: Unreadable | None = None
    # What the setting is about, in words both API versions' adapters share ("mode",
    # "target", …), so a comparison can line up rows without knowing either version's names.
    topic: str | None = None


@dataclass(frozen=True)
class FileFacts:
    """What the run says about its source file; `unreadable` is keyed by these field names."""

    file_id: str | None = None
    name: str | None = None
    file_type: str | None = None
    size_bytes: int | None = None
    created_at: datetime | None = None
    last_modified_at: datetime | None = None
    expires_at: datetime | None = None
    data_source_id: str | None = None
    external_file_id: str | None = None
    purpose: str | None = None
    project_id: str | None = None
    permission_info: Any = None
    resource_info: Any = None
    # v2: the parse job the extraction made of the file (or was given as its input).
    parse_job_id: str | None = None
    # The fields this API version reports about a file (empty: all of the above); a card
    # lists those, so a v2 job's card is not a column of dashes for v1-only facts.
    reported: tuple[str, ...] = ()
    extra: tuple[tuple[str, Any], ...] = ()
    unreadable: Mapping[str, Unreadable] = field(default_factory=no_entries)


@dataclass(frozen=True)
class FieldMetadata:
    """Confidence, citations and reasoning per field: of the document, or of each list item."""

    document: Mapping[FieldPath, FieldMeta] = field(default_factory=no_entries)
    items: tuple[Mapping[FieldPath, FieldMeta], ...] = ()
    error: str | None = None

    def of_item(self, index: int) -> Mapping[FieldPath, FieldMeta]:
        return self.items[index] if 0 <= index < len(self.items) else NO_ENTRIES


@dataclass(frozen=True)
class UsageFigure:
    """One usage number; `name` is neutral (pages_extracted, output_tokens, credits, …)."""

    name: str
    value: int | float | None


@dataclass(frozen=True)
class SavedConfiguration:
    """The saved configuration a job names, fetched on its own when the job came without it."""

    configuration_id: str
    name: str | None = None
    # The configuration's version now, and the one the job reports having run with (if any).
    version: str | None = None
    job_version: str | None = None
    # Why it could not be fetched or read; the job still shows.
    problem: str | None = None


@dataclass(frozen=True)
class Extraction:
    api_version: ApiVersion
    status: Status
    job_id: str | None = None
    run_id: str | None = None
    project_id: str | None = None
    agent_id: str | None = None
    configuration_id: str | None = None
    file_id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    error: str | None = None
    target: str = PER_DOC
    config: tuple[ConfigRow, ...] = ()
    system_prompt: str | None = None
    # The JSON Schema of the data ({} when the run has none or it could not be read).
    schema: Mapping[str, Any] = field(default_factory=no_entries)
    # An object for PER_DOC, a list of items for list targets; shared JSON, never changed.
    data: Mapping[str, Any] | Sequence[Any] | None = None
    metadata: FieldMetadata = field(default_factory=FieldMetadata)
    usage: tuple[UsageFigure, ...] = ()
    file: FileFacts | None = None
    # v2: the saved configuration a job ran with, when it had to be fetched separately.
    saved_configuration: SavedConfiguration | None = None
    # v2: the server refused to report usage (`expand=usage`), so credits are unknown.
    usage_refused: bool = False
    # Top-level fields this app does not know, kept and shown as sent.
    extra: tuple[tuple[str, Any], ...] = ()
    # Top-level parts that could not be read, by the names of this model's fields.
    unreadable: Mapping[str, Unreadable] = field(default_factory=no_entries)

    @property
    def reference(self) -> str:
        """The ID a person would quote for this extraction: its job, else its run."""
        return self.job_id or self.run_id or ""

    @property
    def file_label(self) -> str | None:
        """What names the source file in a table: its name, else its ID (v2: the file input,
        a `dfl-` file or a `pjb-` parse job)."""
        name = self.file.name if self.file is not None else None
        return name or self.file_id

    @property
    def items(self) -> Sequence[Any]:
        """The items of a list target (empty for an object)."""
        return self.data if isinstance(self.data, list) else ()
