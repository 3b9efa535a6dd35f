"""Times the compare page against the run page, through a real browser, and prints figures.

    python -m bench.compare             # 20,000-row tables by index, 5,000 line items by key
    python -m bench.compare --rows 0 --items 20 --repeats 1 --warm-ups 0   # CI's smoke run
    python -m bench.compare --items 0   # the tables only

Two cases, each on a `streamlit run app.py` of its own, against the fake LlamaCloud API on
127.0.0.1 (no latency), opened by Chromium:

- `--rows`: two PER_TABLE_ROW runs of that many rows (bench/generate_runs.py, seeds 7 and 8,
  so beds and ratings differ), compared by index: `/compare?a=…&b=…`.
- `--items`: two PER_DOC invoices with that many line items (seeds 11 and 12), B's items in
  a shuffled order (their field metadata with them), compared by key:
  `/compare?a=…&b=…&key=line_items[].sku`.

Each round stores A and B under job IDs nobody has opened, then, all timed by the page's own
clock from navigation until the frame in which the first row is in the grid:

1. *run page, first open*: `/?job_id=A`, as bench/performance.py opens a run (fetch, parse,
   report, paint). Then `/?job_id=B`, untimed, so both runs are fetched and their reports
   built, as after a person opened each of them.
2. *run page, opened before*: `/?job_id=A` again (no fetch, report from the cache; paint).
3. *compare, both fetched*: the compare page for A and B, until the data table's first row
   ("Only differences" on, so the first row that differs) is in the grid under its
   "N of M fields" caption: the comparison is built (config, schema and data diff), not
   fetched. The requests the fake API received and the server's CPU time are recorded.
4. *reruns*, on that page: "Only differences" off, on again, a word typed in "Filter
   fields" (each until the caption shows its new count), and Streamlit's "r" key (until the
   run it asked for ends); for each, the fake API's requests, the websocket messages the
   page received (so it did rerun) and the server's CPU time. A rebuilt comparison would
   cost at least what building it costs in this process (`compare_runs`, printed), so a
   rerun using less did not rebuild it.
5. *compare, cold*: two more new job IDs, the compare page straight away (both fetched,
   parsed and reported, then compared).

One untimed round first (`--warm-ups`): first-run imports are not the page's cost. Figures
only: docs/performance.md, "Compare page", judges them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Final
from urllib.parse import urlencode

from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from bench.batch import RERAN, WATCH_RUNS, cpu_seconds, wait_idle
from bench.chromium import CHROMIUM, CHROMIUM_ARGS
from bench.generate_runs import line_items_run, table_row_run
from bench.performance import measure
from bench.streamlit_process import StreamlitProcess, peak_rss_mib, running_streamlit
from run_inspector.adapters.v1_run import extraction_from_v1
from run_inspector.analysis.comparison import compare_runs
from run_inspector.analysis.data_diff import only_differences
from run_inspector.analysis.run_report import RunReport, build_run_report
from run_inspector.fake_api import FakeLlamaCloud, serve
from run_inspector.model.extraction import Extraction
from run_inspector.model.field_path import FieldPath

API_KEY: Final = "bench-compare-key"  # only opens the fake API this script starts
PAINT_TIMEOUT_MS: Final = 180_000
RERUN_TIMEOUT_MS: Final = 60_000
BAR: Final = 2.0  # the issue's bar: the compare page within 2x the run page
# The timed opens of a round, in the order they happen.
OPENS: Final = ("run_first", "run_again", "compare_fetched", "compare_cold")
OPEN_LABELS: Final = {
    "run_first": "run page, first open",
    "run_again": "run page, opened before",
    "compare_fetched": "compare, both fetched",
    "compare_cold": "compare, cold",
}
CONTROLS: Final = "Only differences"

# As bench/performance.py checks for its marker, on every animation frame: here the data
# table's caption must be there with the expected counts, and the marker must be a cell's
# whole text (a field path such as `[0].beds` is part of `[10].beds`).
COMPARED_AT_MS: Final = """({marker, caption}) => {
    const captions = document.querySelectorAll("[data-testid=stCaptionContainer]");
    if (![...captions].some(c => c.textContent.trim() === caption)) return false;
    for (const cell of document.querySelectorAll("[role=gridcell]")) {
        if (cell.textContent.trim() === marker) return performance.now();
    }
    return false;
}"""
# The data table's caption ("N of M fields"): `exact`, or (null) any other than `before`.
CAPTION_SHOWN: Final = """({exact, before, suffix}) => {
    for (const c of document.querySelectorAll("[data-testid=stCaptionContainer]")) {
        const text = c.textContent.trim();
        if (exact !== null ? text === exact : text.endsWith(suffix) && text !== before) {
            return text;
        }
    }
    return false;
}"""
CAPTION_NOW: Final = """suffix => [...document.querySelectorAll("[data-testid=stCaptionContainer]")]
    .map(c => c.textContent.trim()).find(text => text.endsWith(suffix)) ?? null"""


@dataclass(frozen=True)
class Case:
    label: str
    size: int
    items: bool  # the PER_DOC invoices by key, else the tables by index
    run_marker: str  # a cell of the run page's first row (bench/performance.py's markers)
    filter_text: str  # typed in "Filter fields"

    @property
    def key(self) -> str | None:
        return "line_items[].sku" if self.items else None

    @property
    def b_marker(self) -> str:
        """A cell of B's first row on the run page (its items are shuffled)."""
        return f"sku-{_order(self.size)[0]:05d}" if self.items else self.run_marker

    def bodies(self, a_id: str, b_id: str) -> tuple[bytes, bytes]:
        if not self.items:
            return table_row_run(a_id, self.size, seed=7), table_row_run(b_id, self.size, seed=8)
        return line_items_run(a_id, self.size, seed=11), _shuffled(
            line_items_run(b_id, self.size, seed=12)
        )


