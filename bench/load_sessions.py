"""N browser sessions open N different runs at the same moment; prints what each one saw."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import json
import os
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Coroutine, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TypeVar

from playwright.async_api import Browser, Locator, Page, ViewportSize, async_playwright, expect
from playwright.async_api import Error as PlaywrightError

from bench.chromium import CHROMIUM, CHROMIUM_ARGS
from bench.streamlit_process import HOST, running_streamlit
from run_inspector.demo.samples import DEMO_SAMPLES, demo_run_bytes
from run_inspector.fake_api import FakeLlamaCloud, StartResponse, serve
from run_inspector.model.status import StatusClass, classify

T = TypeVar("T")
API_KEY: Final = "bench-load-key"  # only opens the fake API this script starts
MAX_SESSIONS: Final = 50
SESSION_TIMEOUT_S: Final = 90.0
MAX_TIMEOUT_S: Final = 600.0
SETTLE_TIMEOUT_S: Final = 30.0  # after the value painted: the rest of the page rendering
# Playwright's default size and no animations: the pages share this machine's cores with the
# server, and a taller page or animations only add browser work to the timings.
VIEWPORT: Final[ViewportSize] = {"width": 1280, "height": 800}
APP: Final = "[data-testid='stApp']"
NOT_RUNNING: Final = "data-test-script-state='notRunning'"
SKELETON: Final = "[data-testid='stSkeleton']"
EXCEPTION: Final = "stException"
ERROR_ALERT: Final = "stAlertContentError"
MARKER: Final = re.compile(r"^session-\d+$")


@dataclass(frozen=True)
class SessionRun:
    """One session's run: the job it opens and the value only that run holds."""

    index: int
    job_id: str
    marker: str
    sample: str


@dataclass(frozen=True)
class Outcome:
    run: SessionRun
    started: float  # perf_counter at navigation start
    seconds: float | None  # navigation start until the marker was painted
    problems: tuple[str, ...]
    input_late: bool = False  # the Job ID input did not show the id yet when the marker painted

    @property
    def served(self) -> bool:
        return self.seconds is not None and not self.problems


@dataclass(frozen=True)
class Report:
    burst: Burst
    requests_per_job: dict[str, int]
    api_reached: dict[str, float]  # job id: seconds from navigation start to its first request
    rss_idle_kib: int | None
    rss_peak_kib: int | None
    load_before: float  # the machine's 1-minute load average when the script started

    @property
    def outcomes(self) -> list[Outcome]:
        return self.burst.outcomes

    @property
    def served(self) -> int:
        return sum(outcome.served for outcome in self.outcomes)

    @property
    def failed(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if not outcome.served]


# --- the runs -------------------------------------------------------------------------------


def make_runs(count: int) -> list[tuple[SessionRun, dict[str, Any]]]:
    """`count` copies of the final demo runs, each with a fresh job id and its own marker."""
    # v1 runs only: each copy is served as a v1 run (the v2 samples have no `data`).
    samples = [(s.title, json.loads(demo_run_bytes(s))) for s in DEMO_SAMPLES if not s.is_v2]
    finished = [
        (title, body)
        for title, body in samples
        if classify(str(body.get("status", ""))) is StatusClass.DONE
    ]
    runs = []
    for index in range(count):
        title, template = finished[index % len(finished)]
        body = copy.deepcopy(template)
        marker = f"session-{index}"
        if not _replace_first_string(body, "data", marker):
            raise ValueError(f"demo run {title!r} has no string value to mark")
        body["job_id"], body["id"] = str(uuid.uuid4()), str(uuid.uuid4())
        runs.append((SessionRun(index, body["job_id"], marker, title), body))
    return runs


def _replace_first_string(container: Any, key: Any, marker: str) -> bool:
    """Set the first string found depth-first under `container[key]` to `marker`."""
    value = container[key]
    if isinstance(value, str):
        container[key] = marker
        return True
    if isinstance(value, dict):
        children: Iterable[Any] = list(value)
    elif isinstance(value, list):
        children = range(len(value))
    else:
        return False
    return any(_replace_first_string(value, child, marker) for child in children)


