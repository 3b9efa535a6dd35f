"""The load check through the team topology: N signed-in browser sessions open N different runs
at the same moment through nginx and two replicas (sign-in on), beside the same check
against one process; prints both.

    python -m bench.load_proxy              # 20 sessions
    python -m bench.load_proxy --sessions 5

One person signs in once; every session's browser context starts from that stored state
(the sign-in cookie, valid on either replica), with the proxy's affinity cookie naming the
replicas in turn, so the sessions are spread evenly. Exit status 1 if any session was not
served its own run correctly.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from playwright.async_api import Browser, async_playwright

from bench.chromium import CHROMIUM, CHROMIUM_ARGS
from bench.load_sessions import (
    API_KEY,
    SESSION_TIMEOUT_S,
    Report,
    TimedFake,
    fake_api,
    format_report,
    make_runs,
    measure,
    memory_kib,
    run_async,
    run_sessions,
)
from bench.oidc_provider import running_oidc_provider, seed_person
from bench.proxy_topology import AFFINITY_COOKIE, ProxyTopology, proxy_topology
from bench.streamlit_process import HOST
from run_inspector.fake_api import FakeLlamaCloud

PERSON: Final = ("load", "load@example.com")
SIGN_IN_TIMEOUT_MS: Final = 30_000


async def signed_in_state(browser: Browser, url: str, sub: str) -> dict[str, Any]:
    """One sign-in through the provider's form; its cookies, less the proxy's affinity."""
    context = await browser.new_context()
    try:
        page = await context.new_page()
        await page.goto(f"{url}/")
        await page.get_by_role("button", name="Sign in").click()
        await page.wait_for_url(re.compile(r"/oauth2/authorize"), timeout=SIGN_IN_TIMEOUT_MS)
        await page.locator("input[name=sub]").fill(sub)
        await page.get_by_role("button", name="Authorize").click()
        await page.wait_for_url(
            re.compile(rf"^http://{re.escape(HOST)}:\d+/"), timeout=SIGN_IN_TIMEOUT_MS
        )
        await page.get_by_role("button", name="Sign out").wait_for(timeout=SIGN_IN_TIMEOUT_MS)
        stored = await context.storage_state()
    finally:
        await context.close()
    cookies = [c for c in stored["cookies"] if c["name"] != AFFINITY_COOKIE]
    return {"cookies": cookies, "origins": stored["origins"]}


async def sign_in_once(url: str, sub: str) -> dict[str, Any]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return await signed_in_state(browser, url, sub)
        finally:
            await browser.close()


def measure_through(
    topology: ProxyTopology,
    app: FakeLlamaCloud,
    sessions: int,
    storage_state: Any,
    timeout_s: float = SESSION_TIMEOUT_S,
) -> tuple[Report, Counter[str]]:
    """The burst through the proxy, on runs added to `app` (the API behind the replicas);
    also how many sessions each replica served (from each session's page response)."""
    load_before = os.getloadavg()[0]
    runs = make_runs(sessions + 1)  # the last one is the warm-up's
    for run, body in runs:
        app.add_run(body, job_id=run.job_id)
    burst_runs, warm_up = [run for run, _ in runs[:-1]], runs[-1][0]
    replicas = [r for r in topology.replicas if not r.stopped]
    pids = [r.process.pid for r in replicas]
    rss_idle = _total([memory_kib(pid, "VmRSS") for pid in pids])
    # Sessions alternate between the replicas (the proxy's cookie names one), so the burst
    # is spread evenly rather than by chance.
    states = [with_replica(storage_state, r.name, topology.url) for r in replicas]
    burst = run_async(run_sessions(topology.url, pids, burst_runs, warm_up, timeout_s, states))
    rss_peak = _total([memory_kib(pid, "VmHWM") for pid in pids])
    requests = {run.job_id: len(app.requests_for(run.job_id)) for run in burst_runs}
    first_seen = app.first_seen if isinstance(app, TimedFake) else {}
    reached = {
        o.run.job_id: first_seen[o.run.job_id] - o.started
        for o in burst.outcomes
        if o.run.job_id in first_seen
    }
    served_by = _sessions_per_replica(topology, burst_runs)
    return Report(burst, requests, reached, rss_idle, rss_peak, load_before), served_by


def with_replica(storage_state: Any, replica: str, url: str) -> dict[str, Any]:
    """The browser state, with the proxy's affinity cookie naming `replica`."""
    host = urlsplit(url).hostname or HOST
    cookie = {"name": AFFINITY_COOKIE, "value": replica, "domain": host, "path": "/",
              "expires": -1, "httpOnly": True, "secure": False, "sameSite": "Lax"}  # fmt: skip
    cookies = [c for c in storage_state["cookies"] if c["name"] != AFFINITY_COOKIE]
    return {"cookies": [*cookies, cookie], "origins": storage_state["origins"]}


def _sessions_per_replica(topology: ProxyTopology, runs: Sequence[Any]) -> Counter[str]:
    """Which replica opened each run: the replica whose audit trail names its job."""
    jobs = {run.job_id for run in runs}
    counts: Counter[str] = Counter()
    for replica, audit in zip(topology.replicas, topology.audit_logs, strict=True):
        text = audit.read_text(errors="replace") if audit.exists() else ""
        counts[replica.name] = sum(job in text for job in jobs)
    return counts


def _total(values: Sequence[int | None]) -> int | None:
    return None if any(v is None for v in values) else sum(v or 0 for v in values)


def paint_line(label: str, report: Report) -> str:
    seconds = sorted(o.seconds for o in report.outcomes if o.seconds is not None)
    if not seconds:
        return f"{label}: nothing painted"
    return (
        f"{label}: {report.served}/{len(report.outcomes)} served; paint median "
        f"{statistics.median(seconds):.2f} s, slowest {seconds[-1]:.2f} s"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=20, help="1 to 50 (20)")
    args = parser.parse_args(argv)
    sessions = max(1, min(args.sessions, 50))
    single = measure(sessions)
    with tempfile.TemporaryDirectory(prefix="load-proxy-") as tmp, fake_api([]) as fake:
        app, api_url = fake
        folder = Path(tmp)
        with running_oidc_provider(folder / "provider.log") as provider:
            seed_person(provider, *PERSON)
            topology = proxy_topology(
                folder,
                api_base_url=api_url,
                api_key=API_KEY,
                provider_url=provider,
                allowed_emails=[PERSON[1]],
            )
            with topology as team:
                state = run_async(sign_in_once(team.url, PERSON[0]))
                proxied, served_by = measure_through(team, app, sessions, state)
    print("--- one process, no sign-in ---")
    print(format_report(single))
    print("--- nginx, two replicas, sign-in on ---")
    print(format_report(proxied))
    print("sessions per replica: " + ", ".join(f"{k} {v}" for k, v in sorted(served_by.items())))
    print(paint_line("one process      ", single))
    print(paint_line("proxy, 2 replicas", proxied))
    return 0 if single.served == proxied.served == sessions else 1


if __name__ == "__main__":
    sys.exit(main())