def _shuffled(body: bytes) -> bytes:
    """The invoice with its line items (and their field metadata) in another order, so only
    the key pairs them right."""
    run = json.loads(body)
    items = run["data"]["line_items"]
    meta = run["extraction_metadata"]["field_metadata"]["line_items"]
    order = _order(len(items))
    run["data"]["line_items"] = [items[i] for i in order]
    run["extraction_metadata"]["field_metadata"]["line_items"] = [meta[i] for i in order]
    return json.dumps(run).encode()


def _order(count: int) -> list[int]:
    order = list(range(count))
    random.Random(5).shuffle(order)
    return order


@dataclass(frozen=True)
class Expected:
    """What the compare page must show for the case, worked out in this process with the
    product's own functions, and what building the comparison costs here."""

    fields: int  # rows of the data diff
    differences: int  # rows "Only differences" keeps
    first: str  # the first of those: the marker
    build_cpu_s: float  # compare_runs alone, both reports built before

    def caption(self, shown: int) -> str:
        return f"{shown:,}{self.suffix}"

    @property
    def suffix(self) -> str:
        return f" of {self.fields:,} fields"


@dataclass(frozen=True)
class Rerun:
    action: str
    requests: int  # what the fake API received during it
    messages: int  # websocket messages the page received from the server during it
    cpu_s: float | None  # the server's CPU time from the action to the end of the rerun
    seconds: float  # from the action to the caption's new count (the r key: the run's end)
    caption: str | None  # the data table's caption after it


@dataclass
class CaseResult:
    case: Case
    expected: Expected
    body_mb: float
    seconds: dict[str, list[float]] = field(default_factory=lambda: {o: [] for o in OPENS})
    # The fake API's requests for each open, and the server's CPU time (compare pages only).
    cpu_s: dict[str, list[float]] = field(default_factory=lambda: {o: [] for o in OPENS})
    requests: dict[str, list[int]] = field(default_factory=lambda: {o: [] for o in OPENS})
    reruns: list[Rerun] = field(default_factory=list)
    peak_mib: float | None = None

    def median(self, opened: str) -> float:
        return statistics.median(self.seconds[opened])

    def ratio(self, baseline: str) -> float:
        return self.median("compare_fetched") / self.median(baseline)


def build_cases(rows: int, items: int) -> list[Case]:
    cases = []
    if rows:
        cases.append(Case(f"{rows:,}-row per_table_row, by index", rows, items=False,
                          run_marker="hospital-000000", filter_text="beds"))  # fmt: skip
    if items:
        cases.append(Case(f"PER_DOC {items:,} line items, by key", items, items=True,
                          run_marker="sku-00000", filter_text="quantity"))  # fmt: skip
    return cases


def expected_for(case: Case) -> Expected:
    a, b = (_report(body) for body in case.bodies("bench-a", "bench-b"))
    key = FieldPath.parse(case.key) if case.key else None
    started = time.process_time()
    comparison = compare_runs(a, b, key)
    build_cpu_s = time.process_time() - started
    frame = comparison.data.frame.view()
    differing = only_differences(frame)
    if differing.empty:
        raise RuntimeError(f"{case.label}: the pair has no differences to show")
    first = str(differing["Field"].iloc[0])
    return Expected(len(frame), len(differing), first, build_cpu_s)


