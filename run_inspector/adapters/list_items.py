"""What every list adapter does the same way: its items, its paging values, its problems.

A list is read item by item and never refused for one odd item: an item that is not an
object, or not a run at all, is left out and counted by reason; an odd value in a listed run
costs that value and is named with the run it belongs to. Each problem is one short line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, TypeVar

from run_inspector.adapters import common
from run_inspector.model.extraction import Status
from run_inspector.model.json_text import count_text
from run_inspector.wire.tolerant import WHOLE_PART, ReadPart

NOT_A_LIST: Final = "`items` should be a list"
NOT_A_PAGE: Final = "the page should be a JSON object"
NOT_AN_OBJECT: Final = "not a JSON object"

T = TypeVar("T")
# A listed item read: what it becomes and its problems, or why it was left out.
ItemRead = tuple[T, tuple[str, ...]] | str


def object_items(sent: Any) -> tuple[tuple[Mapping[str, Any], ...], tuple[str, ...]]:
    """The objects of a list's items, and what was left out (everything, when not a list)."""
    if not isinstance(sent, list):
        return (), (NOT_A_LIST,)
    items = tuple(item for item in sent if isinstance(item, Mapping))
    return items, left_out([NOT_AN_OBJECT] * (len(sent) - len(items)))


def read_items(
    items: Iterable[Mapping[str, Any]], read: Callable[[Mapping[str, Any]], ItemRead[T]]
) -> tuple[tuple[T, ...], tuple[str, ...]]:
    """Each item read: the items that read, then the problems (those left out first)."""
    kept: list[T] = []
    problems: list[str] = []
    reasons: list[str] = []
    for item in items:
        result = read(item)
        if isinstance(result, str):
            reasons.append(result)
        else:
            kept.append(result[0])
            problems.extend(result[1])
    return tuple(kept), (*left_out(reasons), *problems)


def left_out(reasons: Iterable[str]) -> tuple[str, ...]:
    """ "2 items left out: not a JSON object", once per reason, in the order first met."""
    counts = Counter(reasons)
    return tuple(f"{count_text(n, 'item')} left out: {reason}" for reason, n in counts.items())


def paging_problems(
    own: ReadPart[Any], sent: Mapping[str, Any], required: tuple[str, ...] = ()
) -> list[str]:
    """The paging values that could not be read, and the required ones not sent."""
    unreadable = common.set_aside_fields(own, {})
    common.flag_missing(sent, required, {}, unreadable)
    return [f"`{name}` {value.problem}" for name, value in unreadable.items()]


def own_problems(reference: str, own: ReadPart[Any], status: Status) -> list[str]:
    """A listed run's own odd values, its status among them."""
    problems = part_problems(reference, own)
    if status.problem == common.NO_STATUS:
        problems.append(f"{reference}: {status.problem}")
    return problems


def part_problems(
    reference: str, part: ReadPart[Any], *, name: str = "", only: tuple[str, ...] | None = None
) -> list[str]:
    """The values a part set aside (all, or `only` these), named with the run and the part."""
    problems = []
    for field, aside in part.set_aside.items():
        if field == WHOLE_PART:
            problems.append(f"{reference}: `{name}` {aside.problem}")
        elif only is None or field in only:
            shown = f"{name}.{field}" if name else field
            problems.append(f"{reference}: `{shown}` {aside.problem}")
    return problems
