"""Sign-in in AppTest (`at.user` stands in for the provider's ID token): signed out, allowed,
not allowed, an unverified domain, an old sign-in, no allow-list, a broken configuration and
a provider that is down. With sign-in on, nobody who is not allowed causes an API request,
whatever the URL asks for; each action is one audit line."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from run_inspector.fake_api import FakeLlamaCloud
from tests.apptest.conftest import APP_PATH, APP_TIMEOUT, page_text
from tests.conftest import TEST_API_KEY, audit_lines, demo_run

ALLOWED = "ana@example.com"
STRANGER = "eve@elsewhere.org"
# Every page and what a shared link to it asks for.
LINKS: list[tuple[str, dict[str, str]]] = [
    ("app.py", {"job_id": str(uuid.UUID(int=1)), "field": "total", "page": "1"}),
    ("pages/runs.py", {"agent_id": str(uuid.UUID(int=2))}),
    ("pages/runs.py", {"api": "v2"}),
    ("pages/batch.py", {"job_ids": f"{uuid.UUID(int=3)},ext-{uuid.UUID(int=4)}"}),
    ("pages/compare.py", {"a": str(uuid.UUID(int=5)), "b": str(uuid.UUID(int=6))}),
    ("pages/open-json.py", {}),
]


def person(email: str, *, verified: bool | None = True, hours_ago: float = 0.1) -> dict[str, Any]:
    claims: dict[str, Any] = {
        "is_logged_in": True,
        "sub": f"sub-{email}",
        "email": email,
        "iat": int(time.time() - hours_ago * 3600),
        "name": "Someone",
    }
    if verified is not None:
        claims["email_verified"] = verified
    return claims


SIGNED_OUT: dict[str, Any] = {"is_logged_in": False}


@pytest.fixture
def auth_section(oidc_provider: str) -> dict[str, Any]:
    return {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "a-test-cookie-secret-long-enough",
        "client_id": "run-inspector",
        "client_secret": "not-a-real-secret",
        "server_metadata_url": f"{oidc_provider}/.well-known/openid-configuration",
    }


@pytest.fixture
def gated(
    live_app: Callable[..., AppTest], auth_section: dict[str, Any], audit_file: Path
) -> Callable[..., AppTest]:
    """The app with sign-in on (the fake API and its key behind it), as `user`, opened at
    `script` with the URL's `query`."""

    def open_gated(
        user: dict[str, Any],
        script: str = "app.py",
        access: dict[str, Any] | None = None,
        auth: dict[str, Any] | None = None,
        **query: str,
    ) -> AppTest:
        at = AppTest.from_file(APP_PATH, default_timeout=APP_TIMEOUT)
        at.secrets["auth"] = auth if auth is not None else auth_section
        at.secrets["access"] = access if access is not None else {"allowed_emails": [ALLOWED]}
        at.user = user
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if script != "app.py":
            at.switch_page(script).run()
        return at

    return open_gated


def headings(at: AppTest) -> list[str]:
    return [t.value for t in at.title] + [h.value for h in at.header]


@pytest.mark.parametrize(("page_file", "query"), LINKS, ids=[f"{p}?{q}" for p, q in LINKS])
def test_signed_out_every_link_shows_sign_in_only_and_asks_nothing(
    gated: Callable[..., AppTest], fake_api: FakeLlamaCloud, page_file: str, query: dict[str, str]
) -> None:
    at = gated(SIGNED_OUT, page_file, **query)

    assert "Sign in with your company account to inspect extraction runs." in page_text(at)
    assert [b.label for b in at.button] == ["Sign in"]
    assert headings(at) == ["Run Inspector"]
    assert not at.sidebar.children
    assert fake_api.requests == []


