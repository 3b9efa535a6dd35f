"""The v1 lists: the extraction agents, and a page of an agent's runs as summaries.

Each listed run is a whole ExtractRun, data and field metadata included; a summary reads only
the run's own fields, its file's name and its extraction mode, and counts the items of a list
result. It never reads the data, the schema or the metadata, so a page of 100 large runs
costs little more than its JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from run_inspector.adapters import common, list_items
from run_inspector.adapters.list_items import ItemRead
from run_inspector.adapters.v1_run import read_run_fields
from run_inspector.model.json_text import first_line
from run_inspector.model.run_summary import AgentSummary, RunPage, RunSummary
from run_inspector.wire.tolerant import read_part
from run_inspector.wire.v1_lists import (
    AGENT_SECTIONS,
    REQUIRED_PAGING_FIELDS,
    RUN_PAGE_SECTIONS,
    ExtractAgent,
    ExtractRunPage,
)
from run_inspector.wire.v1_run import ExtractConfig, File

NOT_A_LIST_OF_AGENTS: Final = "the agent list should be a JSON list"
NO_AGENT_ID: Final = "it has no agent ID (`id`)"
NO_NAME: Final = "`name` was not sent"


def agents_from_v1(payload: Any) -> tuple[tuple[AgentSummary, ...], tuple[str, ...]]:
    """The agents of `GET /api/v1/extraction/extraction-agents` (a bare list), and problems."""
    if not isinstance(payload, list):
        return (), (NOT_A_LIST_OF_AGENTS,)
    items, left_out = list_items.object_items(payload)
    agents, problems = list_items.read_items(items, _agent)
    return agents, (*left_out, *problems)


def run_page_from_v1(payload: Any) -> RunPage:
    """A page of `GET /api/v1/extraction/runs`: `{items, total, skip, limit}`."""
    if not isinstance(payload, Mapping):
        return RunPage((), problems=(list_items.NOT_A_PAGE,))
    own = read_part(
        ExtractRunPage, {k: v for k, v in payload.items() if k not in RUN_PAGE_SECTIONS}
    )
    paging = list_items.paging_problems(own, payload, REQUIRED_PAGING_FIELDS)
    items, left_out = list_items.object_items(payload.get("items"))
    summaries, problems = list_items.read_items(items, summary_from_v1)
    return RunPage(
        summaries,
        total=own.model.total,
        skip=own.model.skip,
        limit=own.model.limit,
        problems=(*paging, *left_out, *problems),
    )


def summary_from_v1(payload: Mapping[str, Any]) -> ItemRead[RunSummary]:
    """One listed run as a summary and its problems, or why it is no run."""
    own = read_run_fields(payload)
    if isinstance(own, str):
        return own
    run = own.model
    file = read_part(File, payload.get("file"))
    config = read_part(ExtractConfig, payload.get("config"))
    status = common.read_status(own)
    file_id = common.usable_id(run.file_id) or common.usable_id(file.model.id)
    summary = RunSummary(
        api_version="v1",
        job_id=common.usable_id(run.job_id),
        run_id=common.usable_id(run.id),
        status=status,
        created_at=run.created_at,
        updated_at=run.updated_at,
        file_label=file.model.name or file_id,
        file_id=file_id,
        tier_or_mode=config.model.extraction_mode,
        error=first_line(run.error),
        row_count=common.row_count(payload.get("data")),
        agent_id=common.usable_id(run.extraction_agent_id),
        configuration_id=None,
        project_id=run.project_id,
    )
    reference = summary.job_id or summary.run_id or ""
    problems = [
        *list_items.own_problems(reference, own, status),
        *list_items.part_problems(reference, file, name="file", only=("name",)),
        *list_items.part_problems(reference, config, name="config", only=("extraction_mode",)),
    ]
    return summary, tuple(problems)


def _agent(payload: Mapping[str, Any]) -> ItemRead[AgentSummary]:
    own = read_part(ExtractAgent, {k: v for k, v in payload.items() if k not in AGENT_SECTIONS})
    agent_id = common.usable_id(own.model.id)
    if agent_id is None:
        return NO_AGENT_ID
    problems = list_items.part_problems(agent_id, own, only=("name", "project_id", "created_at"))
    if own.model.name is None and "name" not in own.set_aside:
        problems.append(f"{agent_id}: {NO_NAME}")
    agent = AgentSummary(
        agent_id=agent_id,
        name=own.model.name or "",
        project_id=own.model.project_id,
        created_at=own.model.created_at,
    )
    return agent, tuple(problems)
