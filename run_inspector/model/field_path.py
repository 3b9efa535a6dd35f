"""Field paths: the one join key between data rows, schema rows, metadata and schema problems.

A path is a tuple of steps: a key (str), a 0-based item index (int), or ANY_ITEM, the step a
schema path takes into every item of an array. Its text form is what people read and what
links carry: data `line_items[2].amount`, schema `line_items[].amount`. A key holding `.`,
`[`, `]` or `\\` escapes them with a backslash, so `{"a.b": 1}` reads `a\\.b` and never
collides with `{"a": {"b": 1}}`; the empty key is written `[""]`. `parse(render(p)) == p`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from typing import Final, NoReturn, TypeAlias


class AnyItem(enum.Enum):
    """The schema step into an array's items, written `[]`."""

    ANY = "[]"

    def __repr__(self) -> str:
        return "ANY_ITEM"


ANY_ITEM: Final = AnyItem.ANY
Step: TypeAlias = str | int | AnyItem
SortKey: TypeAlias = tuple[tuple[int, int, str], ...]

_SPECIAL: Final = re.compile(r"([.\[\]\\])")
_EMPTY_KEY: Final = '[""]'
_INDEX: Final = re.compile(r"\[(0|[1-9][0-9]*)\]")


class FieldPath(tuple[Step, ...]):
    """An immutable, hashable path; equal paths are equal tuples of the same steps."""

    __slots__ = ()

    def __new__(cls, steps: Iterable[Step] = ()) -> FieldPath:
        built = tuple.__new__(cls, steps)
        for step in built:
            _check(step)
        return built

    def __repr__(self) -> str:
        return f"FieldPath({self.render()!r})"

    def __str__(self) -> str:
        return self.render()

    def child(self, step: Step) -> FieldPath:
        # Checked inline: this is the one call made for every field of a large run.
        if type(step) is not str and step is not ANY_ITEM:
            _check(step)
        return tuple.__new__(FieldPath, (*self, step))

    def joined(self, other: Iterable[Step]) -> FieldPath:
        return FieldPath((*self, *other))

    @property
    def parent(self) -> FieldPath:
        return tuple.__new__(FieldPath, self[:-1])

    @property
    def is_schema(self) -> bool:
        """Whether the path steps into "any item" of an array: a schema row, not a data row."""
        return ANY_ITEM in self

    def without_indices(self) -> FieldPath:
        """The keys alone: data `a[2].b` and schema `a[].b` both become `a.b`."""
        return tuple.__new__(FieldPath, (s for s in self if type(s) is str))

    def is_inside(self, outer: FieldPath) -> bool:
        """Whether this path lies strictly below `outer` (a field of it, or one of its items)."""
        return len(self) > len(outer) and self[: len(outer)] == outer

    def item_index(self, array: FieldPath) -> int | None:
        """The item index right after `array` in this path (`array[3]…` gives 3), else None."""
        size = len(array)
        if len(self) <= size:
            return None
        step = self[size]
        # The cheap test first: most paths of a large run are rejected without a slice.
        return step if type(step) is int and self[:size] == array else None

    def sort_key(self) -> SortKey:
        """Keys in text order, indices as numbers (items[10] after items[2]), `[]` first."""
        return tuple(_step_key(step) for step in self)

    def render(self) -> str:
        return _render(self, started=False)

    def render_tail(self) -> str:
        """The text this path adds when it follows a non-empty path (`.b[0]` for `b[0]`)."""
        return _render(self, started=True)

    @classmethod
    def parse(cls, text: str) -> FieldPath:
        """The path a text form names; ValueError when the text is not one."""
        return tuple.__new__(cls, _Parser(text).steps())


ROOT: Final = FieldPath()


def from_steps(steps: tuple[Step, ...]) -> FieldPath:
    """A path from steps known to be valid (JSON keys, enumerate() indices), unchecked.

    For walks over every field of a large run, which build plain tuples and keep a path
    only for what they store."""
    return tuple.__new__(FieldPath, steps)


def key_text(key: str) -> str:
    """One key as it appears in a path's text form."""
    return _escape(key) if key else _EMPTY_KEY


def _render(steps: Iterable[Step], *, started: bool) -> str:
    parts: list[str] = []
    for step in steps:
        if isinstance(step, str):
            key = key_text(step)
            parts.append(f".{key}" if (started or parts) and step else key)
        elif isinstance(step, AnyItem):
            parts.append("[]")
        else:
            parts.append(f"[{step}]")
    return "".join(parts)


def _step_key(step: Step) -> tuple[int, int, str]:
    if isinstance(step, str):
        return (0, 0, step)
    if isinstance(step, AnyItem):
        return (1, -1, "")
    return (1, step, "")


def _escape(key: str) -> str:
    if "." in key or "[" in key or "]" in key or "\\" in key:
        return _SPECIAL.sub(r"\\\1", key)
    return key


def _check(step: object) -> None:
    if type(step) is str or step is ANY_ITEM or (type(step) is int and step >= 0):
        return
    # bool is an int to Python but never an item index.
    raise TypeError(f"a path step is a key, an index >= 0 or ANY_ITEM, not {step!r}")


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0

    def steps(self) -> list[Step]:
        text = self.text
        steps: list[Step] = []
        if text and text[0] != "[":
            steps.append(self._key())
        while self.at < len(text):
            char = text[self.at]
            if char == "[":
                steps.append(self._bracket())
            elif char == "." and steps:
                self.at += 1
                steps.append(self._key())
            else:
                self._fail("expected `.` or `[`")
        return steps

    def _key(self) -> str:
        text, chars = self.text, []
        while self.at < len(text):
            char = text[self.at]
            if char == "\\":
                escaped = text[self.at + 1 : self.at + 2]
                if not escaped or escaped not in ".[]\\":
                    self._fail("a backslash escapes only `.`, `[`, `]` or `\\`")
                chars.append(escaped)
                self.at += 2
            elif char in ".[":
                break
            elif char == "]":
                self._fail("an unescaped `]`")
            else:
                chars.append(char)
                self.at += 1
        if not chars:
            self._fail('an empty key (written `[""]`)')
        return "".join(chars)

    def _bracket(self) -> Step:
        rest = self.text[self.at :]
        if rest.startswith("[]"):
            self.at += 2
            return ANY_ITEM
        if rest.startswith(_EMPTY_KEY):
            self.at += len(_EMPTY_KEY)
            return ""
        index = _INDEX.match(rest)
        if index is None:
            self._fail('expected `[n]`, `[]` or `[""]`')
        self.at += index.end()
        return int(index.group(1))

    def _fail(self, why: str) -> NoReturn:
        raise ValueError(f"not a field path: {self.text!r} at {self.at}: {why}")
