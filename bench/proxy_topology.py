"""The team topology on this machine: nginx (deploy/nginx.conf) in front of two app replicas
under `/inspector`, both with sign-in on against one provider and the same secrets, all on
127.0.0.1. For the proxy tests and the proxy load check.

`proxy_topology(...)` yields a ProxyTopology: the address people use, each replica (which can
be stopped), and where their logs and audit lines go. Sign in with `signed_in_state`, whose
stored browser state (cookies) then opens any number of signed-in contexts.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import signal
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
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
# The addresses deploy/nginx.conf names, in the order of the replicas a and b, and where it
# listens: replaced by this machine's when it is run here.
EXAMPLE_REPLICAS: Final = ("127.0.0.1:8501", "127.0.0.1:8502")
EXAMPLE_LISTEN: Final = "127.0.0.1:8080"


@dataclass
class Replica:
    name: str  # "a" or "b": what the proxy's cookie and replica header say
    port: int
    process: StreamlitProcess
    log: Path
    stopped: bool = False


@dataclass
class ProxyTopology:
    url: str  # what people open: http://127.0.0.1:<port>/inspector
    replicas: list[Replica]
    audit_logs: list[Path]
    proxy_log: Path
    start: Callable[[str, int], StreamlitProcess]

    def at(self, query: str = "") -> str:
        return f"{self.url}/?{query}" if query else f"{self.url}/"

    def replica(self, name: str) -> Replica:
        (found,) = [r for r in self.replicas if r.name == name]
        return found

    def restart(self, replica: Replica) -> None:
        """Start a stopped replica again, on its port (as after an upgrade)."""
        replica.process = self.start(replica.name, replica.port)
        replica.stopped = False

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

        def start(name: str, port: int) -> StreamlitProcess:
            env = {
                "LLAMA_CLOUD_API_KEY": api_key,
                "LLAMA_CLOUD_BASE_URL": api_base_url,
                "RUN_INSPECTOR_AUDIT_LOG": str(folder / f"replica-{name}-audit.jsonl"),
            }
            started = running_streamlit(
                env,
                folder / f"replica-{name}.log",
                port=port,
                base_url_path=BASE_PATH,
                extra_args=("--secrets.files", str(secrets)),
            )
            return stack.enter_context(started)

        replicas = []
        for name in ("a", "b"):
            port = free_port()
            replicas.append(Replica(name, port, start(name, port), folder / f"replica-{name}.log"))
        audit_logs = [folder / f"replica-{r.name}-audit.jsonl" for r in replicas]
        proxy_log = folder / "nginx.log"
        stack.enter_context(running_nginx(folder / "nginx", proxy_port, replicas, proxy_log))
        yield ProxyTopology(public, replicas, audit_logs, proxy_log, start)


def nginx_config(proxy_port: int, replicas: Sequence[Replica]) -> str:
    """deploy/nginx.conf with this machine's ports in place of its example addresses."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    for example, replica in zip(EXAMPLE_REPLICAS, replicas, strict=True):
        if example not in text:
            raise ValueError(f"deploy/nginx.conf no longer names {example}")
        text = text.replace(example, f"{HOST}:{replica.port}")
        # The map that names the replica that answered matches the address as a regex.
        text = text.replace(re.escape(example), re.escape(f"{HOST}:{replica.port}"))
    return text.replace(EXAMPLE_LISTEN, f"{HOST}:{proxy_port}")


@contextmanager
def running_nginx(
    prefix: Path, port: int, replicas: Sequence[Replica], log_path: Path
) -> Iterator[None]:
    prefix.mkdir(parents=True, exist_ok=True)
    config = prefix / "nginx.conf"
    config.write_text(nginx_config(port, replicas), encoding="utf-8")
    with log_path.open("wb") as log:
        # Started as root, nginx's workers would run as nobody, who cannot write the
        # request-body files in a private test folder: keep them this user's.
        user = f" user {getpass.getuser()};" if os.geteuid() == 0 else ""
        process = subprocess.Popen(
            [NGINX, "-p", str(prefix), "-c", str(config), "-g", f"daemon off;{user}"],
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
    """The replica ("a" or "b") that answered a response through the proxy."""
    value = headers.get(REPLICA_HEADER)
    return str(value) if value else None


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
