"""The fake API's WSGI app: stored runs, v2 jobs, saved configurations, agents and source
files, scripts, records, and the list routes over them (lists.py says what those answer;
files.py what the files endpoints and their download links do).

Scripted responses let a test inject faults per job (or per saved configuration, per agent's
run list, or per list path). The app can act as a server that refuses `expand=usage` or takes
only UUIDs as project and organization IDs, answering 422 as FastAPI does.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Literal
from urllib.parse import parse_qs, parse_qsl, unquote, urlsplit

from run_inspector.fake_api import lists
from run_inspector.fake_api.files import (
    FILE_HEADERS,
    FILE_LINK,
    FILES_PREFIX,
    FileStore,
    LinkedFile,
    StoredFile,
    request_base_url,
)
from run_inspector.fake_api.lists import try_json
from run_inspector.fake_api.v2 import (
    CyclingBody,
    expanded_job,
    refused_expand_values,
    refused_scope_ids,
)

StartResponse = Callable[..., Any]
Route = Literal[
    "run_by_job",
    "run_by_id",
    "v2_job",
    "saved_configuration",
    "agents",
    "v1_runs",
    "v2_jobs",
    "file_content_beta",
    "file_content",
]
_CONTENT_ROUTES: tuple[Route, ...] = ("file_content_beta", "file_content")
_ROUTES: tuple[tuple[Route, re.Pattern[str]], ...] = (
    ("agents", re.compile(r"^/api/v1/extraction/extraction-agents$")),
    ("v1_runs", re.compile(r"^/api/v1/extraction/runs$")),
    ("v2_jobs", re.compile(r"^/api/v2/extract$")),
    ("run_by_job", re.compile(r"^/api/v1/extraction/runs/by-job/(?P<id>[^/]+)$")),
    ("run_by_id", re.compile(r"^/api/v1/extraction/runs/(?P<id>[^/]+)$")),
    ("v2_job", re.compile(r"^/api/v2/extract/(?P<id>[^/]+)$")),
    ("saved_configuration", re.compile(r"^/api/v1/beta/configurations/(?P<id>[^/]+)$")),
    ("file_content_beta", re.compile(r"^/api/v1/beta/files/(?P<id>[^/]+)/content$")),
    ("file_content", re.compile(r"^/api/v1/files/(?P<id>[^/]+)/content$")),
)
Answer = tuple[int, bytes | str | dict[str, Any], Mapping[str, str]]


@dataclass(frozen=True)
class ScriptedResponse:
    """One canned answer, served before the stored run (e.g. a 429, a slow 502, HTML)."""

    status: int
    body: bytes | str | dict[str, Any] = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass(frozen=True)
class RecordedRequest:
    """One request as received; `query` keeps the last value of each key, `query_lists` all."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    query_lists: dict[str, list[str]] = field(default_factory=dict)
    received_at: float = 0.0  # time.monotonic() when it arrived

    @property
    def sent_credentials(self) -> bool:
        """Whether it carried an Authorization header or a cookie."""
        return "authorization" in self.headers or "cookie" in self.headers


@dataclass
class _StoredRun:
    body: bytes
    run_id: str | None
    api_keys: frozenset[str] | None  # None: any accepted key may read it
    # The run's JSON when it is an object, for the run list (which filters on its fields).
    payload: dict[str, Any] | None = None


@dataclass
class _StoredV2Job:
    body: Callable[[], bytes]  # the job as it is now (a cycling job changes over time)
    api_keys: frozenset[str] | None