class TimedFake(FakeLlamaCloud):
    """The fake API, also noting when each job's first request arrived (perf_counter)."""

    def __init__(self, api_keys: Iterable[str]) -> None:
        super().__init__(api_keys)
        self.first_seen: dict[str, float] = {}

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        job_id = environ.get("PATH_INFO", "").rsplit("/", 1)[-1]
        self.first_seen.setdefault(job_id, time.perf_counter())
        return super().__call__(environ, start_response)


@contextmanager
def fake_api(
    runs: Sequence[tuple[SessionRun, dict[str, Any]]],
) -> Iterator[tuple[TimedFake, str]]:
    """The fake LlamaCloud on a loopback port, serving `runs`, until the block ends."""
    app = TimedFake(api_keys={API_KEY})
    for run, body in runs:
        app.add_run(body, job_id=run.job_id)
    server = serve(app, host=HOST, port=0)
    try:
        yield app, server.base_url
    finally:
        server.stop()


# --- the Streamlit server's resources -------------------------------------------------------------


def tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def memory_kib(pid: int, field: str) -> int | None:
    """A `/proc/<pid>/status` size in KiB (VmRSS now, VmHWM the peak); None if unreadable."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) if found else None


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds a process has used so far (`/proc/<pid>/stat`)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_cpu_ticks() -> tuple[int, int] | None:
    """(busy, total) jiffies over all cores since boot (`/proc/stat`)."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return None
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    return sum(values) - idle, sum(values)


@dataclass(frozen=True)
class CpuSample:
    at: float  # perf_counter seconds
    server_seconds: float | None
    machine_ticks: tuple[int, int] | None


def cpu_sample(pids: Sequence[int]) -> CpuSample:
    """The servers' CPU so far (all of them: the replicas behind a proxy), and the machine's."""
    seconds = [process_cpu_seconds(pid) for pid in pids]
    total = None if any(s is None for s in seconds) else sum(s or 0.0 for s in seconds)
    return CpuSample(time.perf_counter(), total, machine_cpu_ticks())


@dataclass(frozen=True)
class CpuUse:
    """CPU used between two samples: the Streamlit server's seconds, the machine's busy share."""

    wall_seconds: float
    server_seconds: float | None
    machine_busy: float | None  # 0..1 of all cores


def cpu_between(start: CpuSample, end: CpuSample) -> CpuUse:
    server = None
    if start.server_seconds is not None and end.server_seconds is not None:
        server = end.server_seconds - start.server_seconds
    busy = None
    if start.machine_ticks and end.machine_ticks and end.machine_ticks[1] > start.machine_ticks[1]:
        busy_ticks = end.machine_ticks[0] - start.machine_ticks[0]
        busy = busy_ticks / (end.machine_ticks[1] - start.machine_ticks[1])
    return CpuUse(end.at - start.at, server, busy)


# --- the browser sessions -------------------------------------------------------------------


def panel(page: Page, heading: str) -> Locator:
    """The bordered column whose subheader is `heading`."""
    title = page.get_by_role("heading", name=heading, exact=True)
    return page.locator("[data-testid='stColumn']").filter(has=title)


def job_input(page: Page) -> Locator:
    return page.get_by_label("Job ID", exact=True)


def data_cells(page: Page) -> Locator:
    """The hidden accessible cells of the grids in the "Extracted data" panel."""
    return panel(page, "Extracted data").locator("[role=gridcell]")


async def unexpected_errors(page: Page) -> list[str]:
    """Error alerts' texts, except the File panel's "file expired" note (run content)."""
    alerts = f"[data-testid='{ERROR_ALERT}']"
    every = await page.locator(alerts).all_inner_texts()
    expiry = await panel(page, "File").locator(alerts).all_inner_texts()
    for text in expiry:
        every.remove(text)
    return every


