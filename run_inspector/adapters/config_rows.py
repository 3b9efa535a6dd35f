"""A config part as config rows, by what one API version's reference says about its fields.

Each version (v1_config.py, v2_config.py) states its defaults, known values and notes in a
ConfigReference; this module turns a config read field by field into rows the same way for
both: documented fields in reference order, then old names and removed fields that were
sent, then fields the reference does not know.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from pydantic import BaseModel

from run_inspector.model.extraction import ConfigRow, Unreadable, no_entries
from run_inspector.wire.tolerant import ReadPart

UNKNOWN_VALUE_NOTE: Final = "unknown value"
UNKNOWN_FIELD_NOTE: Final = "not in the API reference"


@dataclass(frozen=True)
class Renamed:
    """A field's old name: `new` is the documented field, `when` when it was renamed."""

    new: str
    when: str


@dataclass(frozen=True)
class ConfigReference:
    # Documented fields in reference order, with the API's default (None means "unset").
    defaults: Mapping[str, Any]
    known_values: Mapping[str, tuple[str, ...]] = field(default_factory=no_entries)
    # Noted whatever the value (deprecations).
    notes: Mapping[str, str] = field(default_factory=no_entries)
    renamed: Mapping[str, Renamed] = field(default_factory=no_entries)
    # Fields the API removed, shown only when sent, with what to note.
    removed: Mapping[str, str] = field(default_factory=no_entries)
    # Fields the API reports resolved (a default of "latest" comes back as the version that
    # ran): whether a person changed them cannot be told, so they are noted, not "changed".
    resolved: Mapping[str, str] = field(default_factory=no_entries)
    # What a setting is about (ConfigRow.topic), in words both API versions' references use,
    # so that a comparison can line a v1 run up with a v2 job.
    topics: Mapping[str, str] = field(default_factory=no_entries)


def config_rows(config: ReadPart[Any], reference: ConfigReference) -> tuple[ConfigRow, ...]:
    """One row per documented field, then any old, removed or unknown field that was sent."""
    rows = []
    filled_by_old_name = set()
    for name, default in reference.defaults.items():
        source, note = name, ""
        old = _old_name_sent_instead(config, reference, name)
        if old is not None:
            source, note = old, f"sent as {old}, its name {reference.renamed[old].when}"
            filled_by_old_name.add(old)
        rows.append(_row(config, reference, name, source, default, note))
    for old, renamed in reference.renamed.items():
        if old not in filled_by_old_name and _sent(config, old):
            note = f"the name of {renamed.new} {renamed.when}"
            rows.append(_row(config, reference, old, old, None, note, documented=False))
    for name, note in reference.removed.items():
        if _sent(config, name):
            rows.append(_row(config, reference, name, name, None, note, documented=False))
    extra = config.model.model_extra or {}
    rows += [ConfigRow(name, value, note=UNKNOWN_FIELD_NOTE) for name, value in extra.items()]
    return tuple(rows)


def system_prompt_text(prompt: str | None) -> str | None:
    """The whole system prompt, or None when the run has none (real runs send "")."""
    return prompt if prompt and prompt.strip() else None


def is_changed(value: object, default: object) -> bool:
    """True when a field is set to something other than the API's default."""
    if _is_unset(value):
        return False
    # `type` keeps a JSON 1 from matching a default of true.
    return type(value) is not type(default) or value != default


def _row(
    config: ReadPart[Any],
    reference: ConfigReference,
    name: str,
    source: str,
    default: Any,
    note: str,
    *,
    documented: bool = True,
) -> ConfigRow:
    note = _joined(reference.notes.get(name, ""), note)
    topic = reference.topics.get(name)
    aside = config.set_aside.get(source)
    if aside is not None:
        unreadable = Unreadable(aside.sent, aside.problem)
        return ConfigRow(name, None, default, documented, False, note, unreadable, topic)
    value = getattr(config.model, source)
    if name in reference.resolved:
        resolved = reference.resolved[name] if is_changed(value, default) else ""
        note = _joined(note, resolved)
        return ConfigRow(name, value, default, documented, False, note, topic=topic)
    changed = documented and is_changed(value, default)
    known = reference.known_values.get(name)
    if name not in reference.notes and known is not None and not _is_unset(value):
        note = note if value in known else _joined(note, UNKNOWN_VALUE_NOTE)
    return ConfigRow(name, value, default, documented, changed, note, topic=topic)


def _old_name_sent_instead(
    config: ReadPart[Any], reference: ConfigReference, name: str
) -> str | None:
    if _sent(config, name):
        return None
    return next(
        (old for old, r in reference.renamed.items() if r.new == name and _sent(config, old)),
        None,
    )


def _sent(config: ReadPart[BaseModel], name: str) -> bool:
    return name in config.model.model_fields_set or name in config.set_aside


def _joined(*notes: str) -> str:
    return "; ".join(note for note in notes if note)


def _is_unset(value: object) -> bool:
    # Real runs send "" for an empty system prompt; it means the same as null.
    return value is None or value == ""
