"""A table that every session reads from the shared cache, so nobody may change it.

pandas has no read-only DataFrame; with copy-on-write (pandas 3) a shallow copy is a view
whose first write copies only what it changes. Readers get such a view, never the table
itself, so a change made for one page stays on that page, and nothing is deep-copied.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


# eq=False: comparing or hashing two tables cell by cell is never what a caller means.
@dataclass(frozen=True, eq=False)
class SharedFrame:
    _frame: pd.DataFrame

    def view(self) -> pd.DataFrame:
        """The table for one reader: changing it never changes the shared one."""
        return self._frame.copy(deep=False)

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self._frame.columns]

    def __len__(self) -> int:
        return len(self._frame)


def read_only_array(values: np.ndarray) -> np.ndarray:
    """The array itself, marked so that any write to it raises."""
    values.flags.writeable = False
    return values
