"""Cached data access shared by the pages (not a page itself): settings, connection, run loads."""

from __future__ import annotations

import hashlib
import os
import time

import httpx
import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from run_inspector.adapters.reading import read_v1_body
from run_inspector.api.client import LlamaCloudClient, make_http_pool
from run_inspector.api.errors import InvalidRunFileError
from run_inspector.demo.samples import demo_connection, demo_http_pool
from run_inspector.loading.run_cache import LoadedRun, RunCache, RunKey
from run_inspector.settings import Connection, Settings, resolve_settings
from run_inspector.wire.invalid_body import InvalidBody

_CONNECTION_STATE = "_connection"


def read_settings() -> Settings:
    try:
        secrets = dict(st.secrets)
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        secrets = {}
    return resolve_settings(os.environ, secrets)


def remember_connection(connection: Connection) -> None:
    st.session_state[_CONNECTION_STATE] = connection


def session_connection() -> Connection:
    connection = st.session_state.get(_CONNECTION_STATE)
    if isinstance(connection, Connection):
        return connection
    return demo_connection()


@st.cache_resource(show_spinner=False)
def _run_cache() -> RunCache:
    return RunCache()


@st.cache_resource(max_entries=8, show_spinner=False)
def _http_pool(base_url: str, demo: bool, timeout_seconds: float) -> httpx.Client:
    """Connections shared by every session for one base URL; they hold no API key."""
    if demo:
        return demo_http_pool()
    return make_http_pool(base_url, timeout=httpx.Timeout(timeout_seconds, connect=5.0))


def load_run(
    connection: Connection,
    job_id: str,
    project_id: str | None,
    organization_id: str | None,
    *,
    force: bool = False,
) -> LoadedRun:
    """The run for these coordinates, from the shared cache unless `force`."""
    key = RunKey(connection.fingerprint, connection.base_url, job_id, project_id, organization_id)
    pool = _http_pool(connection.base_url, connection.demo, connection.timeout_seconds)
    client = LlamaCloudClient(connection.api_key, connection.base_url, http=pool)
    return _run_cache().get(
        key,
        lambda: client.fetch_run_by_job(
            job_id, project_id=project_id, organization_id=organization_id
        ),
        force=force,
    )


@st.cache_resource(max_entries=16, ttl=3600, show_spinner=False)
def _uploaded_run(digest: str, _content: bytes) -> LoadedRun:
    """Uploaded files are keyed by content hash: the same file parses once for everyone."""
    read = read_v1_body(_content)
    if isinstance(read, InvalidBody):
        error = InvalidRunFileError(body=read, size_bytes=len(_content))
        return LoadedRun(extraction=None, error=error, fetched_at=time.time())
    return LoadedRun(extraction=read, error=None, fetched_at=time.time(), body=_content)


def load_uploaded_run(content: bytes) -> LoadedRun:
    return _uploaded_run(hashlib.sha256(content).hexdigest(), content)
