"""Writes the audit trail's lines for the pages: who (the gate's user, or "anonymous"), which
session (its random ID, hashed), and what the page says was done.

An action a page repeats on every rerun (opening a run, listing, comparing) is written when
what it names changes, or when the person asks again (Refresh): once per action, never per
rerun or poll."""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import httpx
import streamlit as st

from run_inspector.audit.events import ANONYMOUS, Action, AuditEvent, session_hash
from run_inspector.audit.outcome import outcome_of
from run_inspector.audit.sink import AuditLog

_USER_STATE = "_audit_user"
_SESSION_STATE = "_audit_session"


@st.cache_resource(show_spinner=False)
def _audit_log() -> AuditLog:
    return AuditLog.from_environment(os.environ)


@st.cache_resource(show_spinner=False)
def _sign_ins_seen() -> tuple[set[tuple[str, object]], threading.Lock]:
    return set(), threading.Lock()


def set_audit_user(user: str) -> None:
    """Who this session's lines name: set by the gate on every run."""
    st.session_state[_USER_STATE] = user


def audit(
    action: Action,
    *,
    job_ids: Sequence[str] = (),
    api_version: str | None = None,
    base_url: str | None = None,
    outcome: str | None = None,
    ms: float | None = None,
) -> None:
    """One line for one action. `base_url`: the API asked; only its host is written."""
    _audit_log().write(
        AuditEvent(
            action,
            user=str(st.session_state.get(_USER_STATE, ANONYMOUS)),
            session=session_hash(_session_id()),
            job_ids=tuple(job_ids),
            api_version=api_version,
            host=_host(base_url),
            outcome=outcome,
            ms=ms,
        )
    )


def audit_on_change(
    action: Action,
    names: Hashable,
    *,
    again: bool = False,
    job_ids: Sequence[str] = (),
    api_version: str | None = None,
    base_url: str | None = None,
    error: BaseException | None = None,
    outcome: str | None = None,
    ms: float | None = None,
) -> None:
    """One line when `names` (what the action is about) differs from this session's last
    one for `action`, or when `again` (the person asked again). The outcome is `outcome`,
    else said from `error`."""
    key = f"_audited-last-{action}"
    if not again and st.session_state.get(key) == names:
        return
    st.session_state[key] = names
    audit(action, job_ids=job_ids, api_version=api_version, base_url=base_url,
          outcome=outcome or outcome_of(error), ms=ms)  # fmt: skip


class Stopwatch:
    """Milliseconds since it started, for an action's line."""

    def __init__(self) -> None:
        self._started = time.perf_counter()

    @property
    def ms(self) -> float:
        return (time.perf_counter() - self._started) * 1000


@dataclass(frozen=True)
class DownloadRecord:
    """A download button's audit line, with who and which session taken when it was drawn
    (the file is built outside the script's run, where session state cannot be read)."""

    user: str
    session: str
    job_ids: tuple[str, ...]
    log: AuditLog

    def record(self, error: BaseException | None) -> None:
        self.log.write(AuditEvent("downloaded", user=self.user, session=self.session,
                                  job_ids=self.job_ids, outcome=outcome_of(error)))  # fmt: skip


def download_record(job_ids: Sequence[str]) -> DownloadRecord:
    return DownloadRecord(
        str(st.session_state.get(_USER_STATE, ANONYMOUS)),
        session_hash(_session_id()),
        tuple(job_ids),
        _audit_log(),
    )


def first_sign_in(sub: str, issued_at: object) -> bool:
    """Whether this sign-in (its subject and issue time) is new to this process: a new
    session of the same sign-in (another tab, a reload) is not a new sign-in."""
    seen, lock = _sign_ins_seen()
    with lock:
        if (sub, issued_at) in seen:
            return False
        seen.add((sub, issued_at))
        return True


def once_per_session(marker: str) -> bool:
    """True the first time this session asks with `marker`, False after."""
    key = f"_audited-{marker}"
    if st.session_state.get(key):
        return False
    st.session_state[key] = True
    return True


def _session_id() -> str:
    session = st.session_state.get(_SESSION_STATE)
    if not isinstance(session, str):
        session = secrets.token_hex(16)
        st.session_state[_SESSION_STATE] = session
    return session


def _host(base_url: str | None) -> str | None:
    if not base_url:
        return None
    try:
        return httpx.URL(base_url).host or None
    except (httpx.InvalidURL, TypeError, ValueError):
        return None