@pytest.mark.parametrize(("page_file", "query"), LINKS, ids=[f"{p}?{q}" for p, q in LINKS])
def test_a_stranger_is_refused_by_name_and_asks_nothing(
    gated: Callable[..., AppTest],
    fake_api: FakeLlamaCloud,
    audit_file: Path,
    page_file: str,
    query: dict[str, str],
) -> None:
    at = gated(person(STRANGER), page_file, **query)

    assert headings(at) == ["No access"]
    assert [c.value for c in at.code] == [STRANGER]
    assert "The email is not on the allow-list." in page_text(at)
    assert [b.label for b in at.button] == ["Sign out"]
    assert fake_api.requests == []
    (line,) = audit_lines(audit_file)
    assert (line["action"], line["user"], line["outcome"]) == (
        "access_refused", STRANGER, "refused",
    )  # fmt: skip


def test_an_allowed_person_opens_the_run_and_sees_who_they_are(
    gated: Callable[..., AppTest], fake_api: FakeLlamaCloud, audit_file: Path
) -> None:
    job_id = fake_api.add_run(demo_run("receipt_per_doc_bounding_boxes"))

    at = gated(person(ALLOWED.upper()), job_id=job_id)

    assert not at.exception
    assert "Extracted data" in headings(at)
    assert ALLOWED.upper() in [t.value for t in at.sidebar.text]
    assert "Sign out" in [b.label for b in at.sidebar.button]
    assert len(fake_api.requests) >= 1
    signed_in = [line for line in audit_lines(audit_file) if line["action"] == "signed_in"]
    assert [line["user"] for line in signed_in] == [ALLOWED.upper()]

    at.run()  # another run of the same session is not another sign-in
    assert len([a for a in audit_lines(audit_file) if a["action"] == "signed_in"]) == 1


def test_sign_out_writes_its_line_and_leaves_the_sign_in_page(
    gated: Callable[..., AppTest], audit_file: Path
) -> None:
    at = gated(person(ALLOWED))
    at.sidebar.button(key="gate-sign-out").click().run()

    assert at.user == {"is_logged_in": False}
    at.run()
    assert [b.label for b in at.button] == ["Sign in"]
    assert [line["action"] for line in audit_lines(audit_file)] == ["signed_in", "signed_out"]


