"""Starts `streamlit run` on a free loopback port for tests and benchmarks, and reads its RSS."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final

REPO_ROOT: Final = Path(__file__).resolve().parents[1]
HOST: Final = "127.0.0.1"
STARTUP_TIMEOUT_S: Final = 30.0


@dataclass(frozen=True)
class StreamlitProcess:
    url: str
    pid: int
    log_path: Path

    def at(self, query: str = "") -> str:
        return f"{self.url}/?{query}" if query else f"{self.url}/"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def app_environment(extra: Mapping[str, str]) -> dict[str, str]:
    """This process's environment without any LLAMA_CLOUD_* setting, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LLAMA_CLOUD_")}
    return {**env, **extra}


@contextmanager
def running_streamlit(
    extra_env: Mapping[str, str],
    log_path: Path,
    script: str = "app.py",
    launcher: Sequence[str] = ("-m", "streamlit", "run"),
    startup_timeout_s: float = STARTUP_TIMEOUT_S,
    port: int | None = None,
    extra_args: Sequence[str] = (),
    base_url_path: str = "",
) -> Iterator[StreamlitProcess]:
    """`streamlit run <script>` until the block ends; RuntimeError with its log if it fails.

    `launcher` is what Python runs before the script's name and Streamlit's options, for a
    wrapper that takes the same arguments (bench/traced_streamlit.py). `port`: when the
    caller must know it first (a sign-in redirect URI names it); `extra_args`: more options;
    `base_url_path`: served under that path (`server.baseUrlPath`), which the URL then has.
    """
    port = port or free_port()
    prefix = base_url_path.strip("/")
    if prefix:
        extra_args = (*extra_args, "--server.baseUrlPath", prefix)
    command = [
        sys.executable, *launcher, script,
        "--server.headless", "true",
        "--server.address", HOST,
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        *extra_args,
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=app_environment(extra_env),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        try:
            url = f"http://{HOST}:{port}" + (f"/{prefix}" if prefix else "")
            _wait_healthy(url, process, log_path, startup_timeout_s)
            yield StreamlitProcess(url, process.pid, log_path)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


def _wait_healthy(
    url: str, process: subprocess.Popen[bytes], log_path: Path, timeout_s: float
) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"streamlit exited with {process.returncode} before it was healthy:\n"
                + log_path.read_text(errors="replace")
            )
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(
        f"streamlit was not healthy at {url} after {timeout_s:.0f} s:\n"
        + log_path.read_text(errors="replace")
    )


def peak_rss_mib(pid: int) -> float | None:
    """The process's peak resident memory so far (VmHWM), in MiB; None when unreadable."""
    return _status_mib(pid, "VmHWM:")


def rss_mib(pid: int) -> float | None:
    """The process's resident memory now (VmRSS), in MiB; None when unreadable."""
    return _status_mib(pid, "VmRSS:")


def _status_mib(pid: int, field: str) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    return None