async def open_session(page: Page, url: str, run: SessionRun, timeout_s: float) -> Outcome:
    """Navigate to the run's deep link, time until its marker is painted, then check the page."""
    started = time.perf_counter()
    marker_cell = data_cells(page).filter(has_text=re.compile(rf"^{re.escape(run.marker)}$"))
    try:
        await page.goto(f"{url}/?job_id={run.job_id}", timeout=timeout_s * 1000)
        await marker_cell.first.wait_for(state="attached", timeout=_ms_left(started + timeout_s))
    except PlaywrightError as exc:
        waited = time.perf_counter() - started
        reason = f"{run.marker} not painted after {waited:.1f} s ({_first_line(exc)})"
        return Outcome(run, started, None, (reason, *await diagnose(page, run)))
    seconds = time.perf_counter() - started
    late = await input_now(page) != run.job_id
    return Outcome(run, started, seconds, tuple(await check_page(page, run)), late)


async def check_page(page: Page, run: SessionRun) -> list[str]:
    """What is wrong with a page that painted its marker, once it has settled (nothing, normally).

    Under load the Job ID input can mount empty and get its value a moment later, so its value
    is awaited like the page's other last steps, not read once.
    """
    deadline = time.perf_counter() + SETTLE_TIMEOUT_S
    try:
        await page.wait_for_selector(f"{APP}[{NOT_RUNNING}]", timeout=_ms_left(deadline))
        await page.locator(SKELETON).first.wait_for(state="detached", timeout=_ms_left(deadline))
    except PlaywrightError:
        return [f"page not settled {SETTLE_TIMEOUT_S:.0f} s after the value painted"]
    with contextlib.suppress(AssertionError):  # diagnose() names the value it shows
        await expect(job_input(page)).to_have_value(run.job_id, timeout=_ms_left(deadline))
    problems = await diagnose(page, run)
    others = {text for text in await data_cells(page).all_text_contents() if MARKER.match(text)}
    if others - {run.marker}:
        problems.append(f"also shows another session's value: {sorted(others - {run.marker})}")
    return problems


async def diagnose(page: Page, run: SessionRun) -> list[str]:
    """Wrong job id in the input, exception boxes, error alerts."""
    problems = []
    try:
        shown = await job_input(page).input_value(timeout=2_000)
        if shown != run.job_id:
            problems.append(f"Job ID input shows {shown!r}")
        for text in await page.locator(f"[data-testid='{EXCEPTION}']").all_inner_texts():
            problems.append(f"exception: {_one_line(text)}")
        for text in await unexpected_errors(page):
            problems.append(f"error alert: {_one_line(text)}")
    except PlaywrightError as exc:
        problems.append(f"page not readable: {_first_line(exc)}")
    return problems


async def input_now(page: Page) -> str | None:
    """The Job ID input's value right now; None while it is not rendered."""
    field = job_input(page)
    try:
        return await field.input_value(timeout=500) if await field.count() else None
    except PlaywrightError:
        return None


def _ms_left(deadline: float) -> float:
    return max(deadline - time.perf_counter(), 0.1) * 1000


def _first_line(value: object) -> str:
    text = str(value).strip()
    return text.splitlines()[0][:200] if text else type(value).__name__


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]


@dataclass(frozen=True)
class Burst:
    """What the browser saw: the warm-up session alone, then the simultaneous sessions."""

    warm_up: Outcome | None
    outcomes: list[Outcome]
    cpu: CpuUse