def _report(body: bytes) -> RunReport:
    extraction = extraction_from_v1(json.loads(body))
    assert isinstance(extraction, Extraction), extraction
    return build_run_report(extraction)


def store_pair(api: FakeLlamaCloud, case: Case) -> tuple[str, str]:
    """A and B under job IDs nobody has opened yet."""
    a_id, b_id = str(uuid.uuid4()), str(uuid.uuid4())
    a_body, b_body = case.bodies(a_id, b_id)
    api.add_run(a_body, job_id=a_id)
    api.add_run(b_body, job_id=b_id)
    return a_id, b_id


def compare_url(app: StreamlitProcess, case: Case, a_id: str, b_id: str) -> str:
    query = {"a": a_id, "b": b_id} | ({"key": case.key} if case.key else {})
    return f"{app.url}/compare?{urlencode(query)}"


@dataclass(frozen=True)
class Opened:
    """A compare page opened, its context left open for the reruns."""

    page: Page
    seconds: float  # from navigation to the first row in the grid
    requests: int  # what the fake API received meanwhile
    cpu_s: float | None  # the server's CPU time until the page was idle
    received: list[int]  # one entry per websocket message from the server, growing


def open_comparison(browser: Browser, api: FakeLlamaCloud, app: StreamlitProcess, url: str,
                    expected: Expected) -> Opened:  # fmt: skip
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    try:
        page = context.new_page()
        received: list[int] = []
        page.on("websocket", lambda ws: ws.on("framereceived", lambda _: received.append(1)))
        api.reset_requests()
        cpu_before = cpu_seconds(app.pid)
        page.goto(url, wait_until="commit")
        painted = page.wait_for_function(
            COMPARED_AT_MS,
            arg={"marker": expected.first, "caption": expected.caption(expected.differences)},
            polling="raf", timeout=PAINT_TIMEOUT_MS,
        )  # fmt: skip
        took = float(painted.json_value()) / 1000
        wait_idle(page)
        cpu = _spent(cpu_before, cpu_seconds(app.pid))
        return Opened(page, took, len(api.requests), cpu, received)
    except BaseException:
        context.close()
        raise


def run_reruns(opened: Opened, api: FakeLlamaCloud, app: StreamlitProcess, case: Case,
               expected: Expected) -> list[Rerun]:  # fmt: skip
    page, received = opened.page, opened.received
    toggle = page.get_by_text(CONTROLS, exact=True)
    box = page.get_by_role("textbox", name="Filter fields")
    all_rows, differing = expected.caption(expected.fields), expected.caption(expected.differences)

    def typed() -> None:
        box.fill(case.filter_text)
        box.press("Enter")

    # The filter's count is read, not worked out here: it is whatever the page's filter
    # keeps, only not the count before it.
    steps: list[tuple[str, Callable[[], None], dict[str, str | None] | None]] = [
        (f"{CONTROLS} off", toggle.click, {"exact": all_rows, "before": None}),
        (f"{CONTROLS} on", toggle.click, {"exact": differing, "before": None}),
        (f"filter {case.filter_text!r}", typed, {"exact": None, "before": differing}),
        ("the r key", lambda: press_r(page), None),
    ]
    return [rerun(page, api, app, received, name, act, wait, expected.suffix)
            for name, act, wait in steps]  # fmt: skip


def rerun(page: Page, api: FakeLlamaCloud, app: StreamlitProcess, received: list[int],
          action: str, act: Callable[[], None], wait: dict[str, str | None] | None,
          suffix: str) -> Rerun:  # fmt: skip
    """What the fake API, the server and the page did while `act` made the page rerun, up to
    the caption `wait` asks for (CAPTION_SHOWN; None: the run's end, which `act` waits for)."""
    wait_idle(page)
    api.reset_requests()
    before = len(received)
    cpu_before = cpu_seconds(app.pid)
    started = float(page.evaluate("performance.now()"))
    act()
    if wait is not None:
        page.wait_for_function(CAPTION_SHOWN, arg={**wait, "suffix": suffix}, polling="raf",
                               timeout=RERUN_TIMEOUT_MS)  # fmt: skip
    seconds = (float(page.evaluate("performance.now()")) - started) / 1000
    wait_idle(page)
    cpu = _spent(cpu_before, cpu_seconds(app.pid))
    caption = page.evaluate(CAPTION_NOW, suffix)
    return Rerun(action, len(api.requests), len(received) - before, cpu, seconds,
                 None if caption is None else str(caption))  # fmt: skip


