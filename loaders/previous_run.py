"""Cached search for the previous run on the same file, for the run page's "Compare with…".

It is one list request, kept in the runs page's 30 s list cache: a run page drawn again, or
opened by another session with the same credentials, does not ask again.
"""

from __future__ import annotations

from loaders.data_access import client_for
from loaders.run_lists import list_cache
from run_inspector.loading.list_cache import Listed
from run_inspector.loading.previous_run import PreviousRun, find_previous_run
from run_inspector.model.extraction import Extraction
from run_inspector.settings import Connection


def load_previous_run(
    connection: Connection,
    extraction: Extraction,
    project_id: str | None,
    organization_id: str | None,
    *,
    force: bool = False,
) -> Listed[PreviousRun]:
    """The previous run on this extraction's file, or the list's API error, kept 30 s."""
    client = client_for(connection)
    key = (
        connection.fingerprint,
        connection.base_url,
        "previous",
        extraction.api_version,
        extraction.reference,
        project_id,
        organization_id,
    )
    return list_cache().get(
        key,
        lambda: find_previous_run(
            client, extraction, project_id=project_id, organization_id=organization_id
        ),
        force=force,
    )