async def run_sessions(
    url: str,
    pids: Sequence[int],
    runs: Sequence[SessionRun],
    warm_up: SessionRun | None,
    timeout_s: float,
    storage_states: Sequence[Any] = (None,),
) -> Burst:
    """One Chromium, one context per session; all the sessions' navigations start together.
    `url`: the app's address (a proxy's, with its path); `pids`: the servers behind it;
    `storage_states`: browser states (a signed-in browser's cookies) handed to the sessions
    in turn, the warm-up taking the first."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            warmed = (
                None
                if warm_up is None
                else await warm(browser, url, warm_up, timeout_s, storage_states[0])
            )
            states = (storage_states[i % len(storage_states)] for i in range(len(runs)))
            pages = await asyncio.gather(*(new_page(browser, state) for state in states))
            before = cpu_sample(pids)
            pairs = zip(pages, runs, strict=True)
            sessions = (open_session(page, url, run, timeout_s) for page, run in pairs)
            outcomes = await asyncio.wait_for(
                asyncio.gather(*sessions), timeout=timeout_s + SETTLE_TIMEOUT_S + 30
            )
            return Burst(warmed, outcomes, cpu_between(before, cpu_sample(pids)))
        finally:
            await browser.close()


async def warm(
    browser: Browser, url: str, run: SessionRun, timeout_s: float, storage_state: Any = None
) -> Outcome:
    """One session alone first, so the burst does not also time the server's first script run."""
    page = await new_page(browser, storage_state)
    try:
        return await open_session(page, url, run, timeout_s)
    finally:
        await page.context.close()


async def new_page(browser: Browser, storage_state: Any = None) -> Page:
    context = await browser.new_context(
        viewport=VIEWPORT, reduced_motion="reduce", storage_state=storage_state
    )
    return await context.new_page()


