"""Hostile strings in a run show as text: no dialog, no request outside the app, no formula."""

from __future__ import annotations

import copy
import csv
import io
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Dialog, Locator, Page, Request, expect

from run_inspector.fake_api import ScriptedResponse
from run_inspector.model.field_path import FieldPath
from tests.browser.conftest import (
    GRID_TIMEOUT_MS,
    VIEWPORT,
    AppServer,
    FakeApi,
    alert,
    gridcell,
    open_app,
    screenshot,
    select_row,
    wait_for_app,
)
from tests.conftest import demo_run

pytestmark = pytest.mark.browser

SCRIPT = "<script>alert('xss')</script>"
FORMULA_PREFIXES = ("=", "+", "-", "@")
# --- The beacon: any request it gets means the browser fetched a URL from the run ---------


class _Beacon(ThreadingHTTPServer):
    daemon_threads = True
    hits: list[str]


class _BeaconHandler(BaseHTTPRequestHandler):
    server: _Beacon

    def _hit(self) -> None:
        self.server.hits.append(f"{self.command} {self.path}")
        self.send_response(204)
        self.end_headers()

    do_GET = do_POST = do_HEAD = do_OPTIONS = _hit

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass(frozen=True)
class Hostile:
    beacon: _Beacon
    port: int
    run_job: str  # PER_DOC run, unknown status, error set
    records_job: str  # list data, status ERROR, unknown target
    error_job: str  # three 502s with an HTML page
    payloads: tuple[str, ...]
    hostile_key: str
    hyperlink: str
    everything: str = field(repr=False)


@pytest.fixture(scope="module")
def hostile(live_api: FakeApi) -> Iterator[Hostile]:
    beacon = _Beacon(("127.0.0.1", 0), _BeaconHandler)
    beacon.hits = []
    thread = threading.Thread(target=beacon.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    port = beacon.server_address[1]
    base = f"http://127.0.0.1:{port}"
    hyperlink = f'=HYPERLINK("{base}/f","x")'
    payloads = (
        SCRIPT,
        f'<img src="{base}/img.png" onerror="alert(1)">',
        "[click me](javascript:alert(1))",
        f"![beacon]({base}/md.png)",
        f"{base}/bare",
        hyperlink,
        "**bold**",
        ":red[red text]",
        "$x^2$",
        f'<iframe src="{base}/frame">',
    )
    everything = " ".join(payloads)
    hostile_key = f'<img src="{base}/key.png" onerror="alert(\'key\')">'
    jobs = [str(uuid.uuid4()) for _ in range(3)]
    run = _hostile_run(jobs[0], everything, hostile_key, hyperlink)
    live_api.app.add_run(run, job_id=jobs[0])
    live_api.app.add_run(_hostile_records_run(jobs[1], run, everything), job_id=jobs[1])
    html = (
        f"<html><head><title>502 {everything}</title></head><body><h1>Bad Gateway</h1>"
        f'<script>alert(2)</script><img src="{base}/502.png">{everything}</body></html>'
    )
    live_api.app.script(jobs[2], *[ScriptedResponse(502, html)] * 3)
    yield Hostile(
        beacon, port, jobs[0], jobs[1], jobs[2], payloads, hostile_key, hyperlink, everything
    )
    beacon.shutdown()
    beacon.server_close()
    thread.join(timeout=5)


def _hostile_run(job: str, text: str, hostile_key: str, hyperlink: str) -> dict[str, Any]:
    """The receipt demo run with every string it shows replaced by payloads."""
    run = demo_run("receipt_per_doc_bounding_boxes")
    run["job_id"] = job
    run["id"] = str(uuid.uuid4())
    run["status"] = f"<b>DONE</b> {text}"  # unknown: shown as sent
    run["error"] = text
    run["config"]["system_prompt"] = text
    run["config"]["extraction_target"] = f"PER_{text}"
    run["file"]["name"] = text
    run["file"]["purpose"] = text
    props = run["data_schema"]["properties"]
    for name in ("document_type", "summary"):
        props[name]["description"] = text
        props[name]["title"] = text
    for name in ("formula", "plus", "minus", "at"):
        props[name] = {"type": "string", "title": text, "description": text}
    run["data"] = {
        "document_type": text,
        "summary": SCRIPT,
        "formula": hyperlink,
        "plus": "+1+2",
        "minus": "-3+4",
        "at": "@SUM(1,2)",
        hostile_key: text,
    }
    meta = run["extraction_metadata"]["field_metadata"]
    for entry in meta.values():
        entry["reasoning"] = text
        for citation in entry["citation"]:
            citation["matching_text"] = text
    meta[hostile_key] = copy.deepcopy(meta["document_type"])
    return run


def _hostile_records_run(job: str, base: dict[str, Any], text: str) -> dict[str, Any]:
    """A failed list-target run with an unknown, hostile target and hostile items."""
    run = copy.deepcopy(base)
    run["job_id"] = job
    run["id"] = str(uuid.uuid4())
    run["status"] = "ERROR"
    run["config"]["extraction_target"] = text
    run["data"] = [dict(base["data"]), {"document_type": text, "summary": text}]
    run["extraction_metadata"] = {"field_metadata": [base["extraction_metadata"]["field_metadata"]]}
    return run


# --- Watching the browser -----------------------------------------------------------------


@dataclass
class Traffic:
    dialogs: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)


