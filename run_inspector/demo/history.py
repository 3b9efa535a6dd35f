"""A run history for the demo's lists: agents, sixty runs of one agent, and older v2 jobs.

Built from the bundled samples, deterministically, so every start serves the same lists:
the EU invoice agent's runs are copies of the invoice sample with their own IDs, files,
times and outcomes, and the v2 jobs copies of the receipt job.
"""

from __future__ import annotations

import copy
import json
import uuid
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any, Final

# The agent the invoice, receipt and pending-receipt samples already belong to.
INVOICE_AGENT_ID: Final = "d9f1b3d5-f7a9-4b1d-a3f5-b7d9f1a3c5e7"
# The agent of the compare pair (samples.DEMO_COMPARE_PAIR): its two runs and no others, so
# "the previous run of this agent on this file" of the newer one is the older one.
COMPARE_AGENT_ID: Final = "9e4218ac-5d2b-49e2-8b98-4da3747b2d5f"
# The agent of the run whose source file the demo serves (samples.DEMO_SOURCE_JOB_ID).
SOURCE_AGENT_ID: Final = "5a7e1c3b-9d2f-4e8a-b6c4-0f1e2d3c4b5a"
AGENT_NAMES: Final = {
    INVOICE_AGENT_ID: "Invoices and receipts (EU)",
    "5e3d2c1b-0a9f-4e8d-b7c6-a5f4e3d2c1b0": "Hospital directory",
    "e834e99f-1f35-4748-b82f-03de4bd07ca6": "Component datasheets",
    "b4c6d8e0-f2a4-4b6c-8d0e-f2a4b6c8d0e2": "Datasheet parser (beta)",
    "8e0a2c4e-6b8d-4f1a-a3c5-e7f9b1d3f5a7": "Invoices by page",
    "a6c2e0f1-7b3d-4e59-8f21-5c4d3b2a1e09": "Annual reports",
    COMPARE_AGENT_ID: "Invoices (schema v2 rollout)",
    SOURCE_AGENT_ID: "Invoices with source files",
}
HISTORY_RUNS: Final = 57  # with the agent's three bundled runs, sixty: three pages of 25
HISTORY_V2_JOBS: Final = 40
_NAMESPACE: Final = uuid.UUID("6f1c1e0e-3d7a-4b5e-9c2a-8f4d6b0a1c3e")
_START: Final = datetime(2025, 10, 15, 8, 0, tzinfo=UTC)
_FAILURES: Final = (
    "Parse failed: the PDF is password protected",
    "Extraction timed out after 600 seconds",
    "File not found: the upload expired before extraction started",
)


def demo_agents(project_id: str) -> list[dict[str, Any]]:
    """The agents of the bundled runs, as `GET /api/v1/extraction/extraction-agents` lists them."""
    return [
        {
            "id": agent_id,
            "name": name,
            "project_id": project_id,
            "data_schema": {"type": "object"},
            "config": {},
            "created_at": "2025-01-06T09:00:00Z",
            "updated_at": "2025-01-06T09:00:00Z",
        }
        for agent_id, name in AGENT_NAMES.items()
    ]


def agent_history() -> list[dict[str, Any]]:
    """More runs of the EU invoice agent: mostly successes, every seventh failed, two pending."""
    template = _sample("invoice_schema_problems.json")
    runs = []
    for n in range(HISTORY_RUNS):
        run = copy.deepcopy(template)
        created = _START + timedelta(hours=7 * n, minutes=13 * n % 60)
        run["id"] = _id("run", n)
        run["job_id"] = _id("job", n)
        run["created_at"] = _time(created)
        run["updated_at"] = _time(created + timedelta(seconds=40 + n % 50))
        run["file"]["name"] = f"facture-2025-{200 + n:04d}.pdf"
        run["file"]["id"] = run["file_id"] = _id("file", n)
        if n % 7 == 3:
            run.update(status="ERROR", error=_FAILURES[n % 3], data=None)
        elif n >= HISTORY_RUNS - 2:
            run.update(status="PENDING", data=None, extraction_metadata=None)
        runs.append(run)
    return runs


def v2_history() -> list[dict[str, Any]]:
    """Older Extract v2 jobs of the receipt's project: enough for two pages of 25."""
    template = _sample("v2/receipt_completed_per_doc.json")
    jobs = []
    for n in range(HISTORY_V2_JOBS):
        job = copy.deepcopy(template)
        created = _START - timedelta(days=40) + timedelta(hours=11 * n)
        job["id"] = f"ext-{_id('v2-job', n)}"
        job["file_input"] = f"dfl-{_id('v2-file', n)}"
        job["created_at"] = _time(created)
        job["updated_at"] = _time(created + timedelta(seconds=20 + n % 30))
        if n % 6 == 2:
            job.update(
                status="FAILED",
                error_message=_FAILURES[n % 3],
                extract_result=None,
                extract_metadata=None,
            )
        elif n % 13 == 5:
            job.update(status="CANCELLED", extract_result=None, extract_metadata=None)
        jobs.append(job)
    return jobs


def _sample(name: str) -> dict[str, Any]:
    data = resources.files("run_inspector.demo.data").joinpath(*name.split("/")).read_bytes()
    loaded: dict[str, Any] = json.loads(data)
    return loaded


def _id(kind: str, n: int) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{kind}-{n}"))


def _time(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")
