"""Checks a run's data against its data_schema and words each problem as a sentence per field."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any, Final, cast

import jsonschema_rs
import orjson
import pandas as pd
import referencing
import referencing.exceptions
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError, ValidationError, best_match
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

from run_inspector.analysis.checked_schemas import CheckedSchemas
from run_inspector.analysis.conformance_messages import (
    JsonSchemaError,
    as_list,
    child_path,
    cut_text,
    either,
    error_path,
    got,
    problem_message,
    unique,
    value_text,
)
from run_inspector.model.field_path import ROOT, FieldPath

# List targets and the word for one of their items; the schema describes one item.
LIST_TARGETS: Final = {"PER_PAGE": "page", "PER_TABLE_ROW": "table row"}
MAX_REASON_CHARS: Final = 160
NOT_CHECKED: Final = ", so the data was not checked."
NO_DATA_REASON: Final = "the run has no data"
FRAME_COLUMNS: Final = ("Item", "Field", "Problem")
UNION_KEYWORDS: Final = frozenset({"anyOf", "oneOf"})
FALSE_SCHEMA_KEYWORD: Final = "false"
NAMED_SUBSCHEMA_KEYWORDS: Final = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"}
)


@dataclass(frozen=True)
class SchemaProblem:
    """One problem at `path`; for list targets `item` is the 0-based item it sits in."""

    item: int | None
    path: FieldPath
    message: str
    keyword: str


@dataclass(frozen=True)
class Conformance:
    problems: tuple[SchemaProblem, ...]
    schema_note: str | None
    checked: bool
    truncated: bool

    @property
    def summary(self) -> str:
        if not self.checked:
            return f"schema not checked: {_short_reason(self.schema_note)}"
        count = len(self.problems)
        if self.truncated:
            return f"more than {count:,} schema problems"
        if count == 0:
            return "conforms to schema"
        return "1 schema problem" if count == 1 else f"{count:,} schema problems"


def check_conformance(
    data: Any, schema: Mapping[str, Any] | None, target: str, *, max_problems: int = 1000
) -> Conformance:
    """Validate `data` against `schema` (one item of it for list targets) and word every problem.

    `schema` is None when the run has no schema that could be read: nothing is checked.
    """
    if data is None:
        return Conformance(problems=(), schema_note=None, checked=False, truncated=False)
    if schema is None:
        return _not_checked(NO_SCHEMA_REASON)
    validator = _make_validator(schema)
    if isinstance(validator, Conformance):
        return validator
    limit = max(max_problems, 0)
    try:
        known_valid = _fast_validity_check(schema)
        kept = list(islice(_all_problems(validator, data, target, known_valid), limit + 1))
    except referencing.exceptions.Unresolvable as exc:
        return _not_checked("the schema has a $ref that cannot be resolved", _ref_text(exc))
    except RecursionError:
        return _not_checked("the schema or the data nests too deeply to check")
    return Conformance(
        problems=tuple(kept[:limit]),
        schema_note=None,
        checked=True,
        truncated=len(kept) > limit,
    )


def problems_frame(conformance: Conformance) -> pd.DataFrame:
    """One row per problem, by item then field path; ties keep the validator's order."""
    ordered = sorted(
        conformance.problems, key=lambda p: (-1 if p.item is None else p.item, p.path.sort_key())
    )
    records = [{"Item": p.item, "Field": p.path.render(), "Problem": p.message} for p in ordered]
    return pd.DataFrame(records, columns=list(FRAME_COLUMNS))


# --- Setting up the validator -------------------------------------------------------------


def _make_validator(schema: Any) -> Validator | Conformance:
    if not isinstance(schema, Mapping):
        return _not_checked("the schema is not a JSON object")
    try:
        cls = validator_for(schema, default=Draft202012Validator)
    except (TypeError, AttributeError, ValueError):
        # A `$schema` that is not a URI string; check_schema below says what is wrong.
        cls = Draft202012Validator
    try:
        _check_schema_once(cls, schema)
    except SchemaError as exc:
        return _not_checked("the schema is not valid JSON Schema", _schema_error_text(exc))
    except RecursionError:
        return _not_checked("the schema nests too deeply to check")
    # An empty registry keeps jsonschema from fetching remote `$ref`s over the network.
    return cls(schema, format_checker=cls.FORMAT_CHECKER, registry=referencing.Registry())


