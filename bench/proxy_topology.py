"""The team topology on this machine: nginx (deploy/nginx.conf) in front of two app replicas
under `/inspector`, both with sign-in on against one provider and the same secrets, all on
127.0.0.1. For the proxy tests and the proxy load check.

`proxy_topology(...)` yields a ProxyTopology: the address people use, each replica (which can
be stopped), and where their logs and audit lines go. Sign in with `signed_in_state`, whose
stored browser state (cookies) then opens any number of signed-in contexts.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from bench.streamlit_process import HOST, StreamlitProcess, free_port, running_streamlit

REPO_ROOT: Final = Path(__file__).resolve().parents[1]
NGINX_CONF: Final = REPO_ROOT / "deploy" / "nginx.conf"
NGINX: Final = os.environ.get("NGINX_PATH") or "/usr/sbin/nginx"
BASE_PATH: Final = "inspector"
REPLICA_HEADER: Final = "x-run-inspector-replica"
AFFINITY_COOKIE: Final = "run_inspector_replica"
# Signs the sign-in cookie on every replica; only for the servers this module starts.
COOKIE_SECRET: Final = "one-cookie-secret-shared-by-every-replica"  # noqa: S105
START_TIMEOUT_S: Final = 30.0


@dataclass
class Replica:
    address: str  # host:port, as the proxy's replica header names it
    process: StreamlitProcess
    log: Path
    stopped: bool = False


@dataclass
class ProxyTopology:
    url: str  # what people open: http://127.0.0.1:<port>/inspector
    replicas: list[Replica]
    audit_logs: list[Path]
    proxy_log: Path

    def at(self, query: str = "") -> str:
        return f"{self.url}/?{query}" if query else f"{self.url}/"

    def replica(self, address: str) -> Replica:
        (found,) = [r for r in self.replicas if r.address == address]
        return found

    def stop(self, replica: Replica) -> None:
        """Stop a replica as a rolling upgrade would (a crash, if it does not stop in time:
        Streamlit can wait for its open sessions)."""
        for sent, grace_s in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 10.0)):
            os.kill(replica.process.pid, sent)
            deadline = time.monotonic() + grace_s
            while time.monotonic() < deadline and _alive(replica.process.pid):
                time.sleep(0.1)
            if not _alive(replica.process.pid):
                break
        replica.stopped = True


@contextmanager
def proxy_topology(
    folder: Path,
    *,
    api_base_url: str,
    api_key: str,
    provider_url: str,
    allowed_emails: Sequence[str],
) -> Iterator[ProxyTopology]:
    proxy_port = free_port()
    public = f"http://{HOST}:{proxy_port}/{BASE_PATH}"
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "{public}/oauth2callback"\n'
        f'cookie_secret = "{COOKIE_SECRET}"\n'
        'client_id = "run-inspector"\n'
        'client_secret = "not-a-real-secret"\n'
        f'server_metadata_url = "{provider_url}/.well-known/openid-configuration"\n'
        "[access]\n"
        f"allowed_emails = {json.dumps(list(allowed_emails))}\n",
        encoding="utf-8",
    )
    with ExitStack() as stack:
        replicas = []
        audit_logs = []
        for name in ("a", "b"):
            port = free_port()
            log = folder / f"replica-{name}.log"
            audit = folder / f"replica-{name}-audit.jsonl"
            env = {
                "LLAMA_CLOUD_API_KEY": api_key,
                "LLAMA_CLOUD_BASE_URL": api_base_url,
                "RUN_INSPECTOR_AUDIT_LOG": str(audit),
            }
            process = stack.enter_context(
                running_streamlit(
                    env,
                    log,
                    port=port,
                    base_url_path=BASE_PATH,
                    extra_args=("--secrets.files", str(secrets)),
                )
            )
            replicas.append(Replica(f"{HOST}:{port}", process, log))
            audit_logs.append(audit)
        proxy_log = folder / "nginx.log"
        stack.enter_context(running_nginx(folder / "nginx", proxy_port, replicas, proxy_log))
        yield ProxyTopology(public, replicas, audit_logs, proxy_log)


def nginx_config(proxy_port: int, replicas: Sequence[Replica]) -> str:
    """deploy/nginx.conf with this machine's ports in place of the example ones."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    servers = re.findall(r"^\s*server 127\.0\.0\.1:\d+ ", text, flags=re.MULTILINE)
    if len(servers) != len(replicas):
        raise ValueError(f"deploy/nginx.conf names {len(servers)} replicas, not {len(replicas)}")
    for line, replica in zip(servers, replicas, strict=True):
        text = text.replace(line, re.sub(r"127\.0\.0\.1:\d+", replica.address, line), 1)
    return re.sub(r"listen 127\.0\.0\.1:\d+;", f"listen {HOST}:{proxy_port};", text, count=1)


@contextmanager
def running_nginx(
    prefix: Path, port: int, replicas: Sequence[Replica], log_path: Path
) -> Iterator[None]:
    prefix.mkdir(parents=True, exist_ok=True)
    config = prefix / "nginx.conf"
    config.write_text(nginx_config(port, replicas), encoding="utf-8")
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [NGINX, "-p", str(prefix), "-c", str(config), "-g", "daemon off;"],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        try:
            health = f"http://{HOST}:{port}/{BASE_PATH}/_stcore/health"
            _wait_until_answering(health, process, log_path)
            yield
        finally:
            process.terminate()
            process.wait(timeout=10)


def replica_of(headers: dict[str, Any]) -> str | None:
    """The replica that answered a response through the proxy (its address)."""
    value = headers.get(REPLICA_HEADER)
    return str(value).split(",")[-1].strip() if value else None


def _wait_until_answering(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("nginx stopped:\n" + log_path.read_text(errors="replace"))
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("nginx did not answer:\n" + log_path.read_text(errors="replace"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "zombie" not in _state(pid)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return "zombie"
