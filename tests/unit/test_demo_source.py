"""The demo's source PDF and its run are what scripts/make_demo_source.py writes (so the
bundled files can be remade and checked), and the run's boxes sit on the page except the one
misplaced on purpose."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from run_inspector.adapters.reading import read_any_body
from run_inspector.api.client import LlamaCloudClient
from run_inspector.demo.samples import (
    DEMO_API_KEY,
    DEMO_BASE_URL,
    DEMO_FILES_BASE_URL,
    DEMO_SOURCE_FILE_ID,
    DEMO_SOURCE_JOB_ID,
    demo_http_pool,
)
from run_inspector.model.extraction import Extraction
from run_inspector.model.field_path import FieldPath
from run_inspector.source.boxes import outside_page

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "run_inspector" / "demo" / "data" / "source"


def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_demo_source", ROOT / "scripts" / "make_demo_source.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_bundled_files_are_what_the_script_writes(tmp_path: Path) -> None:
    pdf, run = script().write(tmp_path)
    assert pdf.read_bytes() == (BUNDLED / pdf.name).read_bytes()
    assert run.read_text(encoding="utf-8") == (BUNDLED / run.name).read_text(encoding="utf-8")


def test_every_box_is_on_its_page_but_the_misplaced_one() -> None:
    run = read_any_body((BUNDLED / "northwind_invoice_run.json").read_bytes())
    assert isinstance(run, Extraction)
    off_page = {
        path.render()
        for path, meta in run.metadata.document.items()
        for citation in meta.citations
        for box in citation.boxes
        if citation.page_size is not None and outside_page(box, citation.page_size)
    }
    assert off_page == {FieldPath.parse("payment_terms").render()}


def test_the_demo_serves_the_run_and_its_source_file_at_an_https_link() -> None:
    pool = demo_http_pool()
    client = LlamaCloudClient(DEMO_API_KEY, DEMO_BASE_URL, http=pool)
    run = client.fetch_run_by_job(DEMO_SOURCE_JOB_ID).extraction
    assert run.file_id == DEMO_SOURCE_FILE_ID

    link = client.file_download(DEMO_SOURCE_FILE_ID)

    assert link.url.startswith(DEMO_FILES_BASE_URL + "/")
    assert pool.get(link.url).content == (BUNDLED / "northwind_invoice.pdf").read_bytes()