def test_a_domain_lets_in_a_verified_email_only(
    gated: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    access = {"allowed_domains": ["example.com"]}

    assert headings(gated(person("bo@example.com"), access=access))[0] == "Run Inspector"
    refused = gated(person("bo@example.com", verified=None), access=access)
    assert headings(refused) == ["No access"]
    assert "the provider did not say the email is verified" in page_text(refused)
    assert headings(gated(person("bo@example.com", verified=False), access=access)) == ["No access"]


def test_trusting_unverified_domains_lets_in_a_provider_without_the_claim(
    gated: Callable[..., AppTest],
) -> None:
    access = {"allowed_domains": ["example.com"], "trust_unverified_domains": True}
    at = gated(person("bo@example.com", verified=None), access=access)
    assert headings(at)[0] == "Run Inspector"
    assert "No access" not in headings(at)


def test_an_old_sign_in_is_asked_again(
    gated: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    at = gated(person(ALLOWED, hours_ago=13), job_id=str(uuid.uuid4()))

    assert "Your sign-in is more than 12 hours old: please sign in again." in page_text(at)
    assert [b.label for b in at.button] == ["Sign in"]
    assert fake_api.requests == []

    shorter = gated(person(ALLOWED, hours_ago=2), access={"allowed_emails": [ALLOWED],
                                                          "max_session_hours": 1})  # fmt: skip
    assert "more than 1 hours old" in page_text(shorter)


def test_no_allow_list_lets_nobody_in_and_says_how_to_configure_it(
    gated: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    at = gated(person(ALLOWED), access={})

    assert headings(at) == ["No access"]
    assert "No allow-list is configured." in page_text(at)
    assert "allowed_emails" in page_text(at)
    assert "RUN_INSPECTOR_ALLOWED_EMAILS" in page_text(at)
    assert fake_api.requests == []


def test_removing_a_person_takes_effect_at_their_next_run(gated: Callable[..., AppTest]) -> None:
    at = gated(person(ALLOWED))
    assert "No access" not in headings(at)

    at.secrets["access"] = {"allowed_emails": ["someone-else@example.com"]}
    at.run()

    assert headings(at) == ["No access"]


@pytest.mark.expect_log("run_inspector.sign_in", r"has no client_secret")
def test_a_missing_auth_key_is_named_on_the_page_and_in_the_log(
    gated: Callable[..., AppTest], auth_section: dict[str, Any], fake_api: FakeLlamaCloud
) -> None:
    broken = {k: v for k, v in auth_section.items() if k != "client_secret"}
    at = gated(person(ALLOWED), auth=broken, job_id=str(uuid.uuid4()))

    assert headings(at) == ["Sign-in is not set up correctly"]
    assert "The [auth] section of secrets.toml has no client_secret." in page_text(at)
    assert len(at.button) == 0
    assert fake_api.requests == []


@pytest.mark.expect_log("run_inspector.sign_in", r"Sign-in provider check failed")
def test_a_provider_that_is_down_is_said_before_anyone_is_sent_there(
    gated: Callable[..., AppTest], auth_section: dict[str, Any]
) -> None:
    down = {**auth_section, "server_metadata_url": "http://127.0.0.1:9/.well-known/x"}
    at = gated(SIGNED_OUT, auth=down)

    assert "The sign-in provider (127.0.0.1) is not answering" in page_text(at)
    assert at.button(key="gate-sign-in").disabled


def test_with_sign_in_off_a_server_key_is_warned_about_once(
    live_app: Callable[..., AppTest], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("WARNING", logger="run_inspector.sign_in"):
        at = live_app()
        at.run()
        at.run()
    warnings = [r for r in caplog.records if r.name == "run_inspector.sign_in"]
    assert len(warnings) == 1
    assert "anyone who can reach this app can read runs with that key" in warnings[0].message
    assert TEST_API_KEY not in caplog.text


# --- Fragments' own reruns, and secrets that cannot be read ---------------------------------


def probe_still_allowed() -> None:
    import streamlit as st

    from loaders.sign_in import still_allowed

    st.text(f"allowed={still_allowed()}")


@pytest.mark.parametrize(
    ("user", "access", "allowed"),
    [
        (person(ALLOWED), {"allowed_emails": [ALLOWED]}, True),
        (person(ALLOWED), {"allowed_emails": ["someone-else@example.com"]}, False),
        (person(ALLOWED, hours_ago=13), {"allowed_emails": [ALLOWED]}, False),
        (SIGNED_OUT, {"allowed_emails": [ALLOWED]}, False),
        (person(ALLOWED), {"allowed_emails": 7}, False),
    ],
    ids=["allowed", "removed", "expired", "signed-out", "broken-access"],
)
def test_a_fragment_rerun_asks_the_gate_again(
    auth_section: dict[str, Any], user: dict[str, Any], access: dict[str, Any], allowed: bool
) -> None:
    at = AppTest.from_function(probe_still_allowed, default_timeout=APP_TIMEOUT)
    at.secrets["auth"] = auth_section
    at.secrets["access"] = access
    at.user = user
    at.run()
    assert [t.value for t in at.text] == [f"allowed={allowed}"]


def test_a_fragment_refused_reruns_the_whole_page_not_its_body(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import streamlit

    import loaders.sign_in as sign_in

    ran: list[str] = []
    monkeypatch.setattr(streamlit, "fragment", lambda body, run_every=None: body)
    monkeypatch.setattr(sign_in, "still_allowed", lambda: False)

    def rerun(*, scope: str = "app") -> None:
        raise RuntimeError(f"rerun {scope}")

    monkeypatch.setattr(streamlit, "rerun", rerun)

    @sign_in.gated_fragment(run_every=2)
    def body() -> None:
        ran.append("body")

    with pytest.raises(RuntimeError, match="rerun app"):
        body()
    assert ran == []

    monkeypatch.setattr(sign_in, "still_allowed", lambda: True)
    body()
    assert ran == ["body"]


@pytest.mark.expect_log("run_inspector.sign_in", r"\[auth\] in secrets.toml must be a table")
def test_an_auth_entry_that_is_not_a_table_keeps_everyone_out(
    gated: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    at = gated(person(ALLOWED), auth="not a table", job_id=str(uuid.uuid4()))

    assert headings(at) == ["Sign-in is not set up correctly"]
    assert fake_api.requests == []
