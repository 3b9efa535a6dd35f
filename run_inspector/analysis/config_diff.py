"""The config difference of two extractions: only the settings that differ, A's beside B's.

Within one API version, settings are matched by field name. Across versions they are matched
by topic (ConfigRow.topic, set by the adapters), so a v1 setting lines up with its v2
counterpart whatever each is called, and this module needs neither version's names. The mode
is always listed across versions: v1's mode and v2's tiers map only approximately, so they
are shown side by side and never called equal.

The system prompt is compared as the extraction reports it (no prompt and an empty one are
the same), in one row named SYSTEM_PROMPT_FIELD.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from deepdiff import DeepDiff

from run_inspector.model.extraction import ConfigRow, Extraction
from run_inspector.model.json_text import EMPTY, card_text, json_text

# Topics (the adapters' words) this comparison treats apart from the others.
MODE_TOPIC: Final = "mode"
TARGET_TOPIC: Final = "target"
SYSTEM_PROMPT_TOPIC: Final = "system prompt"
SYSTEM_PROMPT_FIELD: Final = "system prompt"
APPROXIMATE: Final = "map only approximately: compared side by side, never called equal"
# Both references list the same three targets, v1 in upper case (PER_DOC) and v2 in lower
# (per_doc). No other shared setting is spelled differently: the modes are never compared,
# and the rest are booleans or the same page-list syntax.
CASE_FOLDED_TOPICS: Final = frozenset({TARGET_TOPIC})
FIELDS_BETWEEN_VERSIONS: Final = " ↔ "

# JSON equality: 1 and 1.0 are one number, but true is not 1 (types are matched exactly, so a
# bool is no int), and lists are compared item by item (DeepDiff's difflib shortcut takes
# [true] for [1]).
_DIFF_OPTIONS: Final[dict[str, Any]] = {
    "ignore_numeric_type_changes": True,
    "ignore_type_subclasses": True,
    "zip_ordered_iterables": True,
}

# ("topic", word) or ("field", name): a topic never matches a field that happens to share it.
_Key = tuple[str, str]
_PROMPT_KEY: Final[_Key] = ("topic", SYSTEM_PROMPT_TOPIC)


@dataclass(frozen=True)
class ConfigChange:
    """One setting that differs: its field name(s) as shown, A's and B's values as text."""

    # Within a version the field ("extraction_mode"); across versions both sides' names
    # when they differ ("extraction_mode ↔ tier, parse_tier").
    field: str
    # The value as text, "—" when that side has no such setting; several settings of one
    # topic as "tier: agentic, parse_tier: fast".
    a: str
    b: str
    note: str = ""


@dataclass(frozen=True)
class _Side:
    label: str
    extraction: Extraction
    groups: dict[_Key, list[ConfigRow]]


@dataclass(frozen=True)
class _Pair:
    key: _Key
    rows_a: Sequence[ConfigRow]
    rows_b: Sequence[ConfigRow]


def config_diff(a: Extraction, b: Extraction) -> tuple[ConfigChange, ...]:
    """The settings whose values differ, in A's order, then those only B has in B's order."""
    across = a.api_version != b.api_version
    side_a = _Side("A", a, _groups(a.config, across))
    side_b = _Side("B", b, _groups(b.config, across))
    keys = [*side_a.groups, *(key for key in side_b.groups if key not in side_a.groups)]
    pairs = [_Pair(key, side_a.groups.get(key, []), side_b.groups.get(key, [])) for key in keys]

    # The pairs listed whatever their values, with their notes; the rest DeepDiff decides.
    listed: dict[int, str] = {}
    compared_a: dict[str, Any] = {}
    compared_b: dict[str, Any] = {}
    for index, pair in enumerate(pairs):
        unreadable = _unreadable_notes(side_a, pair.rows_a) + _unreadable_notes(side_b, pair.rows_b)
        if across and pair.key == ("topic", MODE_TOPIC):
            listed[index] = _joined(_mode_note(side_a, side_b, pair), *unreadable)
        elif unreadable:
            listed[index] = _joined(*unreadable)
        elif not pair.rows_a or not pair.rows_b:
            if _set_on_one_side(side_a, side_b, pair, across):
                listed[index] = ""
        elif not (across and _both_at_default(pair)):
            compared_a[str(index)] = _value(side_a, pair.key, pair.rows_a, across)
            compared_b[str(index)] = _value(side_b, pair.key, pair.rows_b, across)
    for differing in _differing(compared_a, compared_b):
        listed[int(differing)] = ""
    return tuple(_change(side_a, side_b, pairs[i], listed[i]) for i in sorted(listed))


def _groups(rows: Sequence[ConfigRow], across: bool) -> dict[_Key, list[ConfigRow]]:
    """Rows by what they are matched on: across versions their topic, within one their field
    (but the system prompt by its topic always, as it is compared as the extraction reports it).
    """
    groups: dict[_Key, list[ConfigRow]] = {}
    for row in rows:
        if row.topic is not None and (across or row.topic == SYSTEM_PROMPT_TOPIC):
            key: _Key = ("topic", row.topic)
        else:
            key = ("field", row.field)
        groups.setdefault(key, []).append(row)
    return groups


def _differing(compared_a: dict[str, Any], compared_b: dict[str, Any]) -> set[str]:
    """The keys whose values differ, by one DeepDiff of the two mappings.

    The keys are text: DeepDiff would report a number key as "number:14.000000000000".
    """
    # Identical configs, the usual case, need no DeepDiff (a tenth of the time).
    if compared_a == compared_b and _same_types(compared_a, compared_b):
        return set()
    tree = DeepDiff(compared_a, compared_b, view="tree", **_DIFF_OPTIONS)
    return {level.path(output_format="list")[0] for levels in tree.values() for level in levels}


def _same_types(a: Any, b: Any) -> bool:
    """Python's == takes True for 1: equal values are the same JSON only if types match too."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return all(_same_types(value, b[key]) for key, value in a.items())
    if isinstance(a, list):
        return all(_same_types(x, y) for x, y in zip(a, b, strict=True))
    return True


