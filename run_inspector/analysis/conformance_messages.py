"""Words one jsonschema error as a plain sentence: its field path, values and wording."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence, Sized
from typing import Any, Final

from jsonschema.exceptions import SchemaError, ValidationError

from run_inspector.model.field_path import FieldPath
from run_inspector.model.json_text import json_text

MAX_VALUE_CHARS: Final = 80
# keyword -> (relation as written, relation under a draft 4 `exclusive...: true` flag)
BOUND_RELATIONS: Final = {
    "minimum": ("at least", "greater than"),
    "exclusiveMinimum": ("greater than", "greater than"),
    "maximum": ("at most", "less than"),
    "exclusiveMaximum": ("less than", "less than"),
}

# jsonschema's ValidationError and SchemaError share every attribute used here.
JsonSchemaError = ValidationError | SchemaError


# --- One sentence per keyword -------------------------------------------------------------


def problem_message(error: JsonSchemaError) -> str:
    # Typed as a string, but jsonschema leaves it None for a `false` subschema.
    keyword: object = error.validator
    if keyword is None:
        # jsonschema drops the last path step of a `false` subschema, so this may sit on the
        # parent of the value it is about; the wording fits both.
        return "a value here is not allowed by the schema (false schema)"
    if not isinstance(keyword, str):
        return _fallback_message(error)
    build = _MESSAGES.get(keyword)
    text = build(error) if build is not None else None
    return text or _fallback_message(error)


def _type_message(error: JsonSchemaError) -> str:
    return f"expected {either(as_list(error.validator_value))}, got {got(error.instance)}"


def _enum_message(error: JsonSchemaError) -> str | None:
    options = error.validator_value
    if not isinstance(options, list) or not options:
        return None
    got = value_text(error.instance)
    if len(options) == 1:
        return f"must be {value_text(options[0])} (got {got})"
    listed = cut_text(", ".join(json_text(v) for v in options), MAX_VALUE_CHARS)
    return f"must be one of {listed} (got {got})"


def _bound_message(error: JsonSchemaError) -> str:
    inclusive, exclusive = BOUND_RELATIONS[str(error.validator)]
    # Draft 4 writes an exclusive bound as `minimum` plus `exclusiveMinimum: true`.
    flag = "exclusiveMaximum" if error.validator == "maximum" else "exclusiveMinimum"
    is_exclusive = isinstance(error.schema, Mapping) and error.schema.get(flag) is True
    relation = exclusive if is_exclusive else inclusive
    return (
        f"must be {relation} {value_text(error.validator_value)} (got {value_text(error.instance)})"
    )


def _length_message(error: JsonSchemaError) -> str:
    relation = "at least" if error.validator == "minLength" else "at most"
    count = _count(error.validator_value, "character")
    return f"must be {relation} {count} long (got {value_text(error.instance)})"


def _size_message(error: JsonSchemaError) -> str:
    keyword = str(error.validator)
    relation = "at least" if keyword.startswith("min") else "at most"
    noun = "item" if keyword.endswith("Items") else "field"
    size = len(error.instance) if isinstance(error.instance, Sized) else "?"
    return f"must have {relation} {_count(error.validator_value, noun)} (got {size})"


def _contains_message(error: JsonSchemaError) -> str:
    keyword, value = error.validator, error.validator_value
    if keyword == "contains":
        schema = error.schema if isinstance(error.schema, Mapping) else {}
        value = schema.get("minContains", 1)
    relation = "at most" if keyword == "maxContains" else "at least"
    return f"must contain {relation} {_count(value, 'item')} matching the schema"


_MESSAGES: Final[dict[str, Callable[[JsonSchemaError], str | None]]] = {
    "type": _type_message,
    # Draft 3 marks `required: true` on the property itself, so the error already sits there.
    "required": lambda e: "required field is missing",
    "enum": _enum_message,
    "const": lambda e: f"must be {value_text(e.validator_value)} (got {value_text(e.instance)})",
    "format": lambda e: f"must be a valid {e.validator_value} (got {value_text(e.instance)})",
    "pattern": lambda e: (
        f"must match the pattern {value_text(e.validator_value)} (got {value_text(e.instance)})"
    ),
    "minimum": _bound_message,
    "maximum": _bound_message,
    "exclusiveMinimum": _bound_message,
    "exclusiveMaximum": _bound_message,
    "multipleOf": lambda e: (
        f"must be a multiple of {value_text(e.validator_value)} (got {value_text(e.instance)})"
    ),
    "minLength": _length_message,
    "maxLength": _length_message,
    "minItems": _size_message,
    "maxItems": _size_message,
    "minProperties": _size_message,
    "maxProperties": _size_message,
    "uniqueItems": lambda e: "must not contain duplicate items",
    "contains": _contains_message,
    "minContains": _contains_message,
    "maxContains": _contains_message,
    "not": lambda e: f'must not match the schema under "not" (got {value_text(e.instance)})',
    "oneOf": lambda e: "matches more than one of the allowed shapes (oneOf needs exactly one)",
    "unevaluatedItems": lambda e: (
        "has items not allowed by the schema (unevaluatedItems is false)"
        if e.validator_value is False
        else None
    ),
}


def _fallback_message(error: JsonSchemaError) -> str:
    # jsonschema's own text quotes the value as a Python repr; show it as JSON instead.
    shown = repr(error.instance)
    return error.message.replace(shown, value_text(error.instance))


# --- Paths and values ---------------------------------------------------------------------


def error_path(error: JsonSchemaError) -> FieldPath:
    return FieldPath(error.absolute_path)


def child_path(error: JsonSchemaError, key: str | int) -> FieldPath:
    return error_path(error).child(key)


def cut_text(text: str, limit: int) -> str:
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def value_text(value: Any) -> str:
    return cut_text(json_text(value), MAX_VALUE_CHARS)


def got(value: Any) -> str:
    kind = _json_type(value)
    return kind if value is None else f"{kind} {value_text(value)}"


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, Sequence):
        return "array"
    return type(value).__name__


def as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def unique(values: Iterable[Any]) -> list[Any]:
    seen: list[Any] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


def either(options: Sequence[Any]) -> str:
    words = [str(o) for o in options]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} or {words[-1]}"


def _count(number: Any, noun: str) -> str:
    return f"{value_text(number)} {noun}{'' if number == 1 else 's'}"
