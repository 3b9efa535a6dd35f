"""Cached data access shared by the pages (not a page itself): settings, connection, run loads."""

from __future__ import annotations

import hashlib
import os

import httpx
import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from run_inspector.api.client import LlamaCloudClient, make_http_pool
from run_inspector.api.request_gate import RequestGate
from run_inspector.api.retry_policy import MAX_RETRIES
from run_inspector.demo.samples import (
    DEMO_RESTART_SECONDS,
    demo_connection,
    demo_http_pool,
    demo_transport,
)
from run_inspector.loading.run_cache import LoadedRun, RunCache, RunKey
from run_inspector.loading.uploaded import UploadedFile, read_uploaded
from run_inspector.references.job_reference import JobReference
from run_inspector.settings import Connection, Settings, resolve_settings

_CONNECTION_STATE = "_connection"


def read_settings() -> Settings:
    try:
        secrets = dict(st.secrets)
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        secrets = {}
    return resolve_settings(os.environ, secrets)


def remember_connection(connection: Connection) -> None:
    st.session_state[_CONNECTION_STATE] = connection


def connection_remembered() -> bool:
    """Whether app.py has chosen this session's connection (it does on every run)."""
    return isinstance(st.session_state.get(_CONNECTION_STATE), Connection)


def session_connection() -> Connection:
    connection = st.session_state.get(_CONNECTION_STATE)
    if isinstance(connection, Connection):
        return connection
    return demo_connection()


@st.cache_resource(show_spinner=False)
def _run_cache() -> RunCache:
    return RunCache()


@st.cache_resource(show_spinner=False)
def _demo_run_cache() -> RunCache:
    """Demo runs are final for no longer than the demo's running job takes to start over,
    so a visitor who comes later sees it run too."""
    return RunCache(final_ttl_seconds=DEMO_RESTART_SECONDS)


@st.cache_resource(show_spinner=False)
def demo_files_transport() -> httpx.WSGITransport:
    """The demo's fake API, shared: its presigned links are only good on the same instance."""
    return demo_transport()


@st.cache_resource(max_entries=8, show_spinner=False)
def _http_pool(base_url: str, demo: bool, timeout_seconds: float) -> httpx.Client:
    """Connections shared by every session for one base URL; they hold no API key."""
    if demo:
        return demo_http_pool(demo_files_transport())
    return make_http_pool(base_url, timeout=httpx.Timeout(timeout_seconds, connect=5.0))


def client_for(
    connection: Connection,
    *,
    gate: RequestGate | None = None,
    rate_limit_retries: int = MAX_RETRIES,
) -> LlamaCloudClient:
    """A client for this connection over the shared pool (it sends the key per request);
    a batch's clients share one `gate`, and retry a 429 more often."""
    pool = _http_pool(connection.base_url, connection.demo, connection.timeout_seconds)
    return LlamaCloudClient(
        connection.api_key,
        connection.base_url,
        http=pool,
        gate=gate,
        rate_limit_retries=rate_limit_retries,
    )


def run_key(
    connection: Connection,
    job: JobReference,
    project_id: str | None,
    organization_id: str | None,
) -> RunKey:
    """Where a run sits in the run cache: credentials, server, job and scope."""
    return RunKey(
        connection.fingerprint, connection.base_url, job.job_id, project_id, organization_id
    )


def load_run(
    connection: Connection,
    job: JobReference,
    project_id: str | None,
    organization_id: str | None,
    *,
    force: bool = False,
) -> LoadedRun:
    """The v1 run or v2 job for these coordinates, from the shared cache unless `force`."""
    key = run_key(connection, job, project_id, organization_id)
    client = client_for(connection)
    fetch = client.fetch_v2_job if job.api_version == "v2" else client.fetch_run_by_job
    cache = _demo_run_cache() if connection.demo else _run_cache()
    return cache.get(
        key,
        lambda: fetch(job.job_id, project_id=project_id, organization_id=organization_id),
        force=force,
    )


@st.cache_resource(max_entries=16, ttl=3600, show_spinner=False)
def _uploaded(digest: str, _content: bytes) -> UploadedFile:
    """Uploaded files are keyed by content hash: the same file parses once for everyone."""
    return read_uploaded(_content)


def load_uploaded(content: bytes, digest: str | None = None) -> UploadedFile:
    """`digest`: the content's SHA-256 when the caller has it already."""
    return _uploaded(digest or hashlib.sha256(content).hexdigest(), content)
