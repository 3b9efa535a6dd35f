"""Times the batch page against a minimal peer page, through a real browser, and prints figures.

    python -m bench.batch               # 50 jobs by link (project vs peer), 500 pasted, 200 ms
    python -m bench.batch --jobs 5 --big-jobs 20 --latency 0.02 --repeats 1 --warm-ups 0  # CI
    python -m bench.batch --jobs 0      # the 500 pasted jobs and the reruns only

The fake LlamaCloud API runs on 127.0.0.1 and answers every request after `--latency`
seconds. Its jobs are the demo's final runs and jobs (v1 and Extract v2, alternating), each
stored under a new ID for every measurement, so no cache helps.

1. `--jobs` (at most 50, what a link carries): `/batch?job_ids=…` on the project against
   `bench/peer_batch_app.py` (10 threads, one GET per job, `st.dataframe` of job id and
   status), alternating, `--repeats` times each after a warm-up. Timed by the page's own
   clock from navigation until the complete table is in the grid: for the project the final
   table (its link cells, all rows counted, the "Retry failed rows" button below it), for
   the peer its grid with all rows. The fake API's requests during each measurement give
   the requests per job of each app.
2. `--big-jobs` (at most 500): pasted into the project's "Job IDs" box, then "Check"; timed
   from the click to the complete table. Whether the progress ("N of M checked") showed
   meanwhile, the most requests the fake API answered at once (and how many on average),
   and the CPU time the project's server spent.
3. Then, on that finished page, a full rerun (the "r" key) and a rerun from selecting a row
   (the table's fragment): the requests the fake API received during each.

Figures only: nothing here judges them (docs/performance.md, "Batch page", does).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from bench.chromium import CHROMIUM, CHROMIUM_ARGS
from bench.performance import open_root
from bench.streamlit_process import StreamlitProcess, peak_rss_mib, running_streamlit
from run_inspector.fake_api import FakeLlamaCloud, serve

API_KEY: Final = "bench-batch-key"  # only opens the fake API this script starts
PEER: Final = "bench/peer_batch_app.py"
APP_NAMES: Final = ("project", "peer")
IN_FLIGHT: Final = 10  # what the project allows (run_inspector/api/request_gate.py), and the peer
MAX_LINKED: Final = 50  # IDs a link carries (loaders/batch_inputs.py)
MAX_BATCH: Final = 500  # IDs a batch checks (run_inspector/references/job_list.py)
PAINT_TIMEOUT_MS: Final = 180_000
RERUN_TIMEOUT_MS: Final = 30_000
V1_PATH: Final = "/api/v1/extraction/runs/by-job/"
V2_PATH: Final = "/api/v2/extract/"
RETRY_BUTTON: Final = "Retry failed rows ("
DEMO_DATA: Final = Path(__file__).resolve().parents[1] / "run_inspector" / "demo" / "data"
# Final runs and jobs only: one still going would be checked again on a timer.
V1_BODIES: Final = (
    "capacitor_per_doc_confidence.json",
    "invoice_per_page_citations.json",
    "invoice_schema_problems.json",
    "datasheet_error.json",
    "receipt_per_doc_bounding_boxes.json",
    "bsc_hospitals_per_table_row.json",
)
V2_BODIES: Final = (
    "v2/receipt_completed_per_doc.json",
    "v2/hospitals_per_table_row.json",
    "v2/invoice_completed.json",
    "v2/datasheet_failed.json",
    "v2/sdk_minimal_completed.json",
)

# Checked on every animation frame and timed by the page's own clock (see bench/performance.py).
# Complete: a grid of all the rows (aria-rowcount counts the header) has the marker in a cell,
# and, for the project, the "Retry failed rows" button below the final table is drawn.
COMPLETE_AT_MS: Final = """({marker, rows, button}) => {
    if (button && ![...document.querySelectorAll("button")].some(
            b => b.textContent.includes(button))) return false;
    for (const grid of document.querySelectorAll("[role=grid]")) {
        if (grid.getAttribute("aria-rowcount") !== String(rows + 1)) continue;
        for (const cell of grid.querySelectorAll("[role=gridcell]")) {
            if (cell.textContent.includes(marker)) return performance.now();
        }
    }
    return false;
}"""
# Every distinct progress text, with when it was first seen.
WATCH_PROGRESS: Final = """() => {
    window.benchProgress = [];
    const seen = new Set();
    new MutationObserver(() => {
        for (const bar of document.querySelectorAll("[data-testid=stProgress]")) {
            const text = bar.textContent.trim();
            if (text && !seen.has(text)) {
                seen.add(text);
                window.benchProgress.push([performance.now(), text]);
            }
        }
    }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""
# How many runs of the script ended since this was installed: the state leaves "running", or
# leaves "rerunRequested" straight for "notRunning" when a short run's messages arrive at once.
WATCH_RUNS: Final = """() => {
    window.benchRuns = 0;
    const app = document.querySelector("[data-testid=stApp]");
    new MutationObserver(records => {
        for (const record of records) {
            if (["running", "rerunRequested"].includes(record.oldValue)) window.benchRuns += 1;
        }
    }).observe(app, {attributes: true, attributeOldValue: true,
                     attributeFilter: ["data-test-script-state"]});
}"""
RERAN: Final = """() => window.benchRuns > 0 && document.querySelector(
    "[data-testid=stApp]").getAttribute("data-test-script-state") === "notRunning"
"""
CHECKBOX_X_PX: Final = 15  # a row's selection checkbox, from the grid's left edge
HEADER_PX: Final = 35  # st.dataframe's header and row heights
ROW_PX: Final = 35


@dataclass(frozen=True)
class Requests:
    """What the fake API received during one measurement, by route."""

    v1: int
    v2: int
    other: int
    peak_in_flight: int
    # From the first request's arrival to the last one's answer: the fetching, without the
    # page around it.
    fetch_s: float
    latency_s: float

    @classmethod
    def of(cls, api: FakeLlamaCloud) -> Requests:
        received = list(api.requests)
        kinds = Counter(_kind(r.path) for r in received)
        arrivals = [r.received_at for r in received]
        fetch_s = max(arrivals) - min(arrivals) + api.latency_s if arrivals else 0.0
        return cls(kinds["v1"], kinds["v2"], kinds["other"], api.peak_in_flight, fetch_s,
                   api.latency_s)  # fmt: skip

    def __str__(self) -> str:
        return (
            f"{self.v1} v1 + {self.v2} v2 + {self.other} other requests, peak "
            f"{self.peak_in_flight} in flight, fetching {self.fetch_s:.2f} s"
        )

    @property
    def mean_in_flight(self) -> float:
        """How many requests were in flight on average while fetching."""
        total = self.v1 + self.v2 + self.other
        return total * self.latency_s / self.fetch_s if self.fetch_s else 0.0


@dataclass
class LinkedResult:
    """The `--jobs` case: each app's times and the requests of each measurement."""

    jobs: int
    v1_jobs: int
    seconds: dict[str, list[float]] = field(default_factory=lambda: {a: [] for a in APP_NAMES})
    requests: dict[str, list[Requests]] = field(default_factory=lambda: {a: [] for a in APP_NAMES})

    def median(self, app: str) -> float:
        return statistics.median(self.seconds[app])

    def median_fetch(self, app: str) -> float:
        return statistics.median(r.fetch_s for r in self.requests[app])

    def per_job(self, app: str) -> tuple[float, float, float]:
        """Requests per job over all timed measurements: (v1 route, v2 route, others)."""
        counted = self.requests[app]
        v2_jobs = self.jobs - self.v1_jobs
        return (
            sum(r.v1 for r in counted) / max(1, self.v1_jobs * len(counted)),
            sum(r.v2 for r in counted) / max(1, v2_jobs * len(counted)),
            sum(r.other for r in counted) / max(1, self.jobs * len(counted)),
        )


@dataclass(frozen=True)
class Rerun:
    requests: int  # what the fake API received during it
    messages: int  # websocket messages the page received from the server during it


@dataclass
class BigResult:
    """The `--big-jobs` case, and the reruns of its finished page."""

    jobs: int
    v1_jobs: int
    seconds: float
    requests: Requests
    progress: list[tuple[float, str]]  # (seconds after the click, text), each text once
    counts: list[str]  # the st.metric figures above the final table
    server_cpu_s: float | None  # CPU time the project's server spent from the click to the table
    full_rerun: Rerun | None  # None: no rerun was seen after the "r" key
    selection_rerun: Rerun | None  # None: selecting a row did not rerun
    peak_mib: float | None

    @property
    def progress_seen(self) -> bool:
        return any(f"of {self.jobs:,} checked" in text for _, text in self.progress)


@dataclass
class Results:
    latency_s: float
    repeats: int
    linked: LinkedResult | None
    big: BigResult | None
    load_before: float  # the machine's 1-minute load average when the benchmark started


def store_jobs(api: FakeLlamaCloud, count: int) -> list[str]:
    """`count` new job IDs, v1 and v2 alternating, each serving a demo run or job."""
    ids = []
    for i in range(count):
        if i % 2 == 0:
            run = dict(_template(V1_BODIES[i // 2 % len(V1_BODIES)]))
            job_id = str(uuid.uuid4())
            run.update(id=str(uuid.uuid4()), job_id=job_id)
            api.add_run(json.dumps(run).encode(), job_id=job_id)
        else:
            job = dict(_template(V2_BODIES[i // 2 % len(V2_BODIES)]))
            job_id = f"ext-{uuid.uuid4()}"
            job["id"] = job_id
            api.add_v2_job(json.dumps(job).encode(), job_id=job_id)
        ids.append(job_id)
    return ids


_TEMPLATES: dict[str, dict[str, Any]] = {}


def _template(name: str) -> dict[str, Any]:
    if name not in _TEMPLATES:
        _TEMPLATES[name] = json.loads((DEMO_DATA / name).read_bytes())
    return _TEMPLATES[name]


def _kind(path: str) -> str:
    if path.startswith(V1_PATH):
        return "v1"
    if path.startswith(V2_PATH):
        return "v2"
    return "other"


def v1_count(count: int) -> int:
    return (count + 1) // 2


# --- The linked case: project against peer ---------------------------------------------------


def linked_url(app: StreamlitProcess, name: str, ids: Sequence[str]) -> str:
    query = f"job_ids={','.join(ids)}"
    return f"{app.url}/batch?{query}" if name == "project" else app.at(query)


def complete_marker(name: str, ids: Sequence[str]) -> dict[str, Any]:
    """What the complete table shows. The project's final table shows each job ID as a link
    (`./?job_id=…`); the preview drawn while it fills shows the bare ID and no buttons."""
    if name == "project":
        return {"marker": f"job_id={ids[0]}", "rows": len(ids), "button": RETRY_BUTTON}
    return {"marker": ids[0], "rows": len(ids), "button": None}


def measure_linked(
    browser: Browser, api: FakeLlamaCloud, app: StreamlitProcess, name: str, jobs: int
) -> tuple[float, Requests]:
    """Seconds from navigation until the complete table is in the grid, on new job IDs."""
    ids = store_jobs(api, jobs)
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    try:
        page = context.new_page()
        api.reset_requests()
        page.goto(linked_url(app, name, ids), wait_until="commit")
        painted = page.wait_for_function(
            COMPLETE_AT_MS, arg=complete_marker(name, ids), polling="raf",
            timeout=PAINT_TIMEOUT_MS,
        )  # fmt: skip
        took = float(painted.json_value()) / 1000
        wait_idle(page)
        return took, Requests.of(api)
    finally:
        context.close()


def run_linked(browser: Browser, api: FakeLlamaCloud, apps: dict[str, StreamlitProcess],
               jobs: int, repeats: int, warm_ups: int,
               say: Callable[[str], None]) -> LinkedResult:  # fmt: skip
    result = LinkedResult(jobs, v1_count(jobs))
    for _ in range(warm_ups):  # first-run imports are not the page's cost
        for name, app in apps.items():
            measure_linked(browser, api, app, name, jobs)
    for repeat in range(repeats):
        order = list(apps) if repeat % 2 == 0 else list(reversed(apps))
        for name in order:
            took, requests = measure_linked(browser, api, apps[name], name, jobs)
            result.seconds[name].append(took)
            result.requests[name].append(requests)
            say(f"  {jobs} jobs by link  {name:<8} {took:6.2f} s  ({requests})")
    return result


# --- The big case: pasted, then reruns -------------------------------------------------------


def run_big(browser: Browser, api: FakeLlamaCloud, app: StreamlitProcess, jobs: int,
            say: Callable[[str], None]) -> BigResult:  # fmt: skip
    ids = store_jobs(api, jobs)
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    try:
        page = context.new_page()
        received: list[int] = []  # one entry per websocket message from the server
        page.on("websocket", lambda ws: ws.on("framereceived", lambda _: received.append(1)))
        page.goto(f"{app.url}/batch")
        page.get_by_text("Paste job IDs or upload a list").wait_for(timeout=PAINT_TIMEOUT_MS)
        page.get_by_role("textbox", name="Job IDs").fill("\n".join(ids))
        page.evaluate(WATCH_PROGRESS)
        api.reset_requests()
        cpu_before = cpu_seconds(app.pid)
        clicked_at = float(page.evaluate("performance.now()"))
        page.get_by_role("button", name="Check", exact=True).click()
        painted = page.wait_for_function(
            COMPLETE_AT_MS, arg=complete_marker("project", ids), polling="raf",
            timeout=PAINT_TIMEOUT_MS,
        )  # fmt: skip
        took = (float(painted.json_value()) - clicked_at) / 1000
        cpu_after = cpu_seconds(app.pid)
        wait_idle(page)
        requests = Requests.of(api)
        progress = [
            ((float(at) - clicked_at) / 1000, str(text))
            for at, text in page.evaluate("window.benchProgress")
        ]
        counts = [
            " ".join(m.inner_text().split()) for m in page.locator("[data-testid=stMetric]").all()
        ]
        say(f"  {jobs} jobs pasted    project  {took:6.2f} s  ({requests})")
        full = rerun(page, api, received, lambda: press_rerun_key(page))
        say(f"  rerun (the r key)          {_rerun_text(full)}")
        selection = rerun(page, api, received, lambda: select_first_row(page))
        say(f"  rerun (a row selected)     {_rerun_text(selection)}")
        cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
        return BigResult(jobs, v1_count(jobs), took, requests, progress, counts, cpu, full,
                         selection, peak_rss_mib(app.pid))  # fmt: skip
    finally:
        context.close()


def rerun(page: Page, api: FakeLlamaCloud, received: list[int],
          trigger: Callable[[], bool]) -> Rerun | None:  # fmt: skip
    """What the fake API and the page received while `trigger` made the page rerun; None if
    `trigger` saw no rerun end, or the server sent nothing."""
    api.reset_requests()
    before = len(received)
    if not trigger():
        return None
    wait_idle(page)
    messages = len(received) - before
    return Rerun(len(api.requests), messages) if messages else None


def press_rerun_key(page: Page) -> bool:
    """Streamlit's "r" reruns the whole script (with the focus on the heading, not in a text
    box); whether the run it asked for ended."""
    page.evaluate(WATCH_RUNS)
    page.get_by_role("heading", name="Batch").click()
    page.keyboard.press("r")
    try:
        page.wait_for_function(RERAN, timeout=RERUN_TIMEOUT_MS)
    except PlaywrightTimeoutError:
        return False
    return True


def select_first_row(page: Page) -> bool:
    """Tick the first row's checkbox on the final table's canvas; whether "Open run", which
    the table's fragment draws after the table, was drawn enabled (so the rerun ended).

    The script state is no sign here: a short fragment run may never change it."""
    grid = page.locator("[data-testid=stDataFrame]").last
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + CHECKBOX_X_PX, box["y"] + HEADER_PX + ROW_PX / 2)
    try:
        page.get_by_role("button", name="Open run").and_(page.locator(":enabled")).wait_for(
            timeout=RERUN_TIMEOUT_MS
        )
    except PlaywrightTimeoutError:
        return False
    return True


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU time the process has used so far; None when unreadable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_idle(page: Page) -> None:
    page.wait_for_selector(
        "[data-testid=stApp][data-test-script-state=notRunning]", timeout=PAINT_TIMEOUT_MS
    )


# --- Report ----------------------------------------------------------------------------------


def report(results: Results) -> str:
    latency, repeats = results.latency_s, results.repeats
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{_cpus()} CPUs, Python {platform.python_version()}; the fake API answers each "
        f"request after {latency * 1000:.0f} ms; floor = jobs x {latency:g} s / {IN_FLIGHT} "
        "in flight. Fetching: from the first request's arrival to the last one's answer. "
        f"Load average (1 min): {results.load_before:.2f} at the start, "
        f"{os.getloadavg()[0]:.2f} at the end.",
        "",
        "| case | project (s) | peer (s) | ratio project/peer | floor (s) "
        "| fetching: project / peer (s) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    linked, big = results.linked, results.big
    if linked:
        project, peer = linked.median("project"), linked.median("peer")
        lines.append(
            f"| {_jobs(linked.jobs, linked.v1_jobs)} by link, median of {repeats} "
            f"| {project:.2f} | {peer:.2f} | {project / peer:.2f} "
            f"| {_floor(linked.jobs, latency):.2f} "
            f"| {linked.median_fetch('project'):.2f} / {linked.median_fetch('peer'):.2f} |"
        )
    if big:
        lines.append(
            f"| {_jobs(big.jobs, big.v1_jobs)} pasted, from the click, one run "
            f"| {big.seconds:.2f} | - | - | {_floor(big.jobs, latency):.2f} "
            f"| {big.requests.fetch_s:.2f} / - |"
        )
    lines.append("")
    if linked:
        for app in APP_NAMES:
            v1, v2, other = linked.per_job(app)
            peaks = [r.peak_in_flight for r in linked.requests[app]]
            lines.append(
                f"{linked.jobs} jobs by link, {app}: requests per job v1 {v1:.2f}, "
                f"v2 {v2:.2f}, others {other:.2f}; peak in flight {min(peaks)}-{max(peaks)}; "
                "times " + ", ".join(f"{s:.2f}" for s in linked.seconds[app]) + " s."
            )
    if big:
        requests = big.requests
        v2_jobs = big.jobs - big.v1_jobs
        shown = [text for _, text in big.progress]
        first_last = (
            f", first {shown[0]!r} at {big.progress[0][0]:.2f} s, last {shown[-1]!r} "
            f"at {big.progress[-1][0]:.2f} s"
            if shown
            else ""
        )
        cpu = "n/a" if big.server_cpu_s is None else f"{big.server_cpu_s:.1f} s"
        lines += [
            f"{big.jobs} jobs pasted: {requests.v1} v1 + {requests.v2} v2 + {requests.other} "
            f"other requests ({requests.v1 / max(1, big.v1_jobs):.2f} and "
            f"{requests.v2 / max(1, v2_jobs):.2f} per job); peak in flight at the fake API "
            f"{requests.peak_in_flight}, mean {requests.mean_in_flight:.1f} while fetching; "
            f"the project's server used {cpu} of CPU from the click to the table.",
            f"Progress while fetching: {'seen' if big.progress_seen else 'NOT seen'}, "
            f"{len(shown)} texts{first_last}.",
            f"Counts above the final table: {'; '.join(big.counts) or 'none'}.",
            f"Rerun after the batch: the r key (a full rerun) {_rerun_text(big.full_rerun)}; "
            f"a row selected (the table's fragment) {_rerun_text(big.selection_rerun)}.",
            f"Project server peak RSS after the {big.jobs}-job batch: {_mib(big.peak_mib)} MiB.",
        ]
    return "\n".join(lines)


def _jobs(count: int, v1: int) -> str:
    return f"{count:,} jobs ({v1:,} v1, {count - v1:,} v2)"


def _floor(jobs: int, latency: float) -> float:
    return jobs * latency / IN_FLIGHT


def _rerun_text(seen: Rerun | None) -> str:
    if seen is None:
        return "no rerun seen"
    return f"{seen.requests} requests ({seen.messages} messages from the server)"


def _mib(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def _cpus() -> int:
    return os.cpu_count() or 0


def main(argv: Sequence[str] | None = None) -> Results:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=MAX_LINKED,
                        help=f"jobs in the linked case, project vs peer (0 skips; at most "
                             f"{MAX_LINKED})")  # fmt: skip
    parser.add_argument(
        "--big-jobs",
        type=int,
        default=MAX_BATCH,
        help=f"jobs pasted in the big case (0 skips; at most {MAX_BATCH})",
    )
    parser.add_argument("--latency", type=float, default=0.2,
                        help="seconds the fake API waits before each answer")  # fmt: skip
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--warm-ups", type=int, default=1,
                        help="untimed loads of each app before the linked case")  # fmt: skip
    args = parser.parse_args(argv)
    if not 0 <= args.jobs <= MAX_LINKED:
        parser.error(f"--jobs must be 0 to {MAX_LINKED}")
    if not 0 <= args.big_jobs <= MAX_BATCH:
        parser.error(f"--big-jobs must be 0 to {MAX_BATCH}")
    if args.repeats < 1 or args.warm_ups < 0:
        parser.error("--repeats must be at least 1, --warm-ups at least 0")

    load_before = os.getloadavg()[0]
    api = FakeLlamaCloud(api_keys={API_KEY}, latency_s=args.latency)
    server = serve(api)
    env = {"LLAMA_CLOUD_API_KEY": API_KEY, "LLAMA_CLOUD_BASE_URL": server.base_url}
    linked: LinkedResult | None = None
    big: BigResult | None = None
    try:
        with tempfile.TemporaryDirectory() as logs, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                with ExitStack() as stack:
                    scripts = {"project": "app.py", "peer": PEER} if args.jobs else {}
                    if args.big_jobs:
                        scripts.setdefault("project", "app.py")
                    apps = start_apps(stack, env, Path(logs), scripts)
                    if apps:
                        open_root(browser, apps["project"])
                    if args.jobs:
                        print(f"{_jobs(args.jobs, v1_count(args.jobs))} by link:", flush=True)
                        linked = run_linked(browser, api, apps, args.jobs, args.repeats,
                                            args.warm_ups, _say)  # fmt: skip
                    if args.big_jobs:
                        print(f"{_jobs(args.big_jobs, v1_count(args.big_jobs))} pasted:",
                              flush=True)  # fmt: skip
                        big = run_big(browser, api, apps["project"], args.big_jobs, _say)
            finally:
                browser.close()
    finally:
        server.stop()
    results = Results(args.latency, args.repeats, linked, big, load_before)
    print()
    print(report(results))
    return results


def start_apps(stack: ExitStack, env: dict[str, str], logs: Path,
               scripts: dict[str, str]) -> dict[str, StreamlitProcess]:  # fmt: skip
    """`streamlit run` each script, side by side, stopped when `stack` closes."""
    starting = {name: running_streamlit(env, logs / f"{name}.log", script)
                for name, script in scripts.items()}  # fmt: skip
    with ThreadPoolExecutor(max_workers=max(1, len(starting))) as pool:
        futures = {name: pool.submit(server.__enter__) for name, server in starting.items()}
        wait(futures.values())
    apps = {}
    for name, future in futures.items():
        if future.exception() is None:
            apps[name] = future.result()
            stack.push(starting[name].__exit__)
    for future in futures.values():
        future.result()  # the first failure to start, with its log; the others are stopped
    return apps


def _say(line: str) -> None:
    print(line, flush=True)


if __name__ == "__main__":
    main()