# A batch of 500 jobs of one agent checks one schema 500 times: about 2.5 ms each.
_CHECKED: Final = CheckedSchemas()


def _check_schema_once(cls: type[Validator], schema: Mapping[str, Any]) -> None:
    """`cls.check_schema`, skipped for a schema that already passed (raises SchemaError)."""
    try:
        canonical = orjson.dumps(schema, option=orjson.OPT_SORT_KEYS)
    except (TypeError, orjson.JSONEncodeError):  # not plain JSON: check it every time
        cls.check_schema(dict(schema))
        return
    key = (cls.__name__, hashlib.sha256(canonical).digest())
    if key in _CHECKED:
        return
    cls.check_schema(dict(schema))
    _CHECKED.add(key)


NO_SCHEMA_REASON: Final = "the run has no schema that could be read"


def _not_checked(reason: str, detail: str | None = None) -> Conformance:
    detail_text = f" ({detail})" if detail else ""
    note = f"{reason[0].upper()}{reason[1:]}{detail_text}{NOT_CHECKED}"
    return Conformance(problems=(), schema_note=note, checked=False, truncated=False)


def _short_reason(note: str | None) -> str:
    if note is None:
        return NO_DATA_REASON
    # Notes are "<Reason> (<detail>), so the data was not checked."; reasons hold no " (".
    reason = note.removesuffix(NOT_CHECKED).split(" (", 1)[0]
    return f"{reason[:1].lower()}{reason[1:]}"


def _schema_error_text(error: SchemaError) -> str:
    first = next(iter(_problems(error, None)), None)
    if first is None:
        return cut_text(error.message, MAX_REASON_CHARS)
    text = f"{first.path.render()}: {first.message}" if first.path else first.message
    return cut_text(text, MAX_REASON_CHARS)


def _ref_text(exc: referencing.exceptions.Unresolvable) -> str | None:
    # jsonschema wraps referencing's error; the original says which ref failed.
    cause = exc.__cause__ if isinstance(exc.__cause__, referencing.exceptions.Unresolvable) else exc
    ref = getattr(cause, "ref", None)
    if not isinstance(ref, str):
        return None
    # Pointer and anchor errors keep only the part after the "#" that the schema wrote.
    if isinstance(cause, referencing.exceptions.PointerToNowhere):
        ref = f"#{ref}"
    elif isinstance(cause, referencing.exceptions.NoSuchAnchor):
        ref = f"{ref}#{cause.anchor}"
    return value_text(ref) if ref else None


# --- Walking the data ---------------------------------------------------------------------


def _fast_validity_check(schema: Mapping[str, Any]) -> Callable[[Any], bool]:
    """jsonschema-rs says quickly which items are valid (about 80x faster on big tables).

    It only lets items through; everything it rejects, or cannot check, goes to the
    jsonschema library, which stays the judge and words every problem.
    """
    try:
        fast = jsonschema_rs.validator_for(dict(schema), validate_formats=True, offline=True)
    except Exception:  # any schema it cannot compile is simply checked the slow way
        return lambda _instance: False

    def is_known_valid(instance: Any) -> bool:
        try:
            return bool(fast.is_valid(instance))
        except Exception:
            return False

    return is_known_valid


def _all_problems(
    validator: Validator, data: Any, target: str, known_valid: Callable[[Any], bool]
) -> Iterator[SchemaProblem]:
    shape_problem = _shape_problem(data, target)
    if shape_problem is not None:
        yield shape_problem
        return
    for item, instance in _units(data, target):
        if known_valid(instance):
            continue
        for error in validator.iter_errors(instance):
            yield from _problems(error, item)


