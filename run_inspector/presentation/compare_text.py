"""Words and tables for a comparison: the summary to paste into a ticket, the file verdict,
both runs' facts side by side, and the config and schema differences as tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

import pandas as pd

from run_inspector.analysis.comparison import Comparison, FileMatch, SideCounts
from run_inspector.analysis.config_diff import ConfigChange
from run_inspector.analysis.data_diff import DIFF_STATES
from run_inspector.analysis.schema_diff import SchemaChange
from run_inspector.model.extraction import Extraction
from run_inspector.model.field_path import FieldPath
from run_inspector.model.json_text import EMPTY, count_text
from run_inspector.presentation.run_rows import status_words, when_text
from run_inspector.presentation.source_text import VERSION_LABELS
from run_inspector.presentation.status_summary import duration_text

CONFIG_COLUMNS: Final = ("Setting", "A", "B", "Note")
SCHEMA_COLUMNS: Final = ("Field", "Change", "A", "B")
# How many names the pasted summary lists per part before "and N more".
NAMES_LISTED: Final = 5
# How long a value may be in the pasted summary before it is cut.
SHORT_VALUE: Final = 32


def summary_text(
    comparison: Comparison, uploaded_names: tuple[str | None, str | None] = (None, None)
) -> str:
    """E.g. "2 config values and 3 data fields differ: config values: extraction_mode
    (BALANCED → MULTIMODAL), …; data fields: total (524.20 → 524.2, changed type), …"."""
    data = comparison.data
    changed_data = sum(data.counts[state] for state in DIFF_STATES if state != "equal")
    config, schema = _config_changes(comparison), _schema_changes(comparison)
    parts = [
        (count_text(len(config), "config value"), config, len(config)),
        (count_text(len(schema), "schema field"), schema, len(schema)),
        (count_text(changed_data, "data field"), _data_changes(comparison), changed_data),
    ]
    counted = [text for text, _, total in parts if total]
    if not counted:
        head = "No config value, schema field or data field differs"
    elif len(counted) == 1:
        head = f"{counted[0]} {'differs' if counted[0].startswith('1 ') else 'differ'}"
    else:
        head = f"{', '.join(counted[:-1])} and {counted[-1]} differ"
    details = [
        f"{text.split(' ', 1)[1]}: {_listed(names, total)}" for text, names, total in parts if total
    ]
    text = head + (": " + "; ".join(details) if details else "") + "."
    if comparison.provisional:
        text += " Provisional: a run is not final yet."
    a_name, b_name = uploaded_names
    a, b = _side_reference(comparison.a, a_name), _side_reference(comparison.b, b_name)
    return f"{text} (A: {a}; B: {b})"


def _config_changes(comparison: Comparison) -> list[str]:
    return [f"{c.field} ({_short(c.a)} → {_short(c.b)})" for c in comparison.config]


def _schema_changes(comparison: Comparison) -> list[str]:
    kinds: dict[str, list[str]] = {}
    for change in comparison.schema:
        kinds.setdefault(change.path.render(), []).append(change.kind)
    return [f"{path} ({', '.join(kinds[path])})" for path in sorted(kinds)]


def _data_changes(comparison: Comparison) -> list[str]:
    frame = comparison.data.frame.view()
    columns = ["Field", "State", "Whitespace only", "A", "B"]
    changed = frame.loc[frame["State"] != "equal", columns]
    listed = []
    for field, state, spaces, a, b in changed.head(NAMES_LISTED).itertuples(index=False):
        how = ", changed type" if state == "changed type" else ""
        how += ", whitespace only" if spaces is True else ""
        listed.append(f"{field} ({_short(a)} → {_short(b)}{how})")
    return listed


def _short(value: object) -> str:
    """A value as the summary shows it: one line, at most SHORT_VALUE characters."""
    if not isinstance(value, str) or not value:
        return EMPTY
    flat = value.replace("\r", "\\r").replace("\n", "\\n")
    return flat if len(flat) <= SHORT_VALUE else flat[: SHORT_VALUE - 1] + "…"


def _side_reference(run: Extraction, uploaded_name: str | None) -> str:
    reference = _reference(run)
    return reference if uploaded_name is None else f"{reference}, uploaded as {uploaded_name}"


