"""Reads a JSON Schema into one ordered list of field paths: type, required, description."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from run_inspector.model.field_path import ANY_ITEM, ROOT, FieldPath

MAX_SCHEMA_DEPTH: Final = 12


@dataclass(frozen=True)
class SchemaField:
    path: FieldPath
    type_text: str
    required: bool
    description: str | None
    nullable: bool
    depth: int
    enum: tuple[Any, ...] | None = None


class SchemaResolver:
    """Resolves local `$ref`s (`#/$defs/X`, `#/definitions/X`) and nullable unions."""

    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root

    def deref(self, node: Any, _seen: frozenset[str] = frozenset()) -> dict[str, Any]:
        if not isinstance(node, Mapping):
            return {}
        ref = node.get("$ref")
        if not isinstance(ref, str) or ref in _seen:
            return dict(node)
        target = self._lookup(ref)
        if target is None:
            return dict(node)
        # Keywords beside a $ref (description, title) describe this use of the target.
        return {
            **self.deref(target, _seen | {ref}),
            **{k: v for k, v in node.items() if k != "$ref"},
        }

    def _lookup(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            return None
        node: Any = self.root
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, Mapping) or part not in node:
                return None
            node = node[part]
        return node

    def split_nullable(self, node: Any) -> tuple[dict[str, Any], bool]:
        """The non-null shape of a node and whether null is allowed beside it."""
        node = self.deref(node)
        for key in ("anyOf", "oneOf"):
            options = node.get(key)
            if isinstance(options, list):
                branches = [self.deref(o) for o in options]
                non_null = [b for b in branches if b.get("type") != "null"]
                if len(non_null) == 1 and len(non_null) < len(branches):
                    rest = {k: v for k, v in node.items() if k != key}
                    return {**non_null[0], **rest}, True
        types = node.get("type")
        if isinstance(types, list) and "null" in types:
            others = [t for t in types if t != "null"]
            shape = {**node, "type": others[0] if len(others) == 1 else others}
            return shape, True
        return node, False

    def properties(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        props = node.get("properties")
        return props if isinstance(props, Mapping) else {}

    def required(self, node: Mapping[str, Any]) -> frozenset[str]:
        req = node.get("required")
        return (
            frozenset(r for r in req if isinstance(r, str))
            if isinstance(req, list)
            else frozenset()
        )

    def is_object(self, node: Mapping[str, Any]) -> bool:
        return node.get("type") == "object" or "properties" in node

    def array_items(self, node: Mapping[str, Any]) -> dict[str, Any] | None:
        if node.get("type") != "array":
            return None
        items, _ = self.split_nullable(node.get("items", {}))
        return items


def is_object_schema(schema: Any) -> bool:
    if not isinstance(schema, Mapping):
        return False
    resolver = SchemaResolver(schema)
    return resolver.is_object(resolver.deref(schema))


def schema_fields(schema: Mapping[str, Any]) -> list[SchemaField]:
    """Every field path of an object schema in property order; nested objects step into their
    fields and arrays of objects into any item (`name[].field`)."""
    resolver = SchemaResolver(schema)
    root, _ = resolver.split_nullable(schema)
    return list(_walk(resolver, root, prefix=ROOT, depth=0))


def _walk(
    resolver: SchemaResolver, node: Mapping[str, Any], prefix: FieldPath, depth: int
) -> Iterator[SchemaField]:
    required = resolver.required(node)
    for name, raw in resolver.properties(node).items():
        path = prefix.child(name)
        shape, nullable = resolver.split_nullable(raw)
        yield SchemaField(
            path=path,
            type_text=type_text(resolver, shape, nullable),
            required=name in required,
            description=_description(shape),
            nullable=nullable,
            depth=depth,
            enum=_enum(shape),
        )
        if depth + 1 >= MAX_SCHEMA_DEPTH:
            continue
        if resolver.is_object(shape):
            yield from _walk(resolver, shape, path, depth + 1)
        elif (items := resolver.array_items(shape)) is not None and resolver.is_object(items):
            yield from _walk(resolver, items, path.child(ANY_ITEM), depth + 1)


def _enum(node: Mapping[str, Any]) -> tuple[Any, ...] | None:
    values = node.get("enum")
    return tuple(values) if isinstance(values, list) else None


def _description(node: Mapping[str, Any]) -> str | None:
    text = node.get("description")
    if isinstance(text, str) and text.strip():
        return text
    title = node.get("title")
    return title if isinstance(title, str) and title.strip() else None


def type_text(resolver: SchemaResolver, node: Mapping[str, Any], nullable: bool) -> str:
    """Spell the type out: "string (date-time), nullable", "enum: "a", "b"", "array of string"."""
    text = _bare_type(resolver, node)
    return f"{text}, nullable" if nullable else text


def _bare_type(resolver: SchemaResolver, node: Mapping[str, Any]) -> str:
    if "const" in node:
        return f"const {json.dumps(node['const'], ensure_ascii=False)}"
    if isinstance(node.get("enum"), list):
        values = ", ".join(json.dumps(v, ensure_ascii=False) for v in node["enum"])
        return f"enum: {values}"
    for key in ("anyOf", "oneOf", "allOf"):
        if isinstance(node.get(key), list):
            joiner = " & " if key == "allOf" else " | "
            parts = []
            for option in node[key]:
                shape, nullable = resolver.split_nullable(option)
                parts.append(
                    "null" if shape.get("type") == "null" else type_text(resolver, shape, nullable)
                )
            return joiner.join(parts) or key
    kind = node.get("type")
    if isinstance(kind, list):
        return " | ".join(str(k) for k in kind)
    if kind == "array":
        items = resolver.array_items(node) or {}
        return f"array of {_bare_type(resolver, items) if items else 'any'}"
    if kind is None:
        return "object" if "properties" in node else "any"
    fmt = node.get("format")
    return f"{kind} ({fmt})" if isinstance(fmt, str) else str(kind)
