"""A fake LlamaCloud API (WSGI) speaking the real paths, auth header and `{"detail": ...}` errors.

It serves the demo in-process through `httpx.WSGITransport`, and the tests and the benchmark
on a real socket (`serve`). It serves v1 runs, Extract v2 jobs (parts expanded only when
asked, see v2.py) and saved configurations, and lists them: the v1 agents, an agent's runs
and the v2 jobs (see lists.py). It imports nothing of the app it fakes.
"""

from run_inspector.fake_api.app import (
    FakeLlamaCloud,
    RecordedRequest,
    ScriptedResponse,
    StartResponse,
)
from run_inspector.fake_api.server import RunningServer, serve

__all__ = [
    "FakeLlamaCloud",
    "RecordedRequest",
    "RunningServer",
    "ScriptedResponse",
    "StartResponse",
    "serve",
]
