"""How much the Python heap grows while browsing 10 pages of 100 invoice runs: prints figures.

    python -m bench.list_heap                     # in-process, then in `streamlit run app.py`
    python -m bench.list_heap --no-streamlit      # in-process only (a few seconds)

The fake LlamaCloud API runs in a process of its own (so its stored runs are not counted)
with one agent of 1,000 invoice runs (20 line items each, field metadata for every field)
and a warm-up agent of 100.

1. In-process: the runs page's list path without Streamlit: the real client and
   `ListCache` (`run_inspector.loading.list_cache`), keyed as `loaders/run_lists.py` keys
   it, list pages `skip=0, 100, ... 900` of the agent. tracemalloc starts after one warm-up
   page (imports, connection pool); the growth is read after a full collection, and again
   after `gc.unfreeze()` and another: parsing freezes whatever is alive then
   (`run_inspector/collector_pause.py`), cyclic garbage included, so the first figure is
   what the server holds and the second what the summaries alone take.
2. In the server: `streamlit run app.py` under tracemalloc (bench/traced_streamlit.py),
   Chromium opens `/runs?agent_id=…&page_size=100&page=N` for N = 1 to 10, each until its
   newest run's file name is painted; the heap is read (after a full collection) once the
   warm-up page is shown (after `gc.unfreeze()` too, so no garbage of the warm-up counts),
   and again after the tenth page (then once more after `gc.unfreeze()`). It includes what
   Streamlit keeps per session (a reload is a new session; a closed one is kept two
   minutes) and its message cache.

Nothing is asserted: the bar (less than 50 MB) is judged in docs/performance.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import tempfile
import time
import tracemalloc
import urllib.request
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Final

import orjson
from playwright.sync_api import Browser, sync_playwright

from bench.chromium import CHROMIUM, CHROMIUM_ARGS
from bench.generate_runs import agent_invoice_runs, list_agent, list_file_name
from bench.performance import PAINT_TIMEOUT_MS, PAINTED_AT_MS, open_root
from bench.streamlit_process import StreamlitProcess, rss_mib, running_streamlit
from bench.traced_streamlit import HEAP_DIR_ENV

API_KEY: Final = "bench-heap-key"  # only opens the fake API this script starts
PAGES: Final = 10
PAGE_SIZE: Final = 100
FINGERPRINT: Final = "bench-fingerprint"  # stands in for the credential fingerprint
MB: Final = 1e6
STARTUP_TIMEOUT_S: Final = 120.0  # tracing makes Streamlit start slowly
HEAP_ANSWER_TIMEOUT_S: Final = 120.0


@dataclass(frozen=True)
class Agents:
    base_url: str
    warm_up: str  # 100 runs
    browsed: str  # PAGES * PAGE_SIZE runs


@dataclass(frozen=True)
class InProcess:
    growth_bytes: list[int]  # after each page, from the start
    unfrozen_bytes: int  # after the last page, once frozen garbage is collected as well
    peak_bytes: int  # the most traced at once, above the start
    page_json_bytes: int  # one page's body
    parsed_page_bytes: int  # one page's body parsed, as it would stay if kept

    @property
    def per_summary_bytes(self) -> float:
        return self.growth_bytes[-1] / (PAGES * PAGE_SIZE)

    @property
    def unfrozen_per_summary_bytes(self) -> float:
        return self.unfrozen_bytes / (PAGES * PAGE_SIZE)


@dataclass(frozen=True)
class InServer:
    start_bytes: int
    end_bytes: int
    unfrozen_bytes: int  # then after gc.unfreeze() and a full collection
    peak_bytes: int  # the most traced at once while the pages were opened
    rss_start_mib: float | None
    rss_end_mib: float | None
    seconds: list[float]  # each page, navigation to painted (slowed by tracing)

    @property
    def growth_bytes(self) -> int:
        return self.end_bytes - self.start_bytes


# --- The fake API, in a process of its own ---------------------------------------------------


def _serve_runs(conn: Connection, warm_up: str, browsed: str) -> None:
    from run_inspector.fake_api import FakeLlamaCloud, serve

    api = FakeLlamaCloud(api_keys={API_KEY})
    project = str(uuid.uuid4())
    for agent_id, runs in ((warm_up, PAGE_SIZE), (browsed, PAGES * PAGE_SIZE)):
        api.add_agent(list_agent(agent_id, project))
        for job_id, body in agent_invoice_runs(agent_id, runs):
            api.add_run(body, job_id=job_id)
    server = serve(api)
    try:
        conn.send(server.base_url)
        conn.recv()  # until told to stop
    finally:
        server.stop()


@contextmanager
def fake_api() -> Iterator[Agents]:
    warm_up, browsed = str(uuid.uuid4()), str(uuid.uuid4())
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    process = context.Process(target=_serve_runs, args=(theirs, warm_up, browsed), daemon=True)
    process.start()
    try:
        if not ours.poll(120):
            raise RuntimeError("the fake API did not start")
        yield Agents(ours.recv(), warm_up, browsed)
    finally:
        ours.send("stop")
        process.join(timeout=10)
        if process.is_alive():
            process.terminate()


# --- 1. In-process: client and list cache ------------------------------------------------


def in_process(agents: Agents) -> InProcess:
    from run_inspector.api.client import LlamaCloudClient
    from run_inspector.loading.list_cache import ListCache

    client = LlamaCloudClient(API_KEY, agents.base_url)
    try:
        warm = ListCache().get("warm-up", lambda: client.list_v1_runs(agents.warm_up, limit=100))
        assert warm.value is not None, warm.error
        gc.collect()
        tracemalloc.start()
        try:
            start = tracemalloc.get_traced_memory()[0]
            cache = ListCache()
            growth = []
            for number in range(PAGES):
                skip = number * PAGE_SIZE
                key = (FINGERPRINT, agents.base_url, "v1_runs", None, None,
                       agents.browsed, skip, PAGE_SIZE, None)  # fmt: skip
                fetch = partial(client.list_v1_runs, agents.browsed, skip=skip, limit=PAGE_SIZE)
                listed = cache.get(key, fetch)
                if listed.value is None or len(listed.value.summaries) != PAGE_SIZE:
                    raise RuntimeError(f"page {number + 1} was not listed: {listed.error}")
                gc.collect()
                growth.append(tracemalloc.get_traced_memory()[0] - start)
            peak = tracemalloc.get_traced_memory()[1] - start
            # What is left once frozen cyclic garbage is collected too: the summaries.
            gc.unfreeze()
            gc.collect()
            unfrozen = tracemalloc.get_traced_memory()[0] - start
            page_json, parsed = _one_page_parsed(agents)
        finally:
            tracemalloc.stop()
        del cache
    finally:
        client.close()
    return InProcess(growth, unfrozen, peak, page_json, parsed)


def _one_page_parsed(agents: Agents) -> tuple[int, int]:
    """One page's body, and what it takes parsed (what a cache of whole pages would keep)."""
    query = f"extraction_agent_id={agents.browsed}&limit={PAGE_SIZE}"
    request = urllib.request.Request(
        f"{agents.base_url}/api/v1/extraction/runs?{query}",
        headers={"Authorization": f"Bearer {API_KEY}"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        body = response.read()
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    parsed: Any = orjson.loads(body)
    held = tracemalloc.get_traced_memory()[0] - before
    del parsed
    return len(body), held


# --- 2. In `streamlit run app.py` --------------------------------------------------------


@contextmanager
def traced_app(agents: Agents, folder: Path) -> Iterator[StreamlitProcess]:
    env = {"LLAMA_CLOUD_API_KEY": API_KEY, "LLAMA_CLOUD_BASE_URL": agents.base_url,
           HEAP_DIR_ENV: str(folder)}  # fmt: skip
    with running_streamlit(
        env,
        folder / "streamlit.log",
        launcher=("-m", "bench.traced_streamlit"),
        startup_timeout_s=STARTUP_TIMEOUT_S,
    ) as app:
        yield app


def ask_heap(folder: Path, number: int, *, unfreeze: bool = False) -> dict[str, float]:
    """The traced heap of the server now (after a full collection there, and `gc.unfreeze()`
    before it if `unfreeze`)."""
    asked = folder / f"ask-{number}.tmp"
    asked.write_text("unfreeze" if unfreeze else "")
    asked.rename(folder / f"ask-{number}")
    answer = folder / f"heap-{number}.json"
    deadline = time.monotonic() + HEAP_ANSWER_TIMEOUT_S
    while not answer.exists():
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not report its heap")
        time.sleep(0.1)
    heap: dict[str, float] = json.loads(answer.read_text())
    return heap


def in_server(agents: Agents) -> InServer:
    with (
        tempfile.TemporaryDirectory() as temp,
        traced_app(agents, Path(temp)) as app,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            open_root(browser, app)
            _open_list(browser, app, agents.warm_up, 1)
            time.sleep(1)  # let the script run finish
            start = ask_heap(Path(temp), 0, unfreeze=True)  # no garbage of the warm-up
            rss_start = rss_mib(app.pid)
            seconds = [
                _open_list(browser, app, agents.browsed, number) for number in range(1, PAGES + 1)
            ]
            time.sleep(1)
            end = ask_heap(Path(temp), 1)
            rss_end = rss_mib(app.pid)
            unfrozen = ask_heap(Path(temp), 2, unfreeze=True)
        finally:
            browser.close()
    return InServer(int(start["current_bytes"]), int(end["current_bytes"]),
                    int(unfrozen["current_bytes"]), int(end["peak_bytes"]), rss_start,
                    rss_end, seconds)  # fmt: skip


def _open_list(browser: Browser, app: StreamlitProcess, agent_id: str, number: int) -> float:
    """Open page `number` of the agent's runs until its newest run is painted: seconds."""
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    try:
        page = context.new_page()
        query = f"agent_id={agent_id}&page_size={PAGE_SIZE}&page={number}"
        page.goto(f"{app.url}/runs?{query}", wait_until="commit")
        marker = list_file_name((number - 1) * PAGE_SIZE)
        painted = page.wait_for_function(
            PAINTED_AT_MS, arg=marker, polling="raf", timeout=PAINT_TIMEOUT_MS
        )
        return float(painted.json_value()) / 1000
    finally:
        context.close()


# --- Report ------------------------------------------------------------------------------


def report(local: InProcess, server: InServer | None) -> str:
    lines = [
        f"{PAGES} pages of {PAGE_SIZE} invoice runs (20 line items each, field metadata for "
        f"every field), {local.page_json_bytes / MB:.1f} MB of JSON a page.",
        "",
        "In-process (real client + ListCache over HTTP, no Streamlit):",
        f"  heap growth after {PAGES} pages: {local.growth_bytes[-1] / MB:.2f} MB "
        f"({local.per_summary_bytes:,.0f} bytes per cached summary)",
        "  growth after each page (MB): " + ", ".join(f"{g / MB:.2f}" for g in local.growth_bytes),
        f"  after gc.unfreeze() and a full collection: {local.unfrozen_bytes / MB:.2f} MB "
        f"({local.unfrozen_per_summary_bytes:,.0f} bytes per cached summary)",
        f"  peak while listing: {local.peak_bytes / MB:.1f} MB above the start (one page "
        "parsed at a time)",
        f"  one page's JSON parsed, were whole pages kept: {local.parsed_page_bytes / MB:.1f} MB "
        f"(x {PAGES} = {PAGES * local.parsed_page_bytes / MB:.0f} MB)",
    ]
    if server is not None:
        rss = (
            f"{server.rss_end_mib - server.rss_start_mib:+.0f} MiB "
            f"({server.rss_start_mib:.0f} to {server.rss_end_mib:.0f})"
            if server.rss_start_mib is not None and server.rss_end_mib is not None
            else "n/a"
        )
        lines += [
            "",
            f"In `streamlit run app.py` under tracemalloc, {PAGES} pages opened in Chromium:",
            f"  heap growth: {server.growth_bytes / MB:.2f} MB "
            f"({server.start_bytes / MB:.1f} to {server.end_bytes / MB:.1f} MB traced)",
            f"  after gc.unfreeze() and a full collection: "
            f"{(server.unfrozen_bytes - server.start_bytes) / MB:.2f} MB",
            f"  peak while browsing: {server.peak_bytes / MB:.1f} MB traced "
            f"({(server.peak_bytes - server.start_bytes) / MB:.1f} MB above the start)",
            f"  resident memory: {rss}",
            "  seconds to each painted page (slowed by tracing): "
            + ", ".join(f"{s:.1f}" for s in server.seconds),
        ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> tuple[InProcess, InServer | None]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-streamlit", action="store_true",
                        help="measure in-process only")  # fmt: skip
    args = parser.parse_args(argv)
    started = time.monotonic()
    with fake_api() as agents:
        local = in_process(agents)
        server = None if args.no_streamlit else in_server(agents)
    print(report(local, server))
    print(f"\n({time.monotonic() - started:.0f} s in all)")
    return local, server


if __name__ == "__main__":
    main()
