"""Times the run page against a minimal peer page, through a real browser, and prints figures.

    python -m bench.performance          # 1,000 / 20,000 / 100,000 rows, PER_DOC, v2, runs list
    python -m bench.performance --sizes 1000 --doc-items 200 --repeats 1   # a quick look
    python -m bench.performance --sizes --doc-items 0 --v2-rows 0   # the runs list only

Both apps run under `streamlit run` on this machine, talk to the same fake LlamaCloud API on
127.0.0.1 over real HTTP, and are opened by the same Chromium. Each measurement opens a job
the app has never seen (so no cache helps), from navigation until the table's first row is
painted. The runs list case stores a new agent (in a new project, so no cached agent list
helps either) with `--list-runs` invoice runs for each measurement, and opens its list:
`/runs?agent_id=…&page_size=100&project_id=…` on the project, and a peer that shows four
columns of the same page. Project and peer alternate; the median of each is reported, with
their ratio and the peak resident memory of both server processes (restarted for each case)
after opening the run once, and after all timed runs, which the project keeps in its caches.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import tempfile
import uuid
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Final

from playwright.sync_api import Browser, sync_playwright

from bench.chromium import CHROMIUM, CHROMIUM_ARGS
from bench.generate_runs import (
    agent_invoice_runs,
    line_items_run,
    list_agent,
    list_file_name,
    table_row_run,
    v2_table_row_job,
)
from bench.streamlit_process import StreamlitProcess, peak_rss_mib, running_streamlit
from run_inspector.fake_api import FakeLlamaCloud, serve

API_KEY: Final = "bench-perf-key"  # only opens the fake API this script starts
PAINT_TIMEOUT_MS: Final = 180_000
PEER: Final = "bench/peer_app.py"
PEER_LIST: Final = "bench/peer_list_app.py"
APP_NAMES: Final = ("project", "peer")
LIST_PAGE_SIZE: Final = 100  # the runs page's largest page, and what the peer asks for


@dataclass(frozen=True)
class Case:
    label: str
    rows: int
    body: bytes
    marker: str  # a cell of the big table's first row: painted means this is in the grid
    table_rows: bool = True  # one of the PER_TABLE_ROW sizes whose growth is reported
    v2: bool = False  # an Extract v2 job rather than a v1 run
    runs_list: bool = False  # an agent's list of `rows` invoice runs rather than one run
    peer: str = PEER  # the peer's script

    def scripts(self) -> dict[str, str]:
        return {"project": "app.py", "peer": self.peer}


@dataclass
class Result:
    case: Case
    seconds: dict[str, list[float]]
    one_run_mib: dict[str, float | None]  # peak RSS after opening the run once
    peak_mib: dict[str, float | None]  # peak RSS after every timed run (the project caches each)

    def median(self, app: str) -> float:
        return statistics.median(self.seconds[app])


def build_cases(
    sizes: Sequence[int], doc_items: int, v2_rows: int, list_runs: int = 0
) -> list[Case]:
    cases = [
        Case(f"PER_TABLE_ROW {n:,} rows", n, table_row_run("bench", n), "hospital-000000")
        for n in sizes
    ]
    if v2_rows:
        cases.append(
            Case(f"v2 per_table_row {v2_rows:,} rows", v2_rows,
                 v2_table_row_job("ext-bench", v2_rows), "hospital-000000",
                 table_rows=False, v2=True)
        )  # fmt: skip
    if doc_items:
        cases.append(
            Case(f"PER_DOC {doc_items:,} line items", doc_items,
                 line_items_run("bench", doc_items), "sku-00000", table_rows=False)
        )  # fmt: skip
    if list_runs:
        # The newest run comes first in both tables: the project sorts the page newest first,
        # the peer keeps the API's order, and the runs are stored newest first.
        cases.append(
            Case(f"runs list {list_runs:,} invoice runs", list_runs, b"", list_file_name(0),
                 table_rows=False, runs_list=True, peer=PEER_LIST)
        )  # fmt: skip
    return cases


# Checked on every animation frame and timed by the page's own clock, which starts at
# navigation. Playwright's locator waits back off to one check per 500 ms, which made
# single measurements jump in half-second steps.
PAINTED_AT_MS: Final = """marker => {
    for (const cell of document.querySelectorAll("[role=gridcell]")) {
        if (cell.textContent.includes(marker)) return performance.now();
    }
    return false;
}"""


def measure(browser: Browser, url: str, marker: str) -> float:
    """Seconds from navigation to the frame in which the marker cell is in the grid."""
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    try:
        page = context.new_page()
        page.goto(url, wait_until="commit")
        painted = page.wait_for_function(
            PAINTED_AT_MS, arg=marker, polling="raf", timeout=PAINT_TIMEOUT_MS
        )
        return float(painted.json_value()) / 1000
    finally:
        context.close()


def open_root(browser: Browser, app: StreamlitProcess) -> None:
    """Open the project's root once, before any deep link.

    Until a server has run app.py (and so `st.navigation`), Streamlit takes the pages/
    folder for the app's pages: `/runs` opened first runs pages/runs.py alone, without the
    sidebar's connection, that is in demo mode.
    """
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(app.at())
        page.get_by_text("Open JSON", exact=True).wait_for(timeout=PAINT_TIMEOUT_MS)
    finally:
        context.close()


def run_case(browser: Browser, api: FakeLlamaCloud, api_url: str, case: Case, repeats: int,
             log_dir: Path, say: Callable[[str], None]) -> Result:  # fmt: skip
    seconds: dict[str, list[float]] = {name: [] for name in APP_NAMES}
    peaks: dict[str, float | None] = {}
    env = {"LLAMA_CLOUD_API_KEY": API_KEY, "LLAMA_CLOUD_BASE_URL": api_url}
    logs = re.sub(r"\W+", "-", case.label)
    with ExitStack() as stack:
        apps = {
            name: stack.enter_context(
                running_streamlit(env, log_dir / f"{name}-{logs}.log", script)
            )
            for name, script in case.scripts().items()
        }
        if case.runs_list:  # the run cases open the root page itself
            open_root(browser, apps["project"])
        for name, app in apps.items():  # warm-up: first-run imports are not the page's cost
            measure(browser, fresh_url(api, case, name, app), case.marker)
        one_run = {name: peak_rss_mib(app.pid) for name, app in apps.items()}
        for repeat in range(repeats):
            order = list(apps) if repeat % 2 == 0 else list(reversed(apps))
            for name in order:
                took = measure(browser, fresh_url(api, case, name, apps[name]), case.marker)
                seconds[name].append(took)
                say(f"  {case.label:<28} {name:<8} {took:6.2f} s")
        peaks = {name: peak_rss_mib(app.pid) for name, app in apps.items()}
    return Result(case, seconds, one_run, peaks)


def fresh_url(api: FakeLlamaCloud, case: Case, name: str, app: StreamlitProcess) -> str:
    """Where this app shows the case's run, or list, stored anew for this measurement."""
    if not case.runs_list:
        return app.at(f"job_id={api_job(api, case)}")
    agent_id, project_id = api_agent(api, case)
    if name == "project":
        query = f"agent_id={agent_id}&page_size={LIST_PAGE_SIZE}&project_id={project_id}"
        return f"{app.url}/runs?{query}"
    return app.at(f"agent_id={agent_id}&project_id={project_id}")