class FakeLlamaCloud:
    """Thread-safe WSGI app; `requests` records what the API received.

    `rejects_usage_expand`: answer 422 to `expand=usage`, like a server older than 2026-08.
    `uuid_scope_ids`: answer 422 to a project or organization ID that is not a UUID, as the
    API's declared parameter types would. Both may also be set on a running fake.
    `latency_s`: every answer waits this long first, like a real server across a network.
    `peak_in_flight` is the most requests it was ever answering at once (`reset_requests`
    starts it again).
    `files_base_url`: where the download links of files (`add_file`) point, an origin such
    as "https://files.demo.run-inspector.invalid" served by this same app (e.g. through the
    same `httpx.WSGITransport`); by default the address each `/content` request came to.
    """

    def __init__(
        self,
        api_keys: Iterable[str],
        *,
        rejects_usage_expand: bool = False,
        uuid_scope_ids: bool = False,
        latency_s: float = 0.0,
        files_base_url: str | None = None,
    ) -> None:
        if files_base_url is not None and urlsplit(files_base_url).path.strip("/"):
            raise ValueError("files_base_url is an origin (scheme://host[:port]), no path")
        self.files_base_url = files_base_url.rstrip("/") if files_base_url else None
        self._files = FileStore()
        self.api_keys = set(api_keys)
        self.latency_s = latency_s
        self.peak_in_flight = 0
        self._in_flight = 0
        self._storm: deque[ScriptedResponse] = deque()
        self.rejects_usage_expand = rejects_usage_expand
        self.uuid_scope_ids = uuid_scope_ids
        self.requests: list[RecordedRequest] = []
        self._runs: dict[str, _StoredRun] = {}
        self._v2_jobs: dict[str, _StoredV2Job] = {}
        self._configurations: dict[str, _StoredRun] = {}
        self._agents: list[tuple[dict[str, Any], frozenset[str] | None]] = []
        self._scripts: dict[str, deque[ScriptedResponse]] = {}
        self._lock = threading.Lock()

    def add_run(
        self,
        run: bytes | dict[str, Any],
        *,
        job_id: str | None = None,
        api_keys: Iterable[str] | None = None,
    ) -> str:
        """Store a run under its job id (or `job_id`); returns the job id it is served at."""
        body = run if isinstance(run, bytes) else json.dumps(run).encode()
        payload = run if isinstance(run, dict) else try_json(body)
        job = job_id or (payload.get("job_id") if isinstance(payload, dict) else None)
        if not job:
            raise ValueError("the run has no job_id; pass job_id=")
        listed = payload if isinstance(payload, dict) else None
        run_id = listed.get("id") if listed is not None else None
        with self._lock:
            self._runs[job] = _StoredRun(body, run_id, _keys(api_keys), listed)
        return job

    def add_agent(self, agent: dict[str, Any], *, api_keys: Iterable[str] | None = None) -> str:
        """Store an extraction agent for the agent list; returns its `id`.

        The run list serves the runs stored with `add_run` whose `extraction_agent_id` is
        this ID, in the order they were stored.
        """
        agent_id = _id_of(agent, "id")
        if not agent_id:
            raise ValueError("the agent has no id")
        with self._lock:
            self._agents.append((dict(agent), _keys(api_keys)))
        return agent_id

    def add_v2_job(
        self,
        job: bytes | dict[str, Any],
        *,
        job_id: str | None = None,
        api_keys: Iterable[str] | None = None,
    ) -> str:
        """Store an Extract v2 job under its `id` (or `job_id`); returns the ID it is served at."""
        body = _as_bytes(job)
        job_id = job_id or _id_of(job if isinstance(job, dict) else try_json(body), "id")
        if not job_id:
            raise ValueError("the job has no id; pass job_id=")
        self._store_v2(job_id, _StoredV2Job(lambda: body, _keys(api_keys)))
        return job_id

    def add_cycling_v2_job(
        self,
        job_id: str,
        running_body: bytes | dict[str, Any],
        completed_body: bytes | dict[str, Any],
        *,
        done_after_s: float = 15.0,
        restart_after_s: float = 120.0,
        clock: Callable[[], float] = time.monotonic,
        api_keys: Iterable[str] | None = None,
    ) -> str:
        """A job that runs, then completes, then runs again, so every visitor sees it work.

        The first fetch starts its clock: RUNNING until `done_after_s`, COMPLETED after; a
        fetch `restart_after_s` or more after the start begins a new cycle.
        """
        cycle = CyclingBody(
            _as_bytes(running_body),
            _as_bytes(completed_body),
            done_after_s=done_after_s,
            restart_after_s=restart_after_s,
            clock=clock,
        )
        self._store_v2(job_id, _StoredV2Job(cycle, _keys(api_keys)))
        return job_id

    def add_saved_configuration(
        self,
        configuration: bytes | dict[str, Any],
        *,
        config_id: str | None = None,
        api_keys: Iterable[str] | None = None,
    ) -> str:
        """Store a saved configuration under its `id` (or `config_id`); returns that ID."""
        body = _as_bytes(configuration)
        payload = configuration if isinstance(configuration, dict) else try_json(body)
        config_id = config_id or _id_of(payload, "id")
        if not config_id:
            raise ValueError("the configuration has no id; pass config_id=")
        with self._lock:
            self._configurations[config_id] = _StoredRun(body, None, _keys(api_keys))
        return config_id

    def add_file(
        self,
        file_id: str,
        content: bytes,
        *,
        beta: bool = True,
        expires_in_s: float = 900,
        api_keys: Iterable[str] | None = None,
    ) -> None:
        """Store a source file, served through download links (see files.py).

        `beta`: the beta `/api/v1/beta/files/{id}/content` endpoint serves it as well as the
        older `/api/v1/files/{id}/content`; False: only the older one does, as on a server
        from before the beta endpoint. Each link works for `expires_in_s` after it is given
        (0 or less: it is expired at once).
        """
        self._files.add(file_id, StoredFile(content, beta, expires_in_s, _keys(api_keys)))

    def script_file_fetch(self, file_id: str, *responses: ScriptedResponse) -> None:
        """Answers served, in order, to fetches of any working link to this file, before its
        bytes (e.g. a 503 from the bucket). A `/content` request is scripted with `script`."""
        self.script(FILES_PREFIX + file_id, *responses)

    def file_fetches(self) -> list[RecordedRequest]:
        """The requests received for download links, in order."""
        with self._lock:
            return [r for r in self.requests if FILE_LINK.match(r.path)]

    def requests_for_file(self, file_id: str) -> list[RecordedRequest]:
        """The requests received on either `/content` endpoint for this file, in order."""
        paths = {f"/api/v1/beta/files/{file_id}/content", f"/api/v1/files/{file_id}/content"}
        with self._lock:
            return [r for r in self.requests if unquote(r.path) in paths]

    def _store_v2(self, job_id: str, stored: _StoredV2Job) -> None:
        with self._lock:
            self._v2_jobs[job_id] = stored

    def script(self, job_id: str, *responses: ScriptedResponse) -> None:
        """Answers served, in order, before the stored job, run or configuration with this ID.

        For the run list the ID is the `extraction_agent_id` asked for; for the agent list
        and the v2 job list it is their path (`/api/v1/extraction/extraction-agents`,
        `/api/v2/extract`); for a file's `/content` it is the file ID (both endpoints share
        one queue).
        """
        with self._lock:
            self._scripts.setdefault(job_id, deque()).extend(responses)

    def rate_limit_next(self, count: int, *, retry_after_s: float = 1.0) -> None:
        """The next `count` requests on any route answer 429 with this Retry-After, the
        way a server does when the key as a whole goes too fast."""
        answer = ScriptedResponse(
            429,
            {"detail": "Too many requests"},
            {"Retry-After": f"{retry_after_s:g}"},
        )
        with self._lock:
            self._storm.extend([answer] * count)

    def requests_for(self, job_id: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path.endswith(f"/{job_id}")]

    def requests_to(self, path: str) -> list[RecordedRequest]:
        """The requests received on exactly this path (a list route's), in order."""
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def reset_requests(self) -> None:
        with self._lock:
            self.requests.clear()
            self.peak_in_flight = self._in_flight

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        path = environ.get("PATH_INFO", "")
        raw_query = environ.get("QUERY_STRING", "")
        query = {k: v[-1] for k, v in parse_qs(raw_query).items()}
        query_lists: dict[str, list[str]] = {}
        for name, value in parse_qsl(raw_query, keep_blank_values=True):
            query_lists.setdefault(name, []).append(value)
        headers = {
            key[5:].replace("_", "-").lower(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        method = environ["REQUEST_METHOD"]
        received = RecordedRequest(method, path, query, headers, query_lists, time.monotonic())
        with self._lock:
            self.requests.append(received)
            self._in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self._in_flight)
        try:
            if self.latency_s:
                time.sleep(self.latency_s)
            base_url = self.files_base_url or request_base_url(environ)
            status, body, extra = self._answer(method, path, headers, query_lists, base_url)
        finally:
            with self._lock:
                self._in_flight -= 1
        return _respond(start_response, status, body, extra)

    def _answer(
        self,
        method: str,
        path: str,
        headers: Mapping[str, str],
        query: Mapping[str, list[str]],
        files_base_url: str,
    ) -> Answer:
        if method != "GET":
            return 405, {"detail": "Method Not Allowed"}, {}
        if link := FILE_LINK.match(path):
            # A presigned link: no API key, no scope, no rate limit of the API's.
            return self._file_fetch(link.group("token"))
        matched = next(((r, m) for r, p in _ROUTES if (m := p.match(path))), None)
        if matched is None:
            return 404, {"detail": "Not Found"}, {}
        route, match = matched
        key = headers.get("authorization", "").removeprefix("Bearer ").strip()
        if key not in self.api_keys:
            return 401, {"detail": "Invalid authentication credentials"}, {}
        wanted = _script_key(route, match, path, query)
        scripted = self._next_storm() or self._next_scripted(wanted)
        if scripted is not None:
            if scripted.delay:
                time.sleep(scripted.delay)
            return scripted.status, scripted.body, scripted.headers
        refused = self._validation_errors(route, query)
        if refused:
            return 422, {"detail": refused}, {}
        if route == "v2_job":
            return self._v2_answer(wanted, key, query.get("expand", []))
        if route in _CONTENT_ROUTES:
            status, content = self._files.content_answer(
                wanted, beta=route == "file_content_beta", key=key, base_url=files_base_url
            )
            return status, content, {}
        if route in ("agents", "v1_runs", "v2_jobs"):
            status, body = self._list_answer(route, key, query)
            return status, body, {}
        if route == "saved_configuration":
            with self._lock:
                config = self._configurations.get(wanted)
            if config is None or not _may_read(config.api_keys, key):
                return 404, {"detail": "Configuration not found"}, {}
            return 200, config.body, {}
        stored = self._find(wanted, by_job=route == "run_by_job")
        if stored is None or not _may_read(stored.api_keys, key):
            return 404, {"detail": "Extraction run not found"}, {}
        return 200, stored.body, {}

    def _validation_errors(
        self, route: Route, query: Mapping[str, list[str]]
    ) -> list[dict[str, Any]]:
        refused = refused_scope_ids(query) if self.uuid_scope_ids else []
        if route == "v2_job":
            refused += refused_expand_values(
                query.get("expand", []), knows_usage=not self.rejects_usage_expand
            )
        elif route == "v1_runs":
            refused += lists.v1_runs_errors(query)
        elif route == "v2_jobs":
            # `usage` is expanded on one job only.
            refused += refused_expand_values(query.get("expand", []), knows_usage=False)
            refused += lists.v2_jobs_errors(query)
        return refused

    def _list_answer(
        self, route: Route, key: str, query: Mapping[str, list[str]]
    ) -> lists.ListAnswer:
        with self._lock:
            agents = [agent for agent, keys in self._agents if _may_read(keys, key)]
            runs = [
                (r.body, r.payload)
                for r in self._runs.values()
                if r.payload is not None and _may_read(r.api_keys, key)
            ]
            jobs = [j.body for j in self._v2_jobs.values() if _may_read(j.api_keys, key)]
        if route == "agents":
            return lists.agents_answer(agents, query)
        if route == "v1_runs":
            return lists.v1_runs_answer(runs, query)
        # Outside the lock: a cycling job's body is made when asked for.
        return lists.v2_jobs_answer([body() for body in jobs], query)

    def _v2_answer(self, job_id: str, key: str, expand: list[str]) -> Answer:
        with self._lock:
            stored = self._v2_jobs.get(job_id)
        if stored is None or not _may_read(stored.api_keys, key):
            return 404, {"detail": "Extract job not found"}, {}
        body = expanded_job(stored.body(), expand, knows_usage=not self.rejects_usage_expand)
        return 200, body, {}

    def _file_fetch(self, token: str) -> Answer:
        linked = self._files.linked_file(token)
        if not isinstance(linked, LinkedFile):
            return linked
        scripted = self._next_scripted(FILES_PREFIX + linked.file_id)
        if scripted is not None:
            if scripted.delay:
                time.sleep(scripted.delay)
            return scripted.status, scripted.body, scripted.headers
        return 200, linked.stored.content, FILE_HEADERS

    def _next_storm(self) -> ScriptedResponse | None:
        with self._lock:
            return self._storm.popleft() if self._storm else None

    def _next_scripted(self, job_id: str) -> ScriptedResponse | None:
        with self._lock:
            queue = self._scripts.get(job_id)
            return queue.popleft() if queue else None

    def _find(self, wanted: str, *, by_job: bool) -> _StoredRun | None:
        with self._lock:
            if by_job:
                return self._runs.get(wanted)
            return next((r for r in self._runs.values() if r.run_id == wanted), None)


def _script_key(
    route: Route, match: re.Match[str], path: str, query: Mapping[str, list[str]]
) -> str:
    """What a script for this request is filed under: the ID asked for, else the path."""
    if route == "v1_runs":
        return (query.get("extraction_agent_id") or [path])[-1]
    return unquote(match.group("id")) if "id" in match.groupdict() else path


def _as_bytes(value: bytes | dict[str, Any]) -> bytes:
    return value if isinstance(value, bytes) else json.dumps(value).encode()


def _id_of(payload: Any, key: str) -> str | None:
    value = payload.get(key) if isinstance(payload, dict) else None
    return value if isinstance(value, str) and value else None


def _keys(api_keys: Iterable[str] | None) -> frozenset[str] | None:
    return frozenset(api_keys) if api_keys else None


def _may_read(allowed: frozenset[str] | None, key: str) -> bool:
    return allowed is None or key in allowed


def _respond(
    start_response: StartResponse,
    status: int,
    body: bytes | str | dict[str, Any],
    extra: Mapping[str, str],
) -> list[bytes]:
    if isinstance(body, dict):
        data, content_type = json.dumps(body).encode(), "application/json"
    elif isinstance(body, str):
        data, content_type = body.encode(), "text/html; charset=utf-8"
    else:
        data, content_type = body, "application/json"
    headers = {"Content-Type": content_type, "Content-Length": str(len(data)), **extra}
    start_response(f"{status} {_reason(status)}", list(headers.items()))
    return [data]


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Status"
