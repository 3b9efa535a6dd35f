"""A real OpenID Connect provider (oidc-provider-mock) in its own process on this machine,
for the sign-in tests and the proxy load check: `running_oidc_provider()` yields its base
URL on `localhost` (another site than the app on 127.0.0.1, as a real provider is).

Seed a person with `seed_person(url, sub, email)`; its authorize page has a `sub` field
and an Authorize button.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from bench.streamlit_process import free_port

START_TIMEOUT_S = 30.0


@contextmanager
def running_oidc_provider(log_path: Path) -> Iterator[str]:
    port = free_port()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1",
             "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        url = f"http://localhost:{port}"
        try:
            _wait_for_discovery(url, process, log_path)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)


def seed_person(url: str, sub: str, email: str) -> None:
    claims = {"email": email, "email_verified": True, "name": sub.title()}
    httpx.put(f"{url}/users/{sub}", json=claims, timeout=10).raise_for_status()


def _wait_for_discovery(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                "the OIDC provider stopped:\n" + log_path.read_text(errors="replace")
            )
        try:
            if httpx.get(f"{url}/.well-known/openid-configuration", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the OIDC provider did not start:\n" + log_path.read_text(errors="replace"))
