"""The gate every run of every page passes first (app.py, and each fragment's own reruns).

With no `[auth]` section in secrets.toml, sign-in is off and everything is as before (a
server API key then earns one warning per process: anyone who reaches the app reads runs
with it). With `[auth]`, nothing else is drawn, fetched or offered until the person is
signed in and on the allow-list; every problem in the configuration keeps everyone out.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import wraps
from typing import Any, Final, NoReturn, ParamSpec

import streamlit as st
from cachetools import TTLCache
from streamlit import config as st_config
from streamlit.navigation.page import StreamlitPage

from components.return_to_cookie import forget_target, remember_target
from components.sign_in import (
    render_misconfigured,
    render_no_access,
    render_sign_in,
    render_signed_in_user,
)
from loaders.audit import (
    DownloadRecord,
    audit,
    download_record,
    first_sign_in,
    once_per_session,
    set_audit_user,
)
from loaders.data_access import read_settings
from loaders.navigation import app_pages
from loaders.secret_tables import SecretsProblem, secret_table, sign_in_configured
from run_inspector.access.auth_config import AuthConfig, read_auth
from run_inspector.access.policy import (
    ENV_ALLOWED_DOMAINS,
    ENV_ALLOWED_EMAILS,
    AccessPolicy,
    Decision,
    decide,
    read_policy,
)
from run_inspector.access.provider_check import provider_problem
from run_inspector.access.return_to import COOKIE_NAME, parse_return_to, target_text
from run_inspector.audit.events import ANONYMOUS

logger = logging.getLogger("run_inspector.sign_in")

# A provider found up (or down) is asked again after this long, not on every run.
PROVIDER_CHECK_TTL_S: Final = 30.0
NO_ALLOW_LIST_HELP: Final = (
    "To let people in, list them under [access] in secrets.toml (allowed_emails = "
    '["ana@example.com"], allowed_domains = ["example.com"]) or in the environment variables '
    f"{ENV_ALLOWED_EMAILS} and {ENV_ALLOWED_DOMAINS}, comma-separated."
)
P = ParamSpec("P")
_RETURN_TO_STATE: Final = "_gate_return_to"


@dataclass(frozen=True)
class Assessment:
    """What the gate makes of a person at this moment, read afresh from the configuration:
    sign-in off; a configuration that keeps everyone out (`problems`); signed out (only
    `config`); or the allow-list's `decision` on the `claims` it was given."""

    off: bool = False
    problems: tuple[str, ...] = ()
    config: AuthConfig | None = None
    policy: AccessPolicy | None = None
    decision: Decision | None = None
    claims: Mapping[str, Any] | None = None

    @property
    def allowed(self) -> bool:
        return self.off or (self.decision is not None and self.decision.verdict == "allowed")


def assess(claims: Callable[[], Mapping[str, Any]]) -> Assessment:
    """The one reading of the gate, for a run of the page, a fragment's rerun and a
    download's click alike. `claims` is asked only when sign-in is on and configured."""
    try:
        section = secret_table("auth")
        access = secret_table("access")
    except SecretsProblem as problem:
        return Assessment(problems=(str(problem),))
    if section is None:
        return Assessment(off=True)
    auth = read_auth(section)
    problems = (*auth.problems, *_server_problems())
    if auth.config is None or problems:
        return Assessment(problems=problems)
    person = claims()
    if not person.get("is_logged_in"):
        return Assessment(config=auth.config)
    read = read_policy(access, os.environ)
    if read.problems:
        return Assessment(problems=read.problems)
    decision = decide(person, read.policy, datetime.now(UTC))
    return Assessment(config=auth.config, policy=read.policy, decision=decision, claims=person)


def pass_gate() -> None:
    """Called by app.py before anything else. Returns only for someone who may use the app
    (or with sign-in off); for anyone else it draws the gate's page and stops the run."""
    seen = assess(_claims)
    if seen.off:
        _warn_once_if_open()
        set_audit_user(ANONYMOUS)
        return
    if seen.problems or seen.config is None:
        problems = seen.problems
        _log_once(problems)
        _stop_with(lambda _asked: render_misconfigured(problems))
    config = seen.config
    if seen.decision is None or seen.policy is None or seen.claims is None:
        _stop_with(lambda asked: _sign_in_page(config, None, asked))
    decision, person = seen.decision, seen.claims
    set_audit_user(_audit_name(decision.email, person))
    if decision.verdict == "expired":
        hours = f"{seen.policy.max_session_hours:g}"
        again = f"Your sign-in is more than {hours} hours old: please sign in again."
        _stop_with(lambda asked: _sign_in_page(config, again, asked))
    if decision.verdict != "allowed":
        if once_per_session(f"refused-{decision.email}-{decision.verdict}"):
            audit("access_refused", outcome=decision.verdict)
        how_to_fix = NO_ALLOW_LIST_HELP if decision.verdict == "no_allow_list" else None
        _stop_with(lambda _asked: render_no_access(decision.email, decision.reason,
                                                   how_to_fix, _sign_out))  # fmt: skip
    if first_sign_in(str(person.get("sub", "")), person.get("iat")):
        audit("signed_in", outcome="allowed")
    render_signed_in_user(decision.email, _sign_out)


def still_allowed() -> bool:
    """For a fragment's own reruns (app.py does not run): whether the person may still use
    the app, with the configuration and the allow-list read again."""
    return assess(_claims).allowed


def gated_fragment(
    run_every: float | None = None,
) -> Callable[[Callable[P, None]], Callable[P, None]]:
    """`st.fragment`, but each of its reruns first checks the gate: someone taken off the
    allow-list (or signed out) stops being served at the next tick, and the whole page runs
    again to show them the gate."""

    def decorate(body: Callable[P, None]) -> Callable[P, None]:
        @wraps(body)
        def checked(*args: P.args, **kwargs: P.kwargs) -> None:
            if not still_allowed():
                st.rerun(scope="app")
            body(*args, **kwargs)

        fragment: Callable[P, None] = st.fragment(checked, run_every=run_every)
        return fragment

    return decorate