def _value(side: _Side, key: _Key, rows: Sequence[ConfigRow], across: bool) -> Any:
    if key == _PROMPT_KEY:
        return side.extraction.system_prompt
    fold = across and key[0] == "topic" and key[1] in CASE_FOLDED_TOPICS
    values = {row.field: _folded(row.value) if fold else row.value for row in rows}
    return next(iter(values.values())) if len(values) == 1 else values


def _folded(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def _set_on_one_side(side_a: _Side, side_b: _Side, pair: _Pair, across: bool) -> bool:
    """Whether the one side that has this setting set it: no setting and null are the same.

    Across versions, a setting the other version lacks counts only if it was moved off its
    API default: one left alone is no difference a person could act on.
    """
    if pair.key == _PROMPT_KEY:
        side = side_a if pair.rows_a else side_b
        return side.extraction.system_prompt is not None
    return any(
        row.value is not None and not (across and row.has_default and not row.changed)
        for row in (*pair.rows_a, *pair.rows_b)
    )


def _both_at_default(pair: _Pair) -> bool:
    """Each side left at its own API's default (v1 false, v2 unset): the same, not a change."""
    return all(row.has_default and not row.changed for row in (*pair.rows_a, *pair.rows_b))


def _change(side_a: _Side, side_b: _Side, pair: _Pair, note: str) -> ConfigChange:
    no_config = [
        _no_config_note(side)
        for side, rows in ((side_a, pair.rows_a), (side_b, pair.rows_b))
        if not rows
    ]
    return ConfigChange(
        _field(pair),
        _text(side_a, pair, pair.rows_a),
        _text(side_b, pair, pair.rows_b),
        _joined(note, *no_config),
    )


def _field(pair: _Pair) -> str:
    if pair.key == _PROMPT_KEY:
        return SYSTEM_PROMPT_FIELD
    names_a, names_b = _names(pair.rows_a, ", "), _names(pair.rows_b, ", ")
    if not names_a or not names_b or names_a == names_b:
        return names_a or names_b
    return f"{names_a}{FIELDS_BETWEEN_VERSIONS}{names_b}"


def _text(side: _Side, pair: _Pair, rows: Sequence[ConfigRow]) -> str:
    if pair.key == _PROMPT_KEY and all(row.unreadable is None for row in rows):
        return card_text(side.extraction.system_prompt)
    if len(rows) == 1:
        return _row_text(rows[0])
    return ", ".join(f"{row.field}: {_row_text(row)}" for row in rows) or EMPTY


def _row_text(row: ConfigRow) -> str:
    if row.unreadable is None:
        return card_text(row.value)
    return EMPTY if row.unreadable.missing else json_text(row.unreadable.sent)


def _mode_note(side_a: _Side, side_b: _Side, pair: _Pair) -> str:
    names_a, names_b = _names(pair.rows_a, " / "), _names(pair.rows_b, " / ")
    version_a, version_b = side_a.extraction.api_version, side_b.extraction.api_version
    if not names_a or not names_b:
        return f"the modes of {version_a} and {version_b} {APPROXIMATE}"
    return f"{version_a} {names_a} and {version_b} {names_b} {APPROXIMATE}"


def _unreadable_notes(side: _Side, rows: Sequence[ConfigRow]) -> list[str]:
    return [
        f"{side.label}'s {row.field} could not be read ({row.unreadable.problem}), "
        "so it counts as differing"
        for row in rows
        if row.unreadable is not None
    ]


def _no_config_note(side: _Side) -> str:
    """Why a side has no such setting at all, when it has no readable config."""
    problem = side.extraction.unreadable.get("config")
    if side.extraction.config or problem is None:
        return ""
    return f"{side.label}'s config: {problem.problem}"


def _names(rows: Sequence[ConfigRow], separator: str) -> str:
    return separator.join(row.field for row in rows)


def _joined(*notes: str) -> str:
    return "; ".join(note for note in notes if note)