def press_r(page: Page) -> None:
    """Streamlit's "r" reruns the whole script (with the focus on the heading, not in a text
    box); waits for the run it asked for to end (bench/batch.py's signs)."""
    page.evaluate(WATCH_RUNS)
    page.get_by_role("heading", name="Compare runs").click()
    page.keyboard.press("r")
    try:
        page.wait_for_function(RERAN, timeout=RERUN_TIMEOUT_MS)
    except PlaywrightTimeoutError:
        raise RuntimeError("the r key did not rerun the compare page") from None


def run_round(browser: Browser, api: FakeLlamaCloud, app: StreamlitProcess, case: Case,
              expected: Expected, result: CaseResult | None,
              say: Callable[[str], None]) -> None:  # fmt: skip
    """One round of the five steps (the module's docstring); recorded in `result` unless it
    is None (a warm-up)."""
    a_id, b_id = store_pair(api, case)
    took: dict[str, float] = {}
    requests: dict[str, int] = {}
    cpu: dict[str, float | None] = {}
    for opened_as, job_id, marker in (("run_first", a_id, case.run_marker),
                                      (None, b_id, case.b_marker),
                                      ("run_again", a_id, case.run_marker)):  # fmt: skip
        api.reset_requests()
        seconds = measure(browser, app.at(f"job_id={job_id}"), marker)
        if opened_as is not None:
            took[opened_as], requests[opened_as] = seconds, len(api.requests)
    urls = {
        "compare_fetched": compare_url(app, case, a_id, b_id),
        "compare_cold": compare_url(app, case, *store_pair(api, case)),
    }
    reruns: list[Rerun] = []
    for opened_as, url in urls.items():
        opened = open_comparison(browser, api, app, url, expected)
        try:
            took[opened_as], requests[opened_as] = opened.seconds, opened.requests
            cpu[opened_as] = opened.cpu_s
            if opened_as == "compare_fetched":
                reruns = run_reruns(opened, api, app, case, expected)
        finally:
            opened.page.context.close()
    if result is None:
        return
    for name, seconds in took.items():
        result.seconds[name].append(seconds)
    for name, count in requests.items():
        result.requests[name].append(count)
    for name, spent in cpu.items():
        if spent is not None:
            result.cpu_s[name].append(spent)
    result.reruns += reruns
    say("  " + ", ".join(f"{OPEN_LABELS[o]} {took[o]:.2f} s" for o in OPENS))
    say("  reruns: " + "; ".join(_rerun_text(r) for r in reruns))


def run_case(browser: Browser, api: FakeLlamaCloud, api_url: str, case: Case, repeats: int,
             warm_ups: int, log_dir: Path, say: Callable[[str], None]) -> CaseResult:  # fmt: skip
    expected = expected_for(case)
    body_mb = len(case.bodies("bench-a", "bench-b")[0]) / 1e6
    say(f"{case.label}: {body_mb:.1f} MB body for A, {expected.fields:,} fields compared, "
        f"{expected.differences:,} differ; first {expected.first!r}")  # fmt: skip
    result = CaseResult(case, expected, body_mb)
    env = {"LLAMA_CLOUD_API_KEY": API_KEY, "LLAMA_CLOUD_BASE_URL": api_url}
    log = log_dir / f"{'items' if case.items else 'rows'}.log"
    with running_streamlit(env, log) as app:
        # The root (the run page) is the first page each round opens, so the server runs
        # app.py before /compare (see bench/performance.py's open_root).
        for _ in range(warm_ups):
            run_round(browser, api, app, case, expected, None, say)
        for _ in range(repeats):
            run_round(browser, api, app, case, expected, result, say)
        result.peak_mib = peak_rss_mib(app.pid)
    return result


