"""The schema as a table: field path, type, required, description, in property order."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import pandas as pd

from run_inspector.analysis.schema_fields import is_object_schema, schema_fields

SCHEMA_COLUMNS: Final = ("Field", "Type", "Required", "Description")


def schema_table(schema: Mapping[str, Any]) -> pd.DataFrame | None:
    """None when the schema is not an object schema: the page then shows it raw with a note."""
    if not is_object_schema(schema):
        return None
    rows = [
        (f.path.render(), f.type_text, f.required, f.description or "")
        for f in schema_fields(schema)
    ]
    return pd.DataFrame(rows, columns=list(SCHEMA_COLUMNS))