def api_job(api: FakeLlamaCloud, case: Case) -> str:
    """The same run (or v2 job) under a job id nobody has opened yet."""
    if case.v2:
        return api.add_v2_job(case.body, job_id=f"ext-{uuid.uuid4()}")
    return api.add_run(case.body, job_id=str(uuid.uuid4()))


def api_agent(api: FakeLlamaCloud, case: Case) -> tuple[str, str]:
    """A new agent, in a new project, with `case.rows` new invoice runs: (agent, project)."""
    agent_id, project_id = str(uuid.uuid4()), str(uuid.uuid4())
    api.add_agent(list_agent(agent_id, project_id))
    for job_id, body in agent_invoice_runs(agent_id, case.rows):
        api.add_run(body, job_id=job_id)
    return agent_id, project_id


def report(results: Sequence[Result], repeats: int) -> str:
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{_cpus()} CPUs, Python {platform.python_version()}; median of {repeats} alternating "
        "runs, navigation to painted table.",
        "",
        "| run | project (s) | peer (s) | time ratio | peak RSS, one run: project / peer "
        "(MiB) | memory ratio | peak RSS after all runs: project / peer (MiB) "
        "| project ms per 1,000 rows |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        project, peer = r.median("project"), r.median("peer")
        one_p, one_q = r.one_run_mib["project"], r.one_run_mib["peer"]
        lines.append(
            f"| {r.case.label} | {project:.2f} | {peer:.2f} | {project / peer:.2f} "
            f"| {_mib(one_p)} / {_mib(one_q)} | {_ratio(one_p, one_q)} "
            f"| {_mib(r.peak_mib['project'])} / {_mib(r.peak_mib['peer'])} "
            f"| {1000 * project / r.case.rows * 1000:.1f} |"
        )
    return "\n".join(lines + growth(results))


