"""A fake LlamaCloud API (WSGI) speaking the real paths, auth header and `{"detail": ...}` errors.

It serves the demo in-process through `httpx.WSGITransport`, and the tests and the benchmark
on a real socket (`serve`). Scripted responses let a test inject faults per job.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs, unquote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

StartResponse = Callable[..., Any]
_RUN_BY_JOB = re.compile(r"^/api/v1/extraction/runs/by-job/(?P<id>[^/]+)$")
_RUN_BY_ID = re.compile(r"^/api/v1/extraction/runs/(?P<id>[^/]+)$")


@dataclass(frozen=True)
class ScriptedResponse:
    """One canned answer, served before the stored run (e.g. a 429, a slow 502, HTML)."""

    status: int
    body: bytes | str | dict[str, Any] = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class _StoredRun:
    body: bytes
    run_id: str | None
    api_keys: frozenset[str] | None  # None: any accepted key may read it


class FakeLlamaCloud:
    """Thread-safe WSGI app; `requests` records what the API received."""

    def __init__(self, api_keys: Iterable[str]) -> None:
        self.api_keys = set(api_keys)
        self.requests: list[RecordedRequest] = []
        self._runs: dict[str, _StoredRun] = {}
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
        payload = run if isinstance(run, dict) else _try_json(body)
        job = job_id or (payload.get("job_id") if isinstance(payload, dict) else None)
        if not job:
            raise ValueError("the run has no job_id; pass job_id=")
        run_id = payload.get("id") if isinstance(payload, dict) else None
        with self._lock:
            self._runs[job] = _StoredRun(body, run_id, frozenset(api_keys) if api_keys else None)
        return job

    def script(self, job_id: str, *responses: ScriptedResponse) -> None:
        with self._lock:
            self._scripts.setdefault(job_id, deque()).extend(responses)

    def requests_for(self, job_id: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path.endswith(f"/{job_id}")]

    def reset_requests(self) -> None:
        with self._lock:
            self.requests.clear()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        path = environ.get("PATH_INFO", "")
        query = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        headers = {
            key[5:].replace("_", "-").lower(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        with self._lock:
            self.requests.append(RecordedRequest(environ["REQUEST_METHOD"], path, query, headers))
        status, body, extra = self._answer(environ["REQUEST_METHOD"], path, headers)
        return _respond(start_response, status, body, extra)

    def _answer(
        self, method: str, path: str, headers: Mapping[str, str]
    ) -> tuple[int, bytes | str | dict[str, Any], Mapping[str, str]]:
        if method != "GET":
            return 405, {"detail": "Method Not Allowed"}, {}
        by_job, by_id = _RUN_BY_JOB.match(path), _RUN_BY_ID.match(path)
        if not (by_job or by_id):
            return 404, {"detail": "Not Found"}, {}
        key = headers.get("authorization", "").removeprefix("Bearer ").strip()
        if key not in self.api_keys:
            return 401, {"detail": "Invalid authentication credentials"}, {}
        wanted = unquote((by_job or by_id).group("id"))  # type: ignore[union-attr]
        scripted = self._next_scripted(wanted)
        if scripted is not None:
            if scripted.delay:
                time.sleep(scripted.delay)
            return scripted.status, scripted.body, scripted.headers
        stored = self._find(wanted, by_job=by_job is not None)
        if stored is None or (stored.api_keys is not None and key not in stored.api_keys):
            return 404, {"detail": "Extraction run not found"}, {}
        return 200, stored.body, {}

    def _next_scripted(self, job_id: str) -> ScriptedResponse | None:
        with self._lock:
            queue = self._scripts.get(job_id)
            return queue.popleft() if queue else None

    def _find(self, wanted: str, *, by_job: bool) -> _StoredRun | None:
        with self._lock:
            if by_job:
                return self._runs.get(wanted)
            return next((r for r in self._runs.values() if r.run_id == wanted), None)


def _try_json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):  # the fake also serves deliberately broken bodies
        return None


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
    start_response(f"{status} {_REASONS.get(status, 'Status')}", list(headers.items()))
    return [data]


_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    409: "Conflict",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class RunningServer:
    base_url: str
    _server: WSGIServer
    _thread: threading.Thread

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def serve(app: FakeLlamaCloud, host: str = "127.0.0.1", port: int = 0) -> RunningServer:
    """Serve the fake on a real socket in a background thread (port 0 picks a free one)."""
    server = make_server(
        host, port, app, server_class=_ThreadingServer, handler_class=_QuietHandler
    )
    # A short poll interval lets stop() return in ~0.05 s instead of up to 0.5 s per server.
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        name="fake-llamacloud",
        daemon=True,
    )
    thread.start()
    return RunningServer(f"http://{host}:{server.server_port}", server, thread)