def _shape_problem(data: Any, target: str) -> SchemaProblem | None:
    unit = LIST_TARGETS.get(target)
    if unit is not None and not isinstance(data, list):
        message = f"expected a list with one item per {unit}, got {got(data)}"
        return SchemaProblem(item=None, path=ROOT, message=message, keyword="type")
    if target == "PER_DOC" and isinstance(data, list):
        message = f"expected one object for the whole document, got {got(data)}"
        return SchemaProblem(item=None, path=ROOT, message=message, keyword="type")
    return None


def _units(data: Any, target: str) -> Iterable[tuple[int | None, Any]]:
    # A target the API adds later is read by the data's shape.
    if target in LIST_TARGETS or (target != "PER_DOC" and isinstance(data, list)):
        return enumerate(data)
    return [(None, data)]


# --- From jsonschema errors to problems ---------------------------------------------------


def _problems(error: JsonSchemaError, item: int | None) -> Iterator[SchemaProblem]:
    keyword = error.validator
    if keyword in UNION_KEYWORDS and error.context:
        yield from _union_problems(error, item)
        return
    name = keyword if isinstance(keyword, str) else FALSE_SCHEMA_KEYWORD
    if isinstance(error.instance, str) and _is_property_name_error(error):
        message = f"field name {problem_message(error)}"
        yield SchemaProblem(item, child_path(error, error.instance), message, "propertyNames")
        return
    expand = _EXPANDERS.get(keyword) if isinstance(keyword, str) else None
    pairs = expand(error) if expand is not None else None
    if not pairs:
        pairs = [(error_path(error), problem_message(error))]
    for path, message in pairs:
        yield SchemaProblem(item=item, path=path, message=message, keyword=name)


def _union_problems(error: JsonSchemaError, item: int | None) -> Iterator[SchemaProblem]:
    """Report what went wrong in the branch the value was meant for, not "matches no option"."""
    branches = _relevant_branches(error)
    chosen = _chosen_branch(branches)
    if chosen is not None:
        for sub in chosen:
            yield from _problems(sub, item)
        return
    if all(_is_top_type_error(sub) for subs in branches for sub in subs):
        expected = unique(
            t for subs in branches for sub in subs for t in as_list(sub.validator_value)
        )
        message = f"expected {either(expected)}, got {got(error.instance)}"
        path = error_path(error)
        yield SchemaProblem(item=item, path=path, message=message, keyword=str(error.validator))
        return
    # Only validation errors have union branches; SchemaError is in the type for reuse only.
    best = best_match(cast("list[ValidationError]", [sub for subs in branches for sub in subs]))
    if best is not None:
        yield from _problems(best, item)


def _relevant_branches(error: JsonSchemaError) -> list[list[JsonSchemaError]]:
    by_index: dict[Any, list[JsonSchemaError]] = {}
    for sub in error.context or ():
        index = sub.relative_schema_path[0] if sub.relative_schema_path else None
        by_index.setdefault(index, []).append(sub)
    options = error.validator_value if isinstance(error.validator_value, list) else []

    def is_null_option(index: Any) -> bool:
        return isinstance(index, int) and index < len(options) and _is_null_schema(options[index])

    # A non-null value failing the `{type: null}` branch says nothing useful.
    relevant = [
        subs
        for index, subs in by_index.items()
        if error.instance is None or not is_null_option(index)
    ]
    return relevant or list(by_index.values())


def _chosen_branch(branches: list[list[JsonSchemaError]]) -> list[JsonSchemaError] | None:
    if len(branches) == 1:
        return branches[0]
    # The one branch whose type matched is the one the value was meant for.
    matched = [subs for subs in branches if not any(_is_top_type_error(s) for s in subs)]
    return matched[0] if len(matched) == 1 else None


def _is_top_type_error(error: JsonSchemaError) -> bool:
    return error.validator == "type" and not error.relative_path


