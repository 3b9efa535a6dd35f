"""A page of Extract v2 jobs (`GET /api/v2/extract`): its items, kept as sent, and paging.

Each item is a job's JSON, to be read with `extraction_from_v2` when a person opens it;
reading them all up front would cost a whole page of results for a list of names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from run_inspector.adapters.v2_job import looks_like_v2_job
from run_inspector.model.json_text import count_text
from run_inspector.wire.tolerant import read_part
from run_inspector.wire.v2_job import LIST_SECTIONS, PAGING_KEYS, ExtractV2JobList

NOT_A_LIST: Final = "`items` should be a list"


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
    problems = [f"`{name}` {aside.problem}" for name, aside in own.set_aside.items()]
    sent = payload.get("items")
    if not isinstance(sent, list):
        problems.append(NOT_A_LIST)
        sent = []
    items = tuple(item for item in sent if isinstance(item, Mapping))
    if len(items) < len(sent):
        skipped = count_text(len(sent) - len(items), "item")
        problems.append(f"{skipped} left out: not a JSON object")
    token = own.model.next_page_token
    return JobList(
        items=items,
        next_page_token=token if token and token.strip() else None,
        total_size=own.model.total_size,
        problems=tuple(problems),
    )
