"""The team topology in Chromium: nginx (deploy/nginx.conf) in front of two replicas under
/inspector, sign-in on against the test provider, all on 127.0.0.1 (bench/proxy_topology.py).

Through the proxy a colleague signs in, lands on a share link (which carries the path) and
downloads a CSV; browsers with different affinity cookies land on different replicas and
each stays on its own; the load check serves its sessions; and when a replica stops, new
sessions still work and a session that was on it comes back on the other after a reload
and stays there once the first is back (last: it stops and restarts a replica).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Response,
    StorageState,
    ViewportSize,
    expect,
)

from bench.load_proxy import measure_through
from bench.oidc_provider import seed_person
from bench.proxy_topology import AFFINITY_COOKIE, ProxyTopology, proxy_topology, replica_of
from tests.browser.conftest import (
    SIGN_IN_TIMEOUT_MS,
    VIEWPORT,
    FakeApi,
    open_app,
    screenshot,
    sign_in_as,
    status_badge,
    wait_for_app,
    watch_server_log,
)
from tests.conftest import DEMO_DATA, TEST_API_KEY

pytestmark = pytest.mark.browser

COLLEAGUE = ("lee", "lee@example.com")
RECEIPT = "e1a3c5e7-b9d1-4f3a-8c5e-7a9b1d3f5c7e"  # a demo run the live fake API serves
INVOICE = "7f9b1d3f-5a7c-4e9b-8d1f-3a5c7e9b1d3f"
# The bar is 20 (python -m bench.load_proxy, docs/deploy.md); 6 keep the suite within budget.
LOAD_SESSIONS = 6
SIZE: ViewportSize = {"width": VIEWPORT["width"], "height": VIEWPORT["height"]}


@pytest.fixture(scope="module")
def team(
    live_api: FakeApi, oidc_provider: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ProxyTopology]:
    seed_person(oidc_provider, *COLLEAGUE)
    folder = tmp_path_factory.mktemp("proxy")
    with proxy_topology(
        folder,
        api_base_url=live_api.base_url,
        api_key=TEST_API_KEY,
        provider_url=oidc_provider,
        allowed_emails=[COLLEAGUE[1]],
    ) as topology:
        for replica in topology.replicas:
            watch_server_log(replica.log)
        yield topology


@pytest.fixture(scope="module")
def signed_in(team: ProxyTopology, browser: Browser) -> StorageState:
    """The colleague's signed-in browser state (valid on either replica), without the
    proxy's affinity cookie: each context made from it gets its own."""
    context = browser.new_context(viewport=SIZE)
    page = context.new_page()
    open_app(page, team.at())
    sign_in_as(page, COLLEAGUE[0])
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    stored = context.storage_state()
    context.close()
    stored["cookies"] = [c for c in stored["cookies"] if c["name"] != AFFINITY_COOKIE]
    return stored


def replicas_seen(context: BrowserContext) -> list[str]:
    """Every replica that answered this context's page loads and Streamlit's own endpoints
    through the proxy, in order. Files (scripts, the icon) are left out: the browser may take
    them from its cache, headers and all."""
    seen: list[str] = []

    def note(response: Response) -> None:
        replica = replica_of(response.headers)
        asked = response.request.resource_type == "document" or "/_stcore/" in response.url
        if replica is not None and asked:
            seen.append(replica)

    context.on("response", note)
    return seen


def open_run(context: BrowserContext, team: ProxyTopology, job_id: str) -> Page:
    page = context.new_page()
    open_app(page, team.at(f"job_id={job_id}"))
    expect(status_badge(page)).to_be_visible(timeout=SIGN_IN_TIMEOUT_MS)
    return page


