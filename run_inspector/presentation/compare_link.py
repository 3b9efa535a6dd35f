"""The compare page's link: its query parameters, part of the interface other tools rely on
(`/compare?a=<job>&b=<job>&a_project_id=…&key=line_items[].sku`)."""

from __future__ import annotations

from typing import Final

SIDES: Final = ("a", "b")
KEY_PARAM: Final = "key"


def scope_keys(side: str) -> tuple[str, str]:
    """A side's project and organization parameters."""
    return f"{side}_project_id", f"{side}_organization_id"


def compare_query(
    a: str, b: str | None, project_id: str | None, organization_id: str | None
) -> dict[str, str]:
    """The compare page's query for two jobs in one scope (B left empty to be typed)."""
    query = {"a": a, "b": b or ""}
    for side in SIDES:
        project_key, org_key = scope_keys(side)
        query |= {project_key: project_id or "", org_key: organization_id or ""}
    return {name: value for name, value in query.items() if value}