def _is_null_schema(schema: Any) -> bool:
    if not isinstance(schema, Mapping):
        return False
    return (
        schema.get("type") in ("null", ["null"])
        or ("const" in schema and schema["const"] is None)
        or schema.get("enum") == [None]
    )


def _is_property_name_error(error: JsonSchemaError) -> bool:
    """Whether the error is about a key (under `propertyNames`) rather than a value."""
    if not isinstance(error.instance, str):
        return False
    steps = list(error.absolute_schema_path)
    index = 0
    while index < len(steps):
        step = steps[index]
        if step == "propertyNames":
            return True
        # After these keywords comes a property or definition name, not a keyword.
        index += 2 if step in NAMED_SUBSCHEMA_KEYWORDS else 1
    return False


# --- Errors that name several fields, or a field other than the one they sit on ----------

_PathMessages = list[tuple[FieldPath, str]]


def _required_pairs(error: JsonSchemaError) -> _PathMessages:
    names = error.validator_value
    instance = error.instance
    if not isinstance(names, list) or not isinstance(instance, Mapping):
        return []
    # jsonschema raises one error per missing name and names it only in its message.
    return [
        (child_path(error, name), "required field is missing")
        for name in names
        if isinstance(name, str)
        and name not in instance
        and error.message == f"{name!r} is a required property"
    ]


def _dependency_pairs(error: JsonSchemaError) -> _PathMessages:
    rules = error.validator_value
    instance = error.instance
    if not isinstance(rules, Mapping) or not isinstance(instance, Mapping):
        return []
    return [
        (child_path(error, each), f"required when {value_text(name)} is present")
        for name, needed in rules.items()
        if name in instance and isinstance(needed, list)
        for each in needed
        if each not in instance and error.message == f"{each!r} is a dependency of {name!r}"
    ]


def _additional_properties_pairs(error: JsonSchemaError) -> _PathMessages:
    schema, instance = error.schema, error.instance
    if error.validator_value is not False or not isinstance(instance, Mapping):
        return []
    known = schema.get("properties", {}) if isinstance(schema, Mapping) else {}
    patterns = "|".join(schema.get("patternProperties", {})) if isinstance(schema, Mapping) else ""
    # Same rule as jsonschema's own: not a named property and matching no pattern.
    extras = [
        key
        for key in instance
        if key not in known and not (patterns and re.search(patterns, str(key)))
    ]
    message = "not allowed by the schema (additionalProperties is false)"
    return [(child_path(error, key), message) for key in extras]


def _unevaluated_properties_pairs(error: JsonSchemaError) -> _PathMessages:
    instance = error.instance
    if not isinstance(instance, Mapping):
        return []
    # jsonschema keeps the unevaluated names only in its message, each written as repr().
    named = [key for key in instance if repr(key) in error.message]
    message = (
        "not allowed by the schema (unevaluatedProperties is false)"
        if error.validator_value is False
        else "does not match the schema for unevaluated properties"
    )
    return [(child_path(error, key), message) for key in named]


def _extra_items_pairs(error: JsonSchemaError) -> _PathMessages:
    instance, schema, keyword = error.instance, error.schema, error.validator
    if error.validator_value is not False or not isinstance(instance, list):
        return []
    if not isinstance(schema, Mapping):
        return []
    allowed_key = "items" if keyword == "additionalItems" else "prefixItems"
    allowed = schema.get(allowed_key, [])
    start = len(allowed) if isinstance(allowed, list) else len(instance)
    message = f"not allowed by the schema ({keyword} is false)"
    return [(child_path(error, index), message) for index in range(start, len(instance))]


_EXPANDERS: Final[dict[str, Callable[[JsonSchemaError], _PathMessages]]] = {
    "required": _required_pairs,
    "dependentRequired": _dependency_pairs,
    "dependencies": _dependency_pairs,
    "additionalProperties": _additional_properties_pairs,
    "unevaluatedProperties": _unevaluated_properties_pairs,
    "additionalItems": _extra_items_pairs,
    "items": _extra_items_pairs,
}
