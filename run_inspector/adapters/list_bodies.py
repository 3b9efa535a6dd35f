"""Response bytes of the list endpoints to agents and pages, refused only when hopeless.

A body is refused whole when it is not JSON or not the list's shape: the agents are a JSON
list, a page of runs or jobs an object whose `items` is a list. Anything odd inside is read
around and listed as a problem of the page.
"""

from __future__ import annotations

from typing import Any, Final

from run_inspector.adapters.v1_lists import agents_from_v1, run_page_from_v1
from run_inspector.adapters.v2_list import run_page_from_v2
from run_inspector.model.run_summary import AgentSummary, RunPage
from run_inspector.wire.invalid_body import InvalidBody
from run_inspector.wire.parsing import invalid_body, parse_json

NOT_A_JSON_LIST: Final = "the body is not a JSON list (of agents)"
NOT_A_PAGE_OBJECT: Final = "the body is not a JSON object with a list of `items`"

AgentList = tuple[tuple[AgentSummary, ...], tuple[str, ...]]


def read_agents_body(body: bytes) -> AgentList | InvalidBody:
    payload = parse_json(body)
    if isinstance(payload, InvalidBody):
        return payload
    if not isinstance(payload, list):
        return invalid_body(body, NOT_A_JSON_LIST)
    return agents_from_v1(payload)


def read_v1_runs_body(body: bytes) -> RunPage | InvalidBody:
    payload = _page_payload(body)
    return payload if isinstance(payload, InvalidBody) else run_page_from_v1(payload)


def read_v2_jobs_body(body: bytes) -> RunPage | InvalidBody:
    payload = _page_payload(body)
    return payload if isinstance(payload, InvalidBody) else run_page_from_v2(payload)


def _page_payload(body: bytes) -> Any:
    payload = parse_json(body)
    if isinstance(payload, InvalidBody):
        return payload
    if not isinstance(payload, dict) or not isinstance(payload.get("items"), list):
        return invalid_body(body, NOT_A_PAGE_OBJECT)
    return payload