def growth(results: Sequence[Result]) -> list[str]:
    """Milliseconds each app adds per 1,000 more rows, between consecutive sizes: a straight
    line has the same figure in every step."""
    sizes = sorted((r for r in results if r.case.table_rows), key=lambda r: r.case.rows)
    steps = list(pairwise(sizes))
    if not steps:
        return []
    lines = ["", "| added per 1,000 more rows | project (ms) | peer (ms) |", "|---|---:|---:|"]
    for small, large in steps:
        per_k = (large.case.rows - small.case.rows) / 1000
        lines.append(
            f"| {small.case.rows:,} to {large.case.rows:,} rows "
            f"| {1000 * (large.median('project') - small.median('project')) / per_k:.1f} "
            f"| {1000 * (large.median('peer') - small.median('peer')) / per_k:.1f} |"
        )
    return lines


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a and b else "n/a"


def _mib(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def _cpus() -> int:
    return os.cpu_count() or 0


def main(argv: Sequence[str] | None = None) -> list[Result]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 20_000, 100_000])
    parser.add_argument("--doc-items", type=int, default=5_000)
    parser.add_argument("--v2-rows", type=int, default=20_000)
    parser.add_argument(
        "--list-runs", type=int, default=LIST_PAGE_SIZE,
        help=f"invoice runs in the listed page (1 to {LIST_PAGE_SIZE}; 0 skips the list)",
    )  # fmt: skip
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    if not 0 <= args.list_runs <= LIST_PAGE_SIZE:
        parser.error(f"--list-runs must be 0 to {LIST_PAGE_SIZE}")

    cases = build_cases(args.sizes, args.doc_items, args.v2_rows, args.list_runs)
    api = FakeLlamaCloud(api_keys={API_KEY})
    server = serve(api)
    results: list[Result] = []
    try:
        with tempfile.TemporaryDirectory() as logs, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for case in cases:
                    print(f"{case.label}: {_size(case)}", flush=True)
                    result = run_case(
                        browser, api, server.base_url, case, args.repeats, Path(logs), _say
                    )
                    results.append(result)
            finally:
                browser.close()
    finally:
        server.stop()
    print()
    print(report(results, args.repeats))
    return results


def _size(case: Case) -> str:
    if case.runs_list:
        page = sum(len(body) for _, body in agent_invoice_runs(str(uuid.uuid4()), case.rows))
        return f"{page / 1e6:.1f} MB page"
    return f"{len(case.body) / 1e6:.1f} MB body"


def _say(line: str) -> None:
    print(line, flush=True)


if __name__ == "__main__":
    main()