def _listed(names: Sequence[str], total: int) -> str:
    """The first few names, then how many more there are."""
    shown = ", ".join(names[:NAMES_LISTED])
    more = total - min(len(names), NAMES_LISTED)
    return f"{shown} and {more:,} more" if more > 0 else shown


def _reference(extraction: Extraction) -> str:
    return extraction.reference or "no job ID"


def same_job_text(a_live: bool, b_live: bool) -> str:
    """Why one job may sit on both sides, said plainly."""
    if not a_live and not b_live:
        return "Both sides are copies of the same job, both uploaded."
    if not (a_live and b_live):
        return "Both sides are the same job: one of them is an uploaded copy."
    return "Both sides are the same job, asked for in different projects or organizations."


def provisional_text(checked: int, frozen: int) -> str:
    """`checked`: sides not final that the page checks again; `frozen`: uploaded copies not
    final, which stay as they were saved."""
    parts = []
    if checked:
        parts.append(f"this page checks {'it' if checked == 1 else 'them'} again until final")
    if frozen:
        parts.append("an uploaded copy stays as it was saved, before the run finished")
    runs = "a run is" if checked + frozen == 1 else "both runs are"
    return f"Provisional: {runs} not final yet; {' and '.join(parts)}."


def pairing_text(key: FieldPath | None) -> str:
    """How array items were paired, above the data differences."""
    if key is None:
        return "Array items pair by position; to pair them by a field, see How to pair array items."
    array = FieldPath(key[:-2]).render() or "the result"
    return f"Items of {array} pair by {key.render()}; other arrays pair by position."


def file_text(match: FileMatch) -> str:
    """The verdict in a sentence, with both file IDs when it is unknown."""
    if match.verdict == "same":
        return f"Same file (by {match.by})."
    if match.verdict == "different":
        return f"Different files (by {match.by})."
    ids = f"A: {match.a_file or EMPTY}, B: {match.b_file or EMPTY}"
    return f"Unknown whether the file is the same ({ids}): no shared file ID, name and size."


@dataclass(frozen=True)
class SideFacts:
    """A column of the side-by-side table: a run, its counts, and the upload it came from."""

    label: str
    run: Extraction
    counts: SideCounts
    uploaded_name: str | None = None


def sides_frame(
    comparison: Comparison, now: datetime, uploaded_names: tuple[str | None, str | None]
) -> pd.DataFrame:
    """Both runs' facts side by side: one column per run."""
    a_name, b_name = uploaded_names
    sides = (
        SideFacts("A", comparison.a, comparison.a_counts, a_name),
        SideFacts("B", comparison.b, comparison.b_counts, b_name),
    )
    return facts_frame(sides, comparison.threshold, now)


def facts_frame(sides: Sequence[SideFacts], threshold: float, now: datetime) -> pd.DataFrame:
    """One row of facts per run (one run alone when the other could not be loaded)."""
    rows = [
        {
            "Run": side.label,
            "Job": _reference(side.run),
            "Source": _source(side.uploaded_name),
            "API": VERSION_LABELS[side.run.api_version],
            "Status": status_words(side.run.status),
            "Created": when_text(side.run.created_at),
            "Duration": duration_text(side.run, now),
            "File": side.run.file_label or EMPTY,
            "Schema problems": _count(side.counts.schema_problems),
            f"Below {threshold:.0%} confidence": _count(side.counts.low_confidence),
        }
        for side in sides
    ]
    return pd.DataFrame(rows)


def _source(uploaded_name: str | None) -> str:
    return "fetched by job ID" if uploaded_name is None else f"uploaded: {uploaded_name}"


def _count(value: int | None) -> str:
    return EMPTY if value is None else f"{value:,}"


def config_frame(changes: Sequence[ConfigChange]) -> pd.DataFrame:
    return pd.DataFrame(
        [(c.field, c.a, c.b, c.note) for c in changes], columns=list(CONFIG_COLUMNS)
    )


def schema_frame(changes: Sequence[SchemaChange]) -> pd.DataFrame:
    return pd.DataFrame(
        [(c.path.render(), c.kind, c.a, c.b) for c in changes], columns=list(SCHEMA_COLUMNS)
    )
