"""A page of Extract v2 jobs (`GET /api/v2/extract`): its items, its paging, its summaries.

`job_list_from_v2` keeps each item as sent, to be read with `extraction_from_v2` when a
person opens it (an uploaded list file). `run_page_from_v2` reads each item into a summary
instead: the job's own fields, its tier when the configuration came with it, and the number
of items of a list result; never the result, the schema or the field metadata.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from run_inspector.adapters import common, list_items
from run_inspector.adapters.list_items import ItemRead
from run_inspector.adapters.v2_job import (
    file_input,
    looks_like_v2_job,
    read_configuration,
    read_job_fields,
)
from run_inspector.model.json_text import first_line
from run_inspector.model.run_summary import RunPage, RunSummary
from run_inspector.wire.tolerant import read_part
from run_inspector.wire.v2_job import LIST_SECTIONS, PAGING_KEYS, ExtractV2JobList


@dataclass(frozen=True)
class JobList:
    items: tuple[Mapping[str, Any], ...]
    next_page_token: str | None = None
    total_size: int | None = None
    # What could not be read: items that are not objects, odd paging values.
    problems: tuple[str, ...] = ()


def looks_like_v2_list(payload: Mapping[str, Any]) -> bool:
    """True for a page of v2 jobs: a list of `items` with v2 paging or v2 jobs in it.

    A v1 page of runs also has `items`, but pages by `total`, `skip` and `limit`.
    """
    items = payload.get("items")
    if not isinstance(items, list) or "id" in payload:
        return False
    if any(key in payload for key in PAGING_KEYS):
        return True
    return any(isinstance(item, Mapping) and looks_like_v2_job(item) for item in items)


def job_list_from_v2(payload: Mapping[str, Any]) -> JobList:
    own = read_part(ExtractV2JobList, {k: v for k, v in payload.items() if k not in LIST_SECTIONS})
    items, left_out = list_items.object_items(payload.get("items"))
    token = own.model.next_page_token
    return JobList(
        items=items,
        next_page_token=token if token and token.strip() else None,
        total_size=own.model.total_size,
        problems=(*list_items.paging_problems(own, payload), *left_out),
    )


def run_page_from_v2(payload: Any) -> RunPage:
    """A page of jobs as summaries: `{items, next_page_token, total_size}`."""
    if not isinstance(payload, Mapping):
        return RunPage((), problems=(list_items.NOT_A_PAGE,))
    jobs = job_list_from_v2(payload)
    summaries, problems = list_items.read_items(jobs.items, summary_from_v2)
    return RunPage(
        summaries,
        total=jobs.total_size,
        next_page_token=jobs.next_page_token,
        problems=(*jobs.problems, *problems),
    )


def summary_from_v2(payload: Mapping[str, Any]) -> ItemRead[RunSummary]:
    """One listed job as a summary and its problems, or why it is no job."""
    own = read_job_fields(payload)
    if isinstance(own, str):
        return own
    job = own.model
    configuration = read_configuration(payload.get("configuration"))
    status = common.read_status(own)
    file_id = file_input(job)
    summary = RunSummary(
        api_version="v2",
        job_id=common.usable_id(job.id),
        run_id=None,
        status=status,
        created_at=job.created_at,
        updated_at=job.updated_at,
        file_label=file_id,
        file_id=file_id,
        tier_or_mode=configuration.model.tier,
        error=first_line(job.error_message),
        row_count=common.row_count(payload.get("extract_result")),
        agent_id=None,
        configuration_id=common.usable_id(job.configuration_id),
        project_id=job.project_id,
    )
    reference = summary.job_id or ""
    problems = [
        *list_items.own_problems(reference, own, status),
        *list_items.part_problems(reference, configuration, name="configuration", only=("tier",)),
    ]
    return summary, tuple(problems)