def _audit_name(email: str, claims: Mapping[str, Any]) -> str:
    """Who the audit lines name: the email, else the provider's subject (never "anonymous",
    which means sign-in is off)."""
    return email or f"sub:{claims.get('sub', '')}"


def _sign_in_page(config: AuthConfig, note: str | None, asked: StreamlitPage) -> None:
    """`asked`: the page the URL names, kept (with its query) for after sign-in."""
    query = [(key, value) for key in st.query_params for value in st.query_params.get_all(key)]
    target = target_text(asked.url_path, query)
    if parse_return_to(target, _url_paths()) is not None:
        remember_target(target, key="gate-return-to")

    def sign_in() -> None:
        if config.provider is None:
            st.login()
        else:
            st.login(config.provider)

    render_sign_in(_provider_problem(config.metadata_url), note, sign_in)


def _sign_out() -> None:
    audit("signed_out")
    st.logout()


def _stop_with(draw: Callable[[StreamlitPage], None]) -> NoReturn:
    """The gate's page alone: the navigation is registered hidden (so every link's path
    stays valid) but no page of the app runs, and no sidebar is drawn. `draw` is given the
    page the URL asked for."""
    asked = st.navigation(app_pages(icons=False), position="hidden")
    draw(asked)
    st.stop()


def follow_return_to(shown: StreamlitPage) -> None:
    """Once per session, after sign-in: open the page a signed-out person asked for (kept
    in a cookie, since sign-in comes back to the home page), then delete the cookie. Only
    a session that starts where sign-in lands (the home page, no query) follows it: a link
    opened in another tab is what that tab shows."""
    if st.session_state.get(_RETURN_TO_STATE) == "done" or not sign_in_configured():
        return
    if st.session_state.get(_RETURN_TO_STATE) == "forget":
        st.session_state[_RETURN_TO_STATE] = "done"
        with st.sidebar:
            forget_target(key="gate-return-to-forget")
        return
    raw = st.context.cookies.get(COOKIE_NAME)  # a snapshot taken when the session began
    st.session_state[_RETURN_TO_STATE] = "forget" if raw is not None else "done"
    target = parse_return_to(raw, _url_paths())
    landed = not shown.url_path and not len(st.query_params)
    if target is None or target.is_home or not landed:
        return
    pages = {page.url_path: page for page in app_pages()}
    query: dict[str, list[str]] = {}
    for key, value in target.query:
        query.setdefault(key, []).append(value)
    st.switch_page(pages[target.url_path], query_params=list(query.items()))


def _url_paths() -> set[str]:
    return {page.url_path for page in app_pages(icons=False)}


def _claims() -> dict[str, Any]:
    return dict(st.user.to_dict())


def _server_problems() -> list[str]:
    """Server settings that would let someone around the sign-in (tests pin them in the
    config file; the environment could still override them)."""
    problems = []
    if st_config.get_option("server.enableAgentApi"):
        problems.append("server.enableAgentApi is on: its sessions bypass sign-in. Turn it off.")
    if st_config.get_option("server.trustedUserHeaders"):
        problems.append(
            "server.trustedUserHeaders is set: a request header would overwrite the signed-in "
            "person's identity. Remove it."
        )
    return problems


@st.cache_resource(show_spinner=False)
def _provider_checks() -> tuple[TTLCache[str, str | None], threading.Lock]:
    return TTLCache(maxsize=8, ttl=PROVIDER_CHECK_TTL_S), threading.Lock()


def _provider_problem(metadata_url: str) -> str | None:
    checks, lock = _provider_checks()
    with lock:
        if metadata_url in checks:
            return checks[metadata_url]
    problem = provider_problem(metadata_url)
    if problem is not None:
        logger.warning("Sign-in provider check failed: %s", problem)
    with lock:
        checks[metadata_url] = problem
    return problem


@st.cache_resource(show_spinner=False)
def _logged_once() -> tuple[set[str], threading.Lock]:
    return set(), threading.Lock()


def _log_once(problems: tuple[str, ...] | list[str]) -> None:
    seen, lock = _logged_once()
    for problem in problems:
        with lock:
            if problem in seen:
                continue
            seen.add(problem)
        logger.error("Sign-in configuration: %s", problem)


def _warn_once_if_open() -> None:
    """Sign-in off with a server API key: anyone who reaches the app reads runs with it."""
    if read_settings().api_key is None:
        return
    seen, lock = _logged_once()
    with lock:
        if "open" in seen:
            return
        seen.add("open")
    logger.warning(
        "Sign-in is off and the server has an API key: anyone who can reach this app can "
        "read runs with that key. Configure [auth] in secrets.toml to require sign-in."
    )


@dataclass(frozen=True)
class DownloadGate:
    """A download button's watch: on the click (outside any run of the page), the person
    drawn the button must still pass the gate, read again; and the click is written to the
    audit trail either way."""

    claims: Mapping[str, Any] | None  # None: sign-in was off when the button was drawn
    audit: DownloadRecord

    def check(self) -> None:
        claims = self.claims
        if claims is not None and not assess(lambda: claims).allowed:
            raise PermissionError("no longer allowed to download")

    def record(self, error: BaseException | None) -> None:
        self.audit.record(error)


def watch_download(job_ids: Sequence[str]) -> DownloadGate:
    """For components/download_audit.py: drawn now, checked and recorded on the click."""
    claims = _claims() if sign_in_configured() else None
    return DownloadGate(claims, download_record(job_ids))
