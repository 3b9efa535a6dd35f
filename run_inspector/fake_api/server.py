"""Serving the fake API on a real 127.0.0.1 socket, in a background thread."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from run_inspector.fake_api.app import FakeLlamaCloud


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    # Every request is a new connection (HTTP/1.0): with the default backlog of 5, a burst
    # of ten overflows the queue and the dropped connects are retried only a second later.
    request_queue_size = 128


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
