"""Agents, v1 runs and v2 jobs for the list tests: demo data under IDs of their own.

Every maker gives new IDs, so tests that store them in the session-wide fake API never list
each other's runs: a v1 test lists its own agent, a v2 test filters by its own file input.
"""

from __future__ import annotations

import copy
import json
import uuid
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from tests.conftest import DEMO_DATA

V1_RUN = "invoice_per_page_citations"
V2_JOB = "v2/hospitals_per_table_row"
PROJECT_UUID = "11111111-2222-4333-8444-555555555555"
START = datetime(2026, 8, 1, 9, 0, tzinfo=UTC)


@cache
def _demo(name: str) -> dict[str, Any]:
    return json.loads((DEMO_DATA / f"{name}.json").read_text(encoding="utf-8"))


def demo_payload(name: str) -> dict[str, Any]:
    """A bundled demo run or job (a deep copy: tests may change it)."""
    return copy.deepcopy(_demo(name))


def new_agent_id() -> str:
    return str(uuid.uuid4())


def new_file_input() -> str:
    return f"dfl-{uuid.uuid4()}"


def agent(agent_id: str, name: str, project_id: str = PROJECT_UUID) -> dict[str, Any]:
    """An agent as the agent list sends it, schema and config included."""
    return {
        "id": agent_id,
        "name": name,
        "project_id": project_id,
        "data_schema": {"type": "object", "properties": {"total": {"type": "number"}}},
        "config": {"extraction_mode": "BALANCED"},
        "created_at": "2026-07-01T08:00:00Z",
        "updated_at": "2026-07-02T08:00:00Z",
        "custom_configuration": None,
    }


def v1_run(agent_id: str, index: int = 0, **changes: Any) -> dict[str, Any]:
    """A whole ExtractRun of `agent_id` (a per-page invoice), created `index` minutes in."""
    run = demo_payload(V1_RUN)
    run.update(
        id=str(uuid.uuid4()),
        job_id=str(uuid.uuid4()),
        extraction_agent_id=agent_id,
        created_at=(START + timedelta(minutes=index)).isoformat(),
    )
    run["file"]["name"] = f"invoice-{index:02d}.pdf"
    return {**run, **changes}


def v2_job(file_input: str, index: int = 0, **changes: Any) -> dict[str, Any]:
    """A whole per_table_row job on `file_input`, created `index` minutes in."""
    job = demo_payload(V2_JOB)
    job.update(
        id=f"ext-{uuid.uuid4()}",
        file_input=file_input,
        created_at=(START + timedelta(minutes=index)).isoformat(),
    )
    return {**job, **changes}