def watch(page: Page, hostile: Hostile) -> Traffic:
    """Record dialogs (dismissed) and requests; call before the first navigation."""
    hostile.beacon.hits.clear()
    traffic = Traffic()

    def on_dialog(dialog: Dialog) -> None:
        traffic.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_request(request: Request) -> None:
        traffic.urls.append(request.url)

    page.on("dialog", on_dialog)
    page.on("request", on_request)
    return traffic


def assert_inert(page: Page, app: AppServer, hostile: Hostile, traffic: Traffic) -> None:
    wait_for_app(page)
    page.wait_for_timeout(500)  # give a stray image or frame time to load
    assert traffic.dialogs == [], f"dialogs opened: {traffic.dialogs}"
    assert hostile.beacon.hits == [], f"the beacon was fetched: {hostile.beacon.hits}"
    origin = urlsplit(app.url).netloc
    # data: and blob: URLs never leave the browser.
    elsewhere = [
        u
        for u in traffic.urls
        if urlsplit(u).netloc != origin and not u.startswith(("data:", "blob:"))
    ]
    assert elsewhere == [], f"requests outside {origin}: {elsewhere}"
    beacon = f"127.0.0.1:{hostile.port}"
    dom = {
        "script in the app": "[data-testid='stApp'] script",
        "script saying alert": "script:has-text('alert')",
        "element with onerror": "[onerror]",
        "beacon image": f"img[src*='{beacon}']",
        "beacon frame": f"iframe[src*='{beacon}']",
        "frame in the app": "[data-testid='stApp'] iframe",
        "javascript: link": "a[href^='javascript:' i]",
        "link to the beacon": f"a[href*='{beacon}']",
        "rendered math": ".katex",
    }
    found = {name: page.locator(css).count() for name, css in dom.items()}
    assert {name: n for name, n in found.items() if n} == {}, found
    # Markdown applied to API text would leave these as an element's whole text.
    assert page.get_by_text("bold", exact=True).count() == 0
    assert page.get_by_text("red text", exact=True).count() == 0
    expect(page.locator("[data-testid='stException']")).to_have_count(0)


def shows_literally(page: Page, text: str) -> None:
    assert page.get_by_text(text, exact=False).count() >= 1, f"{text!r} is not shown as text"


# --- Finding things on the page -----------------------------------------------------------


def data_grid(page: Page) -> Locator:
    heading = page.get_by_role("heading", name="Extracted data", exact=True)
    block = page.locator("[data-testid='stVerticalBlock']").filter(has=heading).last
    return block.locator("[data-testid='stDataFrame']").first


def scroll_to_top(page: Page) -> None:
    """Streamlit scrolls inside its own container: wheel it back up before a screenshot."""
    page.mouse.move(VIEWPORT["width"] * 0.6, 400)
    page.mouse.wheel(0, -20_000)
    page.wait_for_timeout(300)


