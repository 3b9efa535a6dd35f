"""Synthetic runs for the benchmark: wide PER_TABLE_ROW tables (v1 and v2), a PER_DOC invoice
with many line items, and small invoices (20 line items) for an agent's run list."""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

PROJECT_ID = "77bdc79f-fb69-49ae-a783-fcc573eec7ce"
AGENT_ID = "5e3d2c1b-0a9f-4e8d-b7c6-a5f4e3d2c1b0"
FILE_ID = "e7f6d5c4-b3a2-4190-8f7e-6d5c4b3a2f10"
CREATED_AT = datetime(2026, 11, 1, 10, 0, tzinfo=UTC)
ROW_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["county", "hospital_name", "beds", "rating", "accredited", "opened", "plan_names"],
    "properties": {
        "county": {"type": "string", "description": "County name"},
        "hospital_name": {"type": "string", "description": "Name of the hospital"},
        "beds": {"type": "integer", "description": "Licensed beds"},
        "rating": {"type": ["number", "null"], "description": "Star rating"},
        "accredited": {"type": "boolean"},
        "opened": {"type": "string", "format": "date"},
        "plan_names": {"type": "array", "items": {"type": "string"}},
        "phone": {"type": ["string", "null"]},
    },
}
PLANS = ("Trio HMO", "SaveNet", "Access+ HMO", "BlueHPN PPO", "Tandem PPO", "PPO")


def table_row_run(job_id: str, rows: int, seed: int = 7) -> bytes:
    """A PER_TABLE_ROW run with `rows` rows of 8 columns (one value per row marks the size)."""
    return _run(job_id, "PER_TABLE_ROW", ROW_SCHEMA, _table_rows(rows, seed), None)


