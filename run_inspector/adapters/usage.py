"""Usage figures from the usage objects a body carries, by the keys one API version uses.

A value that is not a number of the expected kind (a page count of 2.5, a credit of "bar")
is shown as unknown rather than guessed at: the raw JSON still has it as sent.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from run_inspector.model.extraction import UsageFigure
from run_inspector.model.field_metadata import whole_number

NumberReader = Callable[[Any], int | float | None]
# (the key in a usage object, the neutral name of its figure, how its value is read)
UsageKey = tuple[str, str, NumberReader]


def finite_number(value: Any) -> int | float | None:
    """A whole number as an int, another finite number as a float; else None."""
    whole = whole_number(value)
    if whole is not None:
        return whole
    if isinstance(value, float) and math.isfinite(value):
        return value
    return None


def usage_figures(
    usage_objects: Sequence[Any], keys: Sequence[UsageKey], *, unsent_too: bool = False
) -> tuple[UsageFigure, ...]:
    """One figure per key found, from the first object that has it (the newest place first).

    `unsent_too` lists every key once any object is there, its figure unknown when unsent;
    otherwise a key no object has is left out (figures come and go between API versions).
    """
    objects = [usage for usage in usage_objects if isinstance(usage, Mapping)]
    if not objects:
        return ()
    figures = []
    for key, name, read in keys:
        holder = next((usage for usage in objects if key in usage), None)
        if holder is not None:
            figures.append(UsageFigure(name, read(holder[key])))
        elif unsent_too:
            figures.append(UsageFigure(name, None))
    return tuple(figures)
