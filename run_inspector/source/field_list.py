"""The fields the source view offers, built once per run: every field that cites a page, by
path and by its text, and a list short enough for a select box.

A run with 5,000 line items cites some 25,000 fields; sent as options on every rerun they
were 600 KB for the browser to take in. The box lists the first MAX_LISTED_FIELDS, in the
run's order, plus the field asked for (from a link or "Show on page") wherever it is.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from run_inspector.model.extraction import Extraction
from run_inspector.model.field_metadata import Citation
from run_inspector.model.field_path import FieldPath
from run_inspector.source.boxes import cited_pages
from run_inspector.source.view import cited_fields

MAX_LISTED_FIELDS: Final = 500


@dataclass(frozen=True, eq=False)
class CitedFields:
    """`cited`: every field citing a page, in the run's order; `listed`: the text of the
    first of them, for the box."""

    cited: dict[FieldPath, tuple[Citation, ...]]
    listed: tuple[str, ...]

    @property
    def listing(self) -> tuple[int, int] | None:
        """(listed, cited) when the list leaves fields out, else None."""
        return (len(self.listed), len(self.cited)) if len(self.listed) < len(self.cited) else None

    def path_of(self, text: object) -> FieldPath | None:
        """The cited field this text names, in its own text form (as listed), if any."""
        if not isinstance(text, str):
            return None
        try:
            path = FieldPath.parse(text)
        except ValueError:
            return None
        return path if path in self.cited and path.render() == text else None

    def options(self, asked: object) -> list[str]:
        """The list, with the field asked for added if it is cited but not listed."""
        listed = list(self.listed)
        if isinstance(asked, str) and asked not in self.listed and self.path_of(asked):
            listed.append(asked)
        return listed

    def pages_of(self, text: str | None) -> Sequence[int]:
        """The pages the field named by `text` cites, in order (none for another text)."""
        path = self.path_of(text)
        return cited_pages(self.cited[path]) if path is not None else ()


def list_cited_fields(extraction: Extraction, limit: int = MAX_LISTED_FIELDS) -> CitedFields:
    """The run's cited fields, and the first `limit` of them as text (rendering all 25,000
    of a large run costs 20 ms: only the listed ones are)."""
    cited = cited_fields(extraction)
    listed = tuple(path.render() for path in itertools.islice(cited, limit))
    return CitedFields(cited, listed)
