"""Sign-in in Chromium against a real OpenID Connect provider (oidc-provider-mock on
localhost) and the app on 127.0.0.1: a colleague opens a shared link, signs in, lands on
that run and downloads its CSV; a stranger is refused without an API request; signing out
leads back to the sign-in page. Every action is one audit line, and no log holds the key."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bench.oidc_provider import seed_person
from bench.streamlit_process import HOST, free_port
from run_inspector.audit.sink import ENV_AUDIT_LOG
from tests.browser.conftest import (
    SIGN_IN_TIMEOUT_MS,
    AppServer,
    FakeApi,
    open_app,
    screenshot,
    sign_in_as,
    status_badge,
    streamlit_server,
    wait_for_app,
)
from tests.conftest import TEST_API_KEY, audit_lines

pytestmark = pytest.mark.browser

RECEIPT = "e1a3c5e7-b9d1-4f3a-8c5e-7a9b1d3f5c7e"  # a demo run the live fake API serves
COLLEAGUE = ("ana", "ana@example.com")
STRANGER = ("eve", "eve@elsewhere.org")


@dataclass(frozen=True)
class GatedApp:
    server: AppServer
    audit_log: Path
    provider: str


@pytest.fixture(scope="module")
def gated_app(
    live_api: FakeApi, oidc_provider: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GatedApp]:
    """The app with sign-in on against the provider, the colleague allowed, the fake API
    and its key behind it. The redirect URI names the exact origin the browser uses."""
    for sub, email in (COLLEAGUE, STRANGER):
        seed_person(oidc_provider, sub, email)
    folder = tmp_path_factory.mktemp("gated-app")
    port = free_port()
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://{HOST}:{port}/oauth2callback"\n'
        'cookie_secret = "a-test-cookie-secret-that-is-long-enough"\n'
        'client_id = "run-inspector"\n'
        'client_secret = "not-a-real-secret"\n'
        f'server_metadata_url = "{oidc_provider}/.well-known/openid-configuration"\n'
        "[access]\n"
        f'allowed_emails = ["{COLLEAGUE[1]}"]\n',
        encoding="utf-8",
    )
    audit_log = folder / "audit.jsonl"
    env = {
        "LLAMA_CLOUD_API_KEY": TEST_API_KEY,
        "LLAMA_CLOUD_BASE_URL": live_api.base_url,
        ENV_AUDIT_LOG: str(audit_log),
    }
    args = ("--secrets.files", str(secrets))
    with streamlit_server(env, folder / "streamlit.log", port=port, extra_args=args) as server:
        yield GatedApp(server, audit_log, oidc_provider)


def test_a_colleague_signs_in_from_a_shared_link_and_lands_on_the_run(
    page: Page, gated_app: GatedApp, live_api: FakeApi
) -> None:
    before = len(live_api.app.requests)
    audit_before = len(audit_lines(gated_app.audit_log))
    open_app(page, gated_app.server.at(f"job_id={RECEIPT}"))
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(page.get_by_role("navigation")).to_have_count(0)
    assert len(live_api.app.requests) == before
    screenshot(page, "sign-in")

    sign_in_as(page, COLLEAGUE[0])

    expect(status_badge(page)).to_be_visible(timeout=SIGN_IN_TIMEOUT_MS)
    expect(page).to_have_url(re.compile(rf"[?&]job_id={RECEIPT}(&|$)"))
    expect(page.get_by_text(COLLEAGUE[1], exact=True)).to_be_visible()
    assert len(live_api.app.requests) > before
    screenshot(page, "signed-in")
    with page.expect_download() as download:
        page.get_by_role("button", name="Data CSV").click()
    assert download.value.suggested_filename.endswith(".csv")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/oauth2/end_session"), timeout=SIGN_IN_TIMEOUT_MS)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(re.compile(rf"^http://{re.escape(HOST)}:\d+/"), timeout=SIGN_IN_TIMEOUT_MS)
    wait_for_app(page)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()

    lines = audit_lines(gated_app.audit_log)[audit_before:]
    assert [(line["action"], line["user"], line["job_ids"]) for line in lines] == [
        ("signed_in", COLLEAGUE[1], []),
        ("run_opened", COLLEAGUE[1], [RECEIPT]),
        ("downloaded", COLLEAGUE[1], [RECEIPT]),
        ("signed_out", COLLEAGUE[1], []),
    ]
    assert {line["host"] for line in lines if line["action"] == "run_opened"} == {"127.0.0.1"}


def test_a_stranger_is_refused_by_name_and_causes_no_api_request(
    page: Page, gated_app: GatedApp, live_api: FakeApi
) -> None:
    before = len(live_api.app.requests)
    open_app(page, gated_app.server.at(f"job_id={RECEIPT}"))

    sign_in_as(page, STRANGER[0])

    expect(page.get_by_role("heading", name="No access")).to_be_visible()
    expect(page.get_by_text(STRANGER[1], exact=True)).to_be_visible()
    expect(page.get_by_role("navigation")).to_have_count(0)
    screenshot(page, "no-access")
    assert len(live_api.app.requests) == before
    refused = [line for line in audit_lines(gated_app.audit_log)
               if line["action"] == "access_refused" and line["user"] == STRANGER[1]]  # fmt: skip
    assert len(refused) == 1


def test_no_log_line_holds_the_api_key(gated_app: GatedApp) -> None:
    for log in (gated_app.audit_log, gated_app.server.log):
        assert TEST_API_KEY not in log.read_text(encoding="utf-8", errors="replace")
