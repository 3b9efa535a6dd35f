"""Cached list loads for the runs page: agents, a v1 agent's runs, v2 jobs (30 s, shared)."""

from __future__ import annotations

from dataclasses import astuple, dataclass
from datetime import datetime

import streamlit as st

from loaders.data_access import client_for
from run_inspector.loading.list_cache import ListCache, Listed
from run_inspector.model.run_summary import AgentSummary, RunPage
from run_inspector.settings import Connection

Agents = tuple[tuple[AgentSummary, ...], tuple[str, ...]]


@dataclass(frozen=True)
class ListScope:
    """Project and organization a list is asked for."""

    project_id: str | None
    organization_id: str | None


@dataclass(frozen=True)
class V1RunsQuery:
    agent_id: str
    skip: int
    limit: int
    status: str | None


@dataclass(frozen=True)
class V2JobsQuery:
    page_size: int
    page_token: str | None
    status: str | None
    configuration_id: str | None
    file_input: str | None
    created_from: datetime | None
    created_to: datetime | None


@st.cache_resource(show_spinner=False)
def list_cache() -> ListCache:
    """The 30 s list cache, shared by every list load (and the previous-run search)."""
    return ListCache()


def load_agents(connection: Connection, scope: ListScope, *, force: bool = False) -> Listed[Agents]:
    client = client_for(connection)
    return list_cache().get(
        (connection.fingerprint, connection.base_url, "agents", *astuple(scope)),
        lambda: client.list_agents(
            project_id=scope.project_id, organization_id=scope.organization_id
        ),
        force=force,
    )


def load_v1_runs(
    connection: Connection, scope: ListScope, query: V1RunsQuery, *, force: bool = False
) -> Listed[RunPage]:
    client = client_for(connection)
    return list_cache().get(
        (connection.fingerprint, connection.base_url, "v1_runs", *astuple(scope), *astuple(query)),
        lambda: client.list_v1_runs(
            query.agent_id,
            skip=query.skip,
            limit=query.limit,
            status=query.status,
            project_id=scope.project_id,
            organization_id=scope.organization_id,
        ),
        force=force,
    )


def load_v2_jobs(
    connection: Connection, scope: ListScope, query: V2JobsQuery, *, force: bool = False
) -> Listed[RunPage]:
    client = client_for(connection)
    return list_cache().get(
        (connection.fingerprint, connection.base_url, "v2_jobs", *astuple(scope), *astuple(query)),
        lambda: client.list_v2_jobs(
            page_size=query.page_size,
            page_token=query.page_token,
            status=query.status,
            configuration_id=query.configuration_id,
            file_input=query.file_input,
            created_from=query.created_from,
            created_to=query.created_to,
            project_id=scope.project_id,
            organization_id=scope.organization_id,
        ),
        force=force,
    )