# --- the whole measurement ------------------------------------------------------------------


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run`, in a worker thread if this one already runs a loop (pytest-playwright's)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="load-sessions") as pool:
        return pool.submit(asyncio.run, coroutine).result()


def measure(sessions: int, timeout_s: float = SESSION_TIMEOUT_S, warm: bool = True) -> Report:
    """Start the fake API and the app, run the sessions, and stop everything again."""
    load_before = os.getloadavg()[0]
    runs = make_runs(sessions + 1)  # the last one is the warm-up's
    burst_runs, warm_up = [run for run, _ in runs[:-1]], runs[-1][0] if warm else None
    with tempfile.TemporaryDirectory(prefix="load-sessions-") as tmp, fake_api(runs) as fake:
        app, api_url = fake
        env = {"LLAMA_CLOUD_API_KEY": API_KEY, "LLAMA_CLOUD_BASE_URL": api_url}
        log_path = Path(tmp) / "streamlit.log"
        with running_streamlit(env, log_path) as streamlit:
            rss_idle = memory_kib(streamlit.pid, "VmRSS")
            burst = run_async(
                run_sessions(streamlit.url, [streamlit.pid], burst_runs, warm_up, timeout_s)
            )
            rss_peak = memory_kib(streamlit.pid, "VmHWM")
        requests = {run.job_id: len(app.requests_for(run.job_id)) for run in burst_runs}
        reached = {
            o.run.job_id: app.first_seen[o.run.job_id] - o.started
            for o in burst.outcomes
            if o.run.job_id in app.first_seen
        }
        if any(not outcome.served for outcome in burst.outcomes):
            print(f"--- streamlit log, last lines ---\n{tail(log_path)}\n---", file=sys.stderr)
    return Report(burst, requests, reached, rss_idle, rss_peak, load_before)


def format_report(report: Report) -> str:
    total = len(report.outcomes)
    lines = [
        f"sessions:          {total} (each opening a different run, all at the same moment)",
        f"served correctly:  {report.served}/{total}",
        f"failed:            {len(report.failed)}",
    ]
    lines += [f"  {o.run.marker} ({o.run.sample}): {'; '.join(o.problems)}" for o in report.failed]
    lines += [
        _timing_line(report.outcomes),
        _warm_up_line(report.burst.warm_up),
        _reached_line(report.api_reached),
        _input_line(report.outcomes),
        _requests_line(report),
        _rss_line(report),
        _cpu_line(report.burst.cpu, report.load_before),
    ]
    return "\n".join(lines)


def _reached_line(reached: dict[str, float]) -> str:
    if not reached:
        return "API reached after: not timed (no request timed at the fake API)"
    values = sorted(reached.values())
    return (
        f"API reached after: min {values[0]:.2f} / median {statistics.median(values):.2f} / "
        f"max {values[-1]:.2f} s (navigation start to the run's request at the fake API)"
    )


def _input_line(outcomes: Sequence[Outcome]) -> str:
    late = [o for o in outcomes if o.seconds is not None and o.input_late]
    painted = sum(o.seconds is not None for o in outcomes)
    return (
        f"Job ID at paint:   {painted - len(late)}/{painted} already showed their id; "
        f"{len(late)} not yet (empty or not rendered; checked again once the page settled)"
    )


def _warm_up_line(warm_up: Outcome | None) -> str:
    if warm_up is None:
        return "warm-up:           none (--cold: the sessions also paid the first script run)"
    if not warm_up.served:
        return f"warm-up:           not served: {'; '.join(warm_up.problems)}"
    return f"warm-up:           one session alone, before them, painted in {warm_up.seconds:.2f} s"


def _cpu_line(cpu: CpuUse, load_before: float) -> str:
    server = "?" if cpu.server_seconds is None else f"{cpu.server_seconds:.1f} s"
    busy = "?" if cpu.machine_busy is None else f"{cpu.machine_busy:.0%}"
    return (
        f"CPU during them:   {cpu.wall_seconds:.1f} s wall; streamlit used {server} CPU; "
        f"machine {busy} busy over {os.cpu_count()} cores (load average {load_before:.2f} "
        "before the start)"
    )


def _timing_line(outcomes: Sequence[Outcome]) -> str:
    timed = sorted((o for o in outcomes if o.seconds is not None), key=lambda o: o.seconds or 0)
    if not timed:
        return "seconds to paint:  none painted"
    values = [o.seconds or 0.0 for o in timed]
    return (
        f"seconds to paint:  min {values[0]:.2f} / median {statistics.median(values):.2f} / "
        f"max {values[-1]:.2f} (slowest: {timed[-1].run.marker}, {timed[-1].run.sample})"
    )


def _requests_line(report: Report) -> str:
    markers = {o.run.job_id: o.run.marker for o in report.outcomes}
    counts = Counter(report.requests_per_job.values())
    summary = ", ".join(f"{n} request(s): {jobs} job(s)" for n, jobs in sorted(counts.items()))
    odd = [f"{markers[job]}={n}" for job, n in report.requests_per_job.items() if n != 1]
    more = f"; not 1: {', '.join(odd)}" if odd else ""
    return f"fake API requests: {summary} (expected 1 each){more}"


def _rss_line(report: Report) -> str:
    if report.rss_peak_kib is None:
        return "streamlit RSS:     not measurable (/proc unreadable)"
    idle = f"{report.rss_idle_kib / 1024:.0f} MiB when healthy, " if report.rss_idle_kib else ""
    return f"streamlit RSS:     {idle}peak {report.rss_peak_kib / 1024:.0f} MiB (VmHWM)"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=_session_count, default=20, help="1 to 50 (20)")
    parser.add_argument(
        "--timeout", type=_timeout, default=SESSION_TIMEOUT_S, help="seconds per session (90)"
    )
    parser.add_argument(
        "--cold", action="store_true", help="no warm-up session before the simultaneous ones"
    )
    return parser.parse_args(argv)


def _session_count(text: str) -> int:
    value = int(text)
    if not 1 <= value <= MAX_SESSIONS:
        raise argparse.ArgumentTypeError(f"between 1 and {MAX_SESSIONS}")
    return value


def _timeout(text: str) -> float:
    value = float(text)
    if not 1 <= value <= MAX_TIMEOUT_S:
        raise argparse.ArgumentTypeError(f"between 1 and {MAX_TIMEOUT_S:.0f} seconds")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Print the report; exit status 1 if any session was not served its own run correctly."""
    args = parse_args(argv)
    report = measure(args.sessions, args.timeout, warm=not args.cold)
    print(format_report(report), flush=True)
    return 0 if report.served == len(report.outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