def read_csv(page: Page, label: str) -> list[list[str]]:
    with page.expect_download() as download:
        page.get_by_role("button", name=label).click()
    text = download.value.path().read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


# --- Tests --------------------------------------------------------------------------------


def test_hostile_run_shows_payloads_as_text(
    page: Page, live_app: AppServer, hostile: Hostile
) -> None:
    traffic = watch(page, hostile)
    open_app(page, live_app.at(f"job_id={hostile.run_job}"))
    grid = data_grid(page)
    expect(gridcell(grid, "document_type")).to_be_attached(timeout=GRID_TIMEOUT_MS)

    select_row(page, grid, 0)
    detail = page.locator("[data-testid='stVerticalBlock']").filter(
        has=page.get_by_text("Selected field", exact=True)
    )
    expect(detail.last.get_by_text("Reasoning", exact=True)).to_be_visible()
    expect(
        detail.last.locator("[data-testid='stCode']").filter(has_text=SCRIPT).first
    ).to_be_visible()

    page.get_by_text("Raw run JSON", exact=True).click()
    raw = page.locator("[data-testid='stExpanderDetails'] [data-testid='stCode']")
    expect(raw).to_contain_text(SCRIPT)
    wait_for_app(page)
    for text in hostile.payloads:
        shows_literally(page, text)
    shows_literally(page, f"<b>DONE</b> {SCRIPT}")  # the unknown status, in its badge
    scroll_to_top(page)
    screenshot(page, "hostile")

    box = page.get_by_role("textbox", name="Filter fields")
    box.fill(hostile.hostile_key)
    box.press("Enter")
    wait_for_app(page)
    # The key holds dots (in its URL), so its path text escapes them: `127\.0\.0\.1`.
    shown_key = FieldPath([hostile.hostile_key]).render()
    expect(gridcell(data_grid(page), shown_key)).to_be_attached(timeout=GRID_TIMEOUT_MS)
    expect(gridcell(data_grid(page), "document_type")).to_have_count(0)

    assert_inert(page, live_app, hostile, traffic)


def test_hostile_list_run_with_unknown_target(
    page: Page, live_app: AppServer, hostile: Hostile
) -> None:
    traffic = watch(page, hostile)
    open_app(page, live_app.at(f"job_id={hostile.records_job}"))
    grid = data_grid(page)
    expect(grid.locator("[role=gridcell]").first).to_be_attached(timeout=GRID_TIMEOUT_MS)
    select_row(page, grid, 0)
    shows_literally(page, SCRIPT)
    scroll_to_top(page)
    screenshot(page, "hostile-list")
    assert_inert(page, live_app, hostile, traffic)


def test_html_error_page_shows_as_text(page: Page, live_app: AppServer, hostile: Hostile) -> None:
    traffic = watch(page, hostile)
    open_app(page, live_app.at(f"job_id={hostile.error_job}"))
    error = alert(page, "server error (HTTP 502)")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Tried 3 times")
    shows_literally(page, "<script>alert(2)</script>")
    assert_inert(page, live_app, hostile, traffic)


def test_csv_downloads_neutralise_formulas(
    page: Page, live_app: AppServer, hostile: Hostile
) -> None:
    traffic = watch(page, hostile)
    page.add_init_script("delete window.showSaveFilePicker")
    open_app(page, live_app.at(f"job_id={hostile.run_job}"))

    for label in ("Field table CSV", "Data CSV"):
        rows = read_csv(page, label)
        header, body = rows[0], rows[1:]
        values = {row[header.index("Field")]: row[header.index("Value")] for row in body}
        assert values["formula"] == "'" + hostile.hyperlink, label
        assert values["plus"] == "'+1+2", label
        assert values["minus"] == "'-3+4", label
        assert values["at"] == "'@SUM(1,2)", label
        assert values[FieldPath([hostile.hostile_key]).render()] == hostile.everything, label
        risky = [c for row in rows for c in row if c.startswith(FORMULA_PREFIXES)]
        assert risky == [], f"{label}: cells a spreadsheet runs as formulas: {risky}"
    assert_inert(page, live_app, hostile, traffic)