def v2_table_row_job(job_id: str, rows: int, seed: int = 7) -> bytes:
    """The same table as an Extract v2 per_table_row job, as `GET /api/v2/extract/{id}` sends it."""
    job = {
        "id": job_id,
        "project_id": "prj-bench",
        "file_input": "dfl-bench",
        "status": "COMPLETED",
        "created_at": "2026-11-01T10:00:00+00:00",
        "updated_at": "2026-11-01T10:04:00+00:00",
        "configuration_id": None,
        "configuration": {"data_schema": ROW_SCHEMA, "extraction_target": "per_table_row",
                          "tier": "agentic", "version": "2026-07-21"},
        "error_message": None,
        "extract_result": _table_rows(rows, seed),
        "extract_metadata": {"field_metadata": None, "parse_job_id": "pjb-bench",
                             "parse_tier": "agentic"},
        "metadata": {"usage": {"num_pages_extracted": rows // 40, "num_pages_billed": rows // 40}},
        "usage": {"credits": 15.0 * (rows // 40), "extract_credits": 15.0 * (rows // 40),
                  "parse_credits": 0.0},
    }  # fmt: skip
    return json.dumps(job).encode()


def _table_rows(rows: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [
        {
            "county": f"County {i % 58}",
            "hospital_name": f"hospital-{i:06d}",
            "beds": rng.randint(10, 900),
            "rating": None if i % 17 == 0 else round(rng.uniform(1, 5), 1),
            "accredited": i % 3 != 0,
            "opened": f"{1950 + i % 70}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "plan_names": list(PLANS[: 1 + i % len(PLANS)]),
            "phone": None if i % 5 == 0 else f"+1-555-{i % 10_000:04d}",
        }
        for i in range(rows)
    ]


LINE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["vendor", "invoice_number", "total", "line_items"],
    "properties": {
        "vendor": {"type": "object", "properties": {"name": {"type": "string"}}},
        "invoice_number": {"type": "string"},
        "total": {"type": "number"},
        "line_items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["sku", "description", "quantity", "unit_price"],
                "properties": {
                    "sku": {"type": "string"},
                    "description": {"type": "string"},
                    "quantity": {"type": "integer"},
                    "unit_price": {"type": "number"},
                    "tax_rate": {"type": ["number", "null"]},
                },
            },
        },
    },
}


def _entry(text: str, page: int, confidence: float) -> dict[str, Any]:
    return {
        "citation": [
            {
                "page": float(page),
                "matching_text": text,
                "bounding_boxes": [{"x": 40.0, "y": 80.0 + page, "w": 120.0, "h": 9.0}],
                "page_dimensions": {"width": 595.0, "height": 842.0},
            }
        ],
        "extraction_confidence": confidence,
        "parsing_confidence": 1.0,
        "confidence": confidence,
    }


def line_items_run(job_id: str, items: int, seed: int = 11) -> bytes:
    """A PER_DOC invoice with `items` line items and field_metadata for every field."""
    return _run(job_id, "PER_DOC", LINE_SCHEMA, *_invoice(items, seed))


def invoice_run(
    agent_id: str,
    job_id: str,
    file_name: str,
    *,
    run_id: str | None = None,
    file_id: str = FILE_ID,
    items: int = 20,
    created_at: datetime = CREATED_AT,
    seed: int = 11,
) -> bytes:
    """A realistic v1 invoice run of an agent, as its run list sends it: `items` line items
    (20 by default) with a confidence and a citation for every field and line-item field."""
    data, metadata = _invoice(items, seed)
    return _run(job_id, "PER_DOC", LINE_SCHEMA, data, metadata, run_id=run_id,
                agent_id=agent_id, file_id=file_id, file_name=file_name,
                created_at=created_at)  # fmt: skip


def agent_invoice_runs(agent_id: str, runs: int, *, first: int = 0) -> list[tuple[str, bytes]]:
    """`runs` invoice runs of one agent as (job id, body): new UUIDs for job, run and file,
    files `invoice-bench-000.pdf` onwards (numbered from `first`), each run a minute older
    than the one before, so the order stored is also newest first."""
    made = []
    for i in range(first, first + runs):
        job_id = str(uuid.uuid4())
        body = invoice_run(agent_id, job_id, list_file_name(i), run_id=str(uuid.uuid4()),
                           file_id=str(uuid.uuid4()),
                           created_at=CREATED_AT - timedelta(minutes=i), seed=i)  # fmt: skip
        made.append((job_id, body))
    return made


def list_file_name(index: int) -> str:
    return f"invoice-bench-{index:03d}.pdf"


def _invoice(items: int, seed: int) -> tuple[dict[str, Any], dict[str, Any]]:
    rng = random.Random(seed)
    lines: list[dict[str, Any]] = [
        {
            "sku": f"sku-{i:05d}",
            "description": f"Item number {i}",
            "quantity": rng.randint(1, 50),
            "unit_price": round(rng.uniform(0.5, 400), 2),
            "tax_rate": None if i % 9 == 0 else 0.2,
        }
        for i in range(items)
    ]
    line_meta = [
        {key: _entry(str(value), 1 + i // 40, round(rng.uniform(0.3, 1.0), 3))
         for key, value in line.items() if value is not None}
        for i, line in enumerate(lines)
    ]  # fmt: skip
    data = {
        "vendor": {"name": "Benchmark Supplies Ltd"},
        "invoice_number": "INV-0001",
        "total": round(sum(x["quantity"] * x["unit_price"] for x in lines), 2),
        "line_items": lines,
    }
    metadata = {
        "field_metadata": {
            "vendor": {"name": _entry("BENCHMARK SUPPLIES LTD", 1, 0.99), "reasoning": "VERBATIM"},
            "invoice_number": _entry("Invoice INV-0001", 1, 0.97),
            "total": _entry("TOTAL", 1 + items // 40, 0.91),
            "line_items": line_meta,
        },
        "usage": {"num_pages_extracted": 1 + items // 40, "num_document_tokens": 90 * items,
                  "num_output_tokens": 25 * items},
    }  # fmt: skip
    return data, metadata


def _run(
    job_id: str,
    target: str,
    schema: Any,
    data: Any,
    metadata: Any,
    *,
    run_id: str | None = None,
    agent_id: str = AGENT_ID,
    file_id: str = FILE_ID,
    file_name: str = "bench.pdf",
    created_at: datetime = CREATED_AT,
) -> bytes:
    run = {
        "id": run_id or job_id,
        "job_id": job_id,
        "extraction_agent_id": agent_id,
        "project_id": PROJECT_ID,
        "from_ui": False,
        "status": "SUCCESS",
        "created_at": _iso(created_at),
        "updated_at": _iso(created_at + timedelta(minutes=4)),
        "config": {"extraction_target": target, "extraction_mode": "PREMIUM"},
        "data_schema": schema,
        "data": data,
        "extraction_metadata": metadata,
        "file": {"id": file_id, "name": file_name,
                 "project_id": PROJECT_ID, "file_size": 1_000_000, "file_type": "pdf",
                 # as real runs carry it (see the capacitor sample)
                 "resource_info": {"file_size": 1_000_000,
                                   "last_modified_at": "2026-11-01T09:59:00"}},
    }  # fmt: skip
    return json.dumps(run).encode()


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def list_agent(agent_id: str, project_id: str) -> dict[str, Any]:
    """An extraction agent as `GET /api/v1/extraction/extraction-agents` lists it."""
    return {
        "id": agent_id,
        "name": f"Bench invoices {agent_id[:8]}",
        "project_id": project_id,
        "data_schema": LINE_SCHEMA,
        "config": {"extraction_target": "PER_DOC", "extraction_mode": "PREMIUM"},
        "created_at": _iso(CREATED_AT - timedelta(days=30)),
        "updated_at": _iso(CREATED_AT - timedelta(days=30)),
    }