def _spent(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else after - before


# --- Report ----------------------------------------------------------------------------------


def report(results: Sequence[CaseResult], repeats: int, load_before: float) -> str:
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count() or 0} CPUs, Python {platform.python_version()}, Streamlit "
        f"{version('streamlit')}, pandas {version('pandas')}; median of {repeats} rounds, "
        f"navigation to the first row in the grid. Load average (1 min): {load_before:.2f} at "
        f"the start, {os.getloadavg()[0]:.2f} at the end.",
        "",
        "| case | run page, first open (s) | run page, opened before (s) "
        "| compare, both fetched (s) | ratio to first open | ratio to opened before "
        "| bar | compare, cold (s) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.case.label} | {r.median('run_first'):.2f} | {r.median('run_again'):.2f} "
            f"| {r.median('compare_fetched'):.2f} | {r.ratio('run_first'):.2f} "
            f"| {r.ratio('run_again'):.2f} | {BAR:.2f} | {r.median('compare_cold'):.2f} |"
        )
    for r in results:
        e = r.expected
        lines += [
            "",
            f"{r.case.label}: {r.body_mb:.1f} MB per run body; {e.fields:,} fields compared, "
            f"{e.differences:,} differ (shown first); first row {e.first!r}.",
            "Times: " + "; ".join(
                f"{OPEN_LABELS[o]} " + ", ".join(f"{s:.2f}" for s in r.seconds[o])
                for o in OPENS
            ) + " s.",
            f"Building the comparison in this process: {e.build_cpu_s:.2f} s CPU. The server's "
            f"CPU for the compare page: both fetched {_median_s(r.cpu_s['compare_fetched'])}, "
            f"cold {_median_s(r.cpu_s['compare_cold'])} (medians). Requests to the fake API, "
            "by round: " + "; ".join(f"{OPEN_LABELS[o]} {_counts(r.requests[o])}" for o in OPENS)
            + ".",
            f"Reruns ({len(r.reruns)} over {repeats} rounds): " + "; ".join(
                f"{action} {_rerun_summary([x for x in r.reruns if x.action == action])}"
                for action in dict.fromkeys(x.action for x in r.reruns)
            ) + ".",
            f"Reruns in all: {sum(x.requests for x in r.reruns)} requests; the most server CPU "
            f"in one {_max_cpu(r.reruns)} against {e.build_cpu_s:.2f} s to build the "
            "comparison.",
            f"Server peak RSS after the case: {_mib(r.peak_mib)} MiB.",
        ]  # fmt: skip
    return "\n".join(lines)


def _rerun_text(r: Rerun) -> str:
    cpu = "n/a" if r.cpu_s is None else f"{r.cpu_s:.2f} s"
    return (
        f"{r.action}: {r.requests} requests, {r.messages} messages, CPU {cpu}, "
        f"{r.seconds:.2f} s, {r.caption!r}"
    )


def _rerun_summary(reruns: Sequence[Rerun]) -> str:
    cpus = [r.cpu_s for r in reruns if r.cpu_s is not None]
    return (
        f"{sum(r.requests for r in reruns)} requests, CPU {_median_s(cpus)}, "
        f"{statistics.median(r.seconds for r in reruns):.2f} s to the new count or the run's "
        f"end (medians; at least {min(r.messages for r in reruns)} messages each), showing "
        + " / ".join(repr(c) for c in dict.fromkeys(r.caption for r in reruns))
    )


def _max_cpu(reruns: Sequence[Rerun]) -> str:
    cpus = [r.cpu_s for r in reruns if r.cpu_s is not None]
    return f"{max(cpus):.2f} s" if cpus else "n/a"


def _median_s(values: Sequence[float]) -> str:
    return f"{statistics.median(values):.2f} s" if values else "n/a"


def _counts(values: Sequence[int]) -> str:
    return "/".join(str(v) for v in values) or "n/a"


def _mib(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def main(argv: Sequence[str] | None = None) -> list[CaseResult]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000,
                        help="rows of each per_table_row run (0 skips the case)")  # fmt: skip
    parser.add_argument("--items", type=int, default=5_000,
                        help="line items of each PER_DOC run (0 skips the case)")  # fmt: skip
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--warm-ups", type=int, default=1,
                        help="untimed rounds before each case's timed ones")  # fmt: skip
    args = parser.parse_args(argv)
    if args.rows < 0 or args.items < 0 or args.repeats < 1 or args.warm_ups < 0:
        parser.error("--rows and --items must be 0 or more, --repeats at least 1, "
                     "--warm-ups at least 0")  # fmt: skip

    load_before = os.getloadavg()[0]
    api = FakeLlamaCloud(api_keys={API_KEY})
    server = serve(api)
    results: list[CaseResult] = []
    try:
        with tempfile.TemporaryDirectory() as logs, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for case in build_cases(args.rows, args.items):
                    results.append(run_case(browser, api, server.base_url, case, args.repeats,
                                            args.warm_ups, Path(logs), _say))  # fmt: skip
            finally:
                browser.close()
    finally:
        server.stop()
    print()
    print(report(results, args.repeats, load_before))
    return results


def _say(line: str) -> None:
    print(line, flush=True)


if __name__ == "__main__":
    main()
