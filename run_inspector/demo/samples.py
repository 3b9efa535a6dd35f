"""Bundled sample runs, served by the fake API in-process so they take the real client path."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Final

import httpx

from run_inspector.api.client import make_http_pool
from run_inspector.demo.history import agent_history, demo_agents, v2_history
from run_inspector.fake_api import FakeLlamaCloud
from run_inspector.references.job_reference import parse_job_reference
from run_inspector.settings import Connection

DEMO_BASE_URL: Final = "http://demo.run-inspector.invalid"
# Not a secret: it only opens the bundled samples inside this process.
DEMO_API_KEY: Final = "demo-key"
# The project every bundled v1 run belongs to.
DEMO_PROJECT_ID: Final = "77bdc79f-fb69-49ae-a783-fcc573eec7ce"


@dataclass(frozen=True)
class DemoSample:
    job_id: str
    title: str
    file_name: str
    # A v2 job that runs for a while after its first fetch, then finishes as `file_name`.
    running_file_name: str | None = None

    @property
    def is_v2(self) -> bool:
        return parse_job_reference(self.job_id).api_version == "v2"


DEMO_SAMPLES: Final = (
    DemoSample(
        "5bb8a583-366c-416c-ba55-4f5724fef9a9",
        "Capacitor datasheet · PER_DOC · confidence",
        "capacitor_per_doc_confidence.json",
    ),
    DemoSample(
        "0b7e5d2a-41c3-4f7e-9c1a-6d2f8e9a3b54",
        "NVIDIA 10-K · PER_DOC · citations",
        "nvda_10k_per_doc_citations.json",
    ),
    DemoSample(
        "7f9b1d3f-5a7c-4e9b-8d1f-3a5c7e9b1d3f",
        "Invoice · schema problems",
        "invoice_schema_problems.json",
    ),
    DemoSample(
        "e1a3c5e7-b9d1-4f3a-8c5e-7a9b1d3f5c7e",
        "Receipt · PER_DOC · bounding boxes",
        "receipt_per_doc_bounding_boxes.json",
    ),
    DemoSample(
        "2c4e6a8b-0d1f-4a3b-9c5d-7e9f1a3b5c7d",
        "Invoice · PER_PAGE",
        "invoice_per_page_citations.json",
    ),
    DemoSample(
        "6a1f0d3c-2b4e-4c5f-8a7d-9e0b1c2d3f45",
        "Hospital list · PER_TABLE_ROW",
        "bsc_hospitals_per_table_row.json",
    ),
    DemoSample("a3b5c7d9-e1f3-4a5b-9c7d-e9f1a3b5c7d9", "Datasheet · ERROR", "datasheet_error.json"),
    DemoSample("1e3a5c7e-9b1d-4f3a-b5c7-e9a1c3e5a7b9", "Receipt · PENDING", "receipt_pending.json"),
    DemoSample(
        "ext-4f285bcf-9621-4808-b607-7880368bf775",
        "Receipt · per_doc with credits",
        "v2/receipt_completed_per_doc.json",
    ),
    DemoSample(
        "ext-aeb6465f-46c9-4039-97b4-0bfa4aeee865",
        "Hospital directory · per_table_row rows",
        "v2/hospitals_per_table_row.json",
    ),
    DemoSample(
        "ext-bdc98b0b-c6fc-4b1d-ac64-7d5e9fdd3041",
        "Datasheet · FAILED",
        "v2/datasheet_failed.json",
    ),
    DemoSample(
        "ext-1c3e02b9-e2e3-4f8c-b435-c1eabe1e00de",
        "Invoice · RUNNING, then done",
        "v2/invoice_completed.json",
        running_file_name="v2/invoice_running.json",
    ),
    DemoSample(
        "ext-test-job-id",
        "SDK fixture · no configuration",
        "v2/sdk_minimal_completed.json",
    ),
)
# How long the demo's running v2 job runs after its first fetch, and when it starts over.
DEMO_RUNNING_SECONDS: Final = 15.0
DEMO_RESTART_SECONDS: Final = 120.0
DEFAULT_DEMO_JOB_ID: Final = DEMO_SAMPLES[0].job_id
# No demo run has this job ID, so the demo batch shows how a row that is not found looks.
DEMO_UNKNOWN_JOB_ID: Final = "5d0c7c2e-3f7a-4b8e-9c61-2f4a9e7d1b00"
DEMO_BATCH_IDS: Final = ",".join([*(s.job_id for s in DEMO_SAMPLES), DEMO_UNKNOWN_JOB_ID])
# One invoice read twice by the same agent (history.COMPARE_AGENT_ID), a week apart: A before
# its schema and mode changed, B after. Kept out of DEMO_SAMPLES: the banner opens the pair on
# the compare page, and the sample buttons and the demo batch keep one run of each kind.
DEMO_COMPARE_PAIR: Final = (
    "60816803-73be-461f-a40d-2038fee7a6cd",
    "77075972-616d-4296-a0dd-0776c4a9da95",
)
DEMO_COMPARE_FILES: Final = ("compare/invoice_before.json", "compare/invoice_after.json")
# A run whose source file the demo serves (made by scripts/make_demo_source.py), through the
# same in-process transport as its API, at an https address as a real presigned link is.
DEMO_SOURCE_JOB_ID: Final = "c0ffee00-5a11-4d0c-9e55-000000000042"
DEMO_SOURCE_FILE_ID: Final = "c0ffee00-5a11-4d0c-9e55-0000000000f1"
# The field its banner button opens the source page on.
DEMO_SOURCE_FIELD: Final = "total"
DEMO_SOURCE_RUN: Final = "source/northwind_invoice_run.json"
DEMO_SOURCE_PDF: Final = "source/northwind_invoice.pdf"
DEMO_FILES_BASE_URL: Final = "https://files.demo.run-inspector.invalid"


def demo_run_bytes(sample: DemoSample) -> bytes:
    return _data_file(sample.file_name)


def _data_file(name: str) -> bytes:
    return resources.files("run_inspector.demo.data").joinpath(*name.split("/")).read_bytes()


def demo_fake_api(api_keys: Iterable[str] = (DEMO_API_KEY,)) -> FakeLlamaCloud:
    api = FakeLlamaCloud(api_keys=api_keys, files_base_url=DEMO_FILES_BASE_URL)
    for sample in DEMO_SAMPLES:
        body = demo_run_bytes(sample)
        if sample.running_file_name is not None:
            api.add_cycling_v2_job(
                sample.job_id,
                _data_file(sample.running_file_name),
                body,
                done_after_s=DEMO_RUNNING_SECONDS,
                restart_after_s=DEMO_RESTART_SECONDS,
            )
        elif sample.is_v2:
            api.add_v2_job(body, job_id=sample.job_id)
        else:
            api.add_run(body, job_id=sample.job_id)
    # A before B: the run list serves an agent's runs in the order they were stored.
    for job_id, name in zip(DEMO_COMPARE_PAIR, DEMO_COMPARE_FILES, strict=True):
        api.add_run(_data_file(name), job_id=job_id)
    api.add_run(_data_file(DEMO_SOURCE_RUN), job_id=DEMO_SOURCE_JOB_ID)
    api.add_file(DEMO_SOURCE_FILE_ID, _data_file(DEMO_SOURCE_PDF))
    for agent in demo_agents(DEMO_PROJECT_ID):
        api.add_agent(agent)
    for run in agent_history():
        api.add_run(run)
    for job in v2_history():
        api.add_v2_job(job)
    return api


def demo_transport() -> httpx.WSGITransport:
    """The fake API in this process: its runs, and the files its links point at."""
    return httpx.WSGITransport(app=demo_fake_api())


def demo_http_pool(transport: httpx.WSGITransport | None = None) -> httpx.Client:
    """A pool whose transport is the fake API: same client, parsing and views as live runs.
    `transport`: the one the demo's source files are downloaded through too."""
    return make_http_pool(DEMO_BASE_URL, transport=transport or demo_transport())


def demo_connection() -> Connection:
    return Connection(base_url=DEMO_BASE_URL, api_key=DEMO_API_KEY, demo=True)