def test_a_colleague_signs_in_through_the_proxy_and_downloads_from_a_share_link(
    page: Page, team: ProxyTopology
) -> None:
    seen = replicas_seen(page.context)
    open_app(page, team.at(f"job_id={RECEIPT}"))

    sign_in_as(page, COLLEAGUE[0])

    expect(status_badge(page)).to_be_visible(timeout=SIGN_IN_TIMEOUT_MS)
    expect(page).to_have_url(re.compile(rf"/inspector/\?job_id={RECEIPT}$"))
    share = re.escape(f"{team.url}/?job_id={RECEIPT}")
    expect(page.get_by_text(re.compile(rf"^{share}$"))).to_be_visible()
    screenshot(page, "proxy-run")
    with page.expect_download() as download:
        page.get_by_role("button", name="Data CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    assert download.value.failure() is None
    # An upload goes through too (nginx buffers its body to a file first).
    open_app(page, f"{team.url}/open-json")
    upload = page.get_by_role("region", name="Run or job JSON file").get_by_test_id(
        "stFileUploaderDropzoneInput"
    )
    upload.set_input_files(DEMO_DATA / "invoice_schema_problems.json")
    expect(page.get_by_text("Opened from an uploaded file at")).to_be_visible()
    # The first answer set the affinity cookie; every request after it, the sign-in's
    # return included, went to the same replica.
    assert len(set(seen)) == 1, seen


def test_browsers_with_different_cookies_land_on_different_replicas_and_stay(
    browser: Browser, team: ProxyTopology, signed_in: StorageState
) -> None:
    by_replica: dict[str, tuple[BrowserContext, list[str]]] = {}
    for _ in range(16):  # each new context draws a random affinity cookie: 1 in 2 per replica
        context = browser.new_context(viewport=SIZE, storage_state=signed_in)
        seen = replicas_seen(context)
        open_run(context, team, RECEIPT)
        (replica,) = set(seen)  # every response of this browser came from one replica
        if replica in by_replica:
            context.close()
            continue
        by_replica[replica] = (context, seen)
        if len(by_replica) == 2:
            break
    assert set(by_replica) == {r.name for r in team.replicas}
    for context, seen in by_replica.values():
        page = context.pages[0]
        job = page.get_by_role("textbox", name="Job ID")
        job.fill(INVOICE)
        job.press("Enter")
        wait_for_app(page)
        expect(page.get_by_text("line_items (3 items)", exact=True)).to_be_visible()
        assert len(set(seen)) == 1, seen
        context.close()


def test_the_load_check_serves_every_session_through_the_proxy(
    team: ProxyTopology, live_api: FakeApi, signed_in: StorageState
) -> None:
    report, served_by = measure_through(team, live_api.app, LOAD_SESSIONS, signed_in)

    assert report.served == LOAD_SESSIONS, [o.problems for o in report.failed]
    assert set(report.requests_per_job.values()) == {1}
    assert sum(served_by.values()) == LOAD_SESSIONS
    assert all(served_by[r.name] > 0 for r in team.replicas), served_by


def test_when_a_replica_stops_new_and_reloaded_sessions_go_to_the_other(
    browser: Browser, team: ProxyTopology, signed_in: StorageState
) -> None:
    context = browser.new_context(viewport=SIZE, storage_state=signed_in)
    seen = replicas_seen(context)
    page = open_run(context, team, RECEIPT)
    (first,) = set(seen)

    team.stop(team.replica(first))

    fresh = browser.new_context(viewport=SIZE, storage_state=signed_in)
    fresh_seen = replicas_seen(fresh)
    open_run(fresh, team, INVOICE)
    assert first not in fresh_seen

    seen.clear()
    page.reload()
    wait_for_app(page)
    expect(status_badge(page)).to_be_visible(timeout=SIGN_IN_TIMEOUT_MS)
    assert seen
    assert first not in seen
    (moved,) = set(seen)
    assert affinity(context) == moved  # the cookie moved with the session

    # The first replica comes back (an upgrade's restart): the moved session stays put.
    team.restart(team.replica(first))
    seen.clear()
    page.reload()
    wait_for_app(page)
    expect(status_badge(page)).to_be_visible(timeout=SIGN_IN_TIMEOUT_MS)
    assert set(seen) == {moved}
    fresh.close()
    context.close()


def affinity(context: BrowserContext) -> str | None:
    return next((c["value"] for c in context.cookies() if c["name"] == AFFINITY_COOKIE), None)
