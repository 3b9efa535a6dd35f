"""Everything one run's view draws, built before drawing: components only lay it out.

The report and config table are built once per fetched run and shared by every session;
the status and file cards depend on the clock and are made per draw (they are cheap).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from run_inspector.analysis.run_report import RunReport, build_run_report
from run_inspector.analysis.shared_frame import SharedFrame
from run_inspector.loading.run_cache import LoadedRun
from run_inspector.model.extraction import Extraction, read_only
from run_inspector.model.json_text import card_text
from run_inspector.presentation.config_table import config_table
from run_inspector.presentation.configuration_text import saved_configuration_text
from run_inspector.presentation.file_summary import FileSummary, file_summary
from run_inspector.presentation.source_text import source_text
from run_inspector.presentation.status_summary import StatusSummary, checked_text, status_summary
from run_inspector.presentation.unreadable_text import unreadable_text
from run_inspector.presentation.usage_text import usage_metrics, usage_note
from run_inspector.references.ids import normalize_id, normalize_optional_scope_id

MAX_OTHER_FIELD_CHARS: Final = 2_000
# Parts of an Extraction whose unreadable value is flagged where the part is drawn.
SHOWN_IN_PLACE: Final = frozenset(
    {
        "run_id",
        "job_id",
        "agent_id",
        "configuration_id",
        "project_id",
        "file_id",
        "created_at",
        "updated_at",
        "error",
        "schema",
        "data",
        "metadata",
        "config",
        "file",
    }
)


@dataclass(frozen=True)
class RelatedList:
    """A link to the runs page listing this run's neighbours: its agent's runs, its file's jobs."""

    label: str
    query: Mapping[str, str]


@dataclass(frozen=True)
class RunView:
    extraction: Extraction
    report: RunReport
    status: StatusSummary
    # Which API generation, and who answered ("Extract v2 job, answered by https://…")
    source: str
    # When and how the page got the run ("Last checked …", "Opened from an uploaded file …")
    origin: str
    config: SharedFrame
    file: FileSummary | None
    usage: tuple[tuple[str, str], ...]
    # What the usage figures cannot show ("This server does not report credits."), if anything.
    usage_note: str | None
    # Where a v2 job's settings came from, when it names a saved configuration.
    configuration_note: str | None
    # Top-level fields this app does not know, as (name, text).
    other_fields: tuple[tuple[str, str], ...]
    # A whole part that could not be read, as sent and flagged; None when it was fine.
    schema_problem: str | None
    data_problem: str | None
    metadata_problem: str | None
    config_problem: str | None
    body: bytes
    related: RelatedList | None = None

    @property
    def run_token(self) -> str:
        """Names this run in widget keys, so state kept for one run is not another's."""
        extraction = self.extraction
        return f"{extraction.api_version}:{extraction.job_id}:{extraction.run_id}"


def build_run_view(
    loaded: LoadedRun,
    poll_every: float | None,
    *,
    uploaded: bool = False,
    answered_by: str | None = None,
) -> RunView | None:
    """`answered_by` names the server (or the demo) the run was fetched from."""
    extraction = loaded.extraction
    if extraction is None:
        return None
    now = datetime.now(UTC)
    fetched = datetime.fromtimestamp(loaded.fetched_at, UTC)
    origin = (
        f"Opened from an uploaded file at {fetched:%H:%M:%S} UTC."
        if uploaded
        else checked_text(fetched, now, poll_every)
    )
    flags = loaded.derived("flags", _flags)
    return RunView(
        extraction=extraction,
        report=loaded.derived("report", build_run_report),
        status=status_summary(extraction, now),
        source=source_text(extraction.api_version, answered_by),
        origin=origin,
        config=loaded.derived("config", lambda e: SharedFrame(config_table(e.config))),
        file=file_summary(extraction, now),
        usage=usage_metrics(extraction.usage),
        usage_note=usage_note(extraction),
        configuration_note=saved_configuration_text(extraction),
        other_fields=flags.other_fields,
        schema_problem=flags.parts.get("schema"),
        data_problem=flags.parts.get("data"),
        metadata_problem=flags.parts.get("metadata"),
        config_problem=flags.parts.get("config"),
        body=loaded.body,
        related=related_list(extraction),
    )


def related_list(extraction: Extraction) -> RelatedList | None:
    """Other runs of a v1 run's agent, or other jobs on a v2 job's file; only checked IDs."""
    scope = _scope_params(extraction.project_id)
    if extraction.api_version == "v1" and extraction.agent_id:
        try:
            agent = normalize_id(extraction.agent_id, what="agent ID")
        except ValueError:
            return None
        return RelatedList("Other runs of this agent", {"api": "v1", "agent_id": agent, **scope})
    if extraction.api_version == "v2" and extraction.file_id:
        try:
            file_input = normalize_optional_scope_id(extraction.file_id, what="file input")
        except ValueError:
            return None
        if file_input:
            return RelatedList(
                "Jobs on this file", {"api": "v2", "file_input": file_input, **scope}
            )
    return None


def _scope_params(project_id: str | None) -> dict[str, str]:
    try:
        project = normalize_optional_scope_id(project_id, what="project ID")
    except ValueError:
        return {}
    return {"project_id": project} if project else {}


@dataclass(frozen=True)
class _Flags:
    """Texts of odd values, made once per run: a value as sent may be megabytes long."""

    other_fields: tuple[tuple[str, str], ...]
    parts: Mapping[str, str]


def _flags(extraction: Extraction) -> _Flags:
    parts = {
        part: unreadable_text(extraction.unreadable[part])
        for part in ("schema", "data", "metadata", "config")
        if part in extraction.unreadable
    }
    return _Flags(_other_fields(extraction), read_only(parts))


def _other_fields(extraction: Extraction) -> tuple[tuple[str, str], ...]:
    """Unknown fields as sent, then unreadable ones that no card or table has a place for."""
    unknown = [(name, _cut(card_text(value))) for name, value in extraction.extra]
    flagged = [
        (name, unreadable_text(u))
        for name, u in extraction.unreadable.items()
        if name not in SHOWN_IN_PLACE
    ]
    return tuple(unknown + flagged)


def _cut(text: str) -> str:
    if len(text) <= MAX_OTHER_FIELD_CHARS:
        return text
    return f"{text[: MAX_OTHER_FIELD_CHARS - 1]}…"
