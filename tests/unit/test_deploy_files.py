"""The container and Kubernetes files, checked statically (no container runtime or cluster is
available): the Dockerfile, .dockerignore and deploy/kubernetes/ must agree with the app's
start command (README), pinned requirements, port, health endpoint, environment names,
secrets and memory bounds."""

from __future__ import annotations

import json
import re
import shlex
import tomllib
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from streamlit import config as st_config

from loaders.source_view import MAX_DRAWN_BYTES, MAX_RENDERED_BYTES
from run_inspector import settings
from run_inspector.access import policy
from run_inspector.access.auth_config import PROVIDER_KEYS, SHARED_KEYS, read_auth
from run_inspector.audit.sink import ENV_AUDIT_LOG
from run_inspector.loading.source_files import MAX_SOURCE_CACHE_BYTES
from run_inspector.source.render_worker import DEFAULT_MEMORY_LIMIT_BYTES

PROJECT = Path(__file__).resolve().parents[2]
KUBE = PROJECT / "deploy" / "kubernetes"
PORT = 8501
HEALTH = "/_stcore/health"
BASE_PATH_ENV = st_config.get_config_options()["server.baseUrlPath"].env_var
UPLOAD_OPTION = st_config.get_config_options()["server.maxUploadSize"]
# docs/load.md: the server's peak resident memory serving 20 sessions at once.
LOAD_PEAK_BYTES = 191 * 1024**2
APP_ENV_NAMES = {
    value for module in (settings, policy) for name, value in vars(module).items()
    if name.startswith("ENV_")
} | {ENV_AUDIT_LOG}  # fmt: skip


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments), continuation lines joined and comments dropped."""
    found, pending = [], ""
    for line in (PROJECT / "Dockerfile").read_text().splitlines():
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if text.endswith("\\"):
            pending += text[:-1] + " "
            continue
        keyword, _, args = (pending + text).partition(" ")
        found.append((keyword.upper(), args.strip()))
        pending = ""
    return found


def only(instruction: str) -> str:
    matches = [args for keyword, args in dockerfile() if keyword == instruction]
    assert len(matches) == 1, f"expected one {instruction}, found {matches}"
    return matches[0]


def image_env() -> dict[str, str]:
    return dict(pair.split("=", 1) for pair in shlex.split(only("ENV")))


def cmd() -> list[str]:
    argv = json.loads(only("CMD"))  # exec form: no shell between Docker and Streamlit
    assert isinstance(argv, list)
    return argv


def readme_block(heading: str) -> list[str]:
    section = (PROJECT / "README.md").read_text().split(f"\n## {heading}\n", 1)[1]
    return section.split("```", 2)[1].strip().splitlines()


def dockerignored(path: str) -> bool:
    """Docker's rules: `*` stays within a directory, `**` spans any, the last match wins, and a
    pattern matching a directory covers everything inside it."""
    verdict = False
    for line in (PROJECT / ".dockerignore").read_text().splitlines():
        pattern = line.strip()
        if not pattern or pattern.startswith("#"):
            continue
        keep = pattern.startswith("!")
        regex = re.escape(pattern.removeprefix("!").strip("/"))
        regex = regex.replace(r"\*\*/", "(?:.*/)?").replace(r"\*\*", ".*")
        regex = regex.replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
        if re.fullmatch(regex + "(?:/.*)?", path):
            verdict = not keep
    return verdict


def quantity(text: object) -> float:
    """A Kubernetes quantity: `512Mi`, `3Gi`, `250m` (millicores)."""
    number, unit = re.fullmatch(r"([0-9.]+)([A-Za-z]*)", str(text)).groups()  # type: ignore[union-attr]
    scale = {"": 1, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}
    return float(number) * scale[unit]


def nginx_size(text: str) -> int:
    """nginx's size: `200m` is 200 MiB."""
    number, unit = re.fullmatch(r"(\d+)([kKmMgG]?)", text).groups()  # type: ignore[union-attr]
    return int(number) * 1024 ** " kmg".index(unit.lower() or " ")


@pytest.fixture(scope="module")
def kube() -> dict[str, dict[str, Any]]:
    """Every document in deploy/kubernetes/*.yaml, by kind (one of each)."""
    docs = [
        doc
        for path in sorted(KUBE.glob("*.yaml"))
        for doc in yaml.safe_load_all(path.read_text())
        if doc is not None
    ]
    kinds = [doc["kind"] for doc in docs]
    assert sorted(kinds) == ["Deployment", "Ingress", "Secret", "Service"]
    return {doc["kind"]: doc for doc in docs}


@pytest.fixture(scope="module")
def pod(kube: dict[str, dict[str, Any]]) -> dict[str, Any]:
    spec: dict[str, Any] = kube["Deployment"]["spec"]["template"]["spec"]
    return spec


@pytest.fixture(scope="module")
def container(pod: dict[str, Any]) -> dict[str, Any]:
    (one,) = pod["containers"]
    return dict(one)


@pytest.fixture(scope="module")
def prefix(container: dict[str, Any]) -> str:
    """The Deployment's path prefix ("" or "/inspector"), as Streamlit reads it."""
    env = {item["name"]: item.get("value", "") for item in container.get("env", [])}
    path = env.get(BASE_PATH_ENV, "").strip("/")
    return f"/{path}" if path else ""


@pytest.fixture(scope="module")
def secrets_toml(kube: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return tomllib.loads(kube["Secret"]["stringData"]["secrets.toml"])


# The Dockerfile and .dockerignore


def test_base_image_is_a_pinned_slim_python_3_11() -> None:
    # One stage; the Python the app is tested on, on a named Debian release (not `latest`).
    image = only("FROM")
    assert re.fullmatch(r"python:3\.11(\.\d+)?-slim-[a-z]+(@sha256:[0-9a-f]{64})?", image), image


def test_runs_as_a_numeric_non_root_user_after_installing(pod: dict[str, Any]) -> None:
    steps = [keyword for keyword, _ in dockerfile()]
    user = only("USER").split(":")[0]
    assert user.isdigit()  # numeric, so runAsNonRoot can verify it
    assert int(user) != 0
    assert steps.index("USER") > max(i for i, step in enumerate(steps) if step == "RUN")
    assert pod["securityContext"]["runAsUser"] == int(user)


def test_installs_exactly_the_pinned_requirements() -> None:
    readme = [line for line in readme_block("Install and run") if line.startswith("pip ")]
    assert readme == ["pip install -r requirements.txt"]
    assert ("COPY", "requirements.txt ./") in dockerfile()
    installs = [args for keyword, args in dockerfile() if keyword == "RUN" and "pip " in args]
    assert installs == ["pip install --no-cache-dir -r requirements.txt"]
    for line in (PROJECT / "requirements.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            assert re.fullmatch(r"[A-Za-z0-9_.-]+(\[[a-z,]+\])?==[0-9][0-9A-Za-z.]*", line)


def test_starts_as_the_readme_says_on_the_exposed_port() -> None:
    (start,) = [line for line in readme_block("Install and run") if line.startswith("streamlit ")]
    readme = shlex.split(start)
    assert cmd()[: len(readme)] == readme
    assert cmd()[len(readme) :] == ["--server.address=0.0.0.0", f"--server.port={PORT}"]
    assert only("EXPOSE") == str(PORT)


@pytest.mark.parametrize(("base_path", "path"), [("", ""), ("/inspector/", "/inspector")])
def test_health_check_asks_streamlit_with_urllib(
    monkeypatch: pytest.MonkeyPatch, base_path: str, path: str
) -> None:
    options, _, form = only("HEALTHCHECK").partition("CMD ")
    python, flag, code = json.loads(form)
    assert (python, flag) == ("python", "-c")
    asked: list[str] = []
    monkeypatch.setattr(urllib.request, "urlopen", lambda url, timeout: asked.append(url))
    monkeypatch.setenv(BASE_PATH_ENV, base_path)
    exec(code, {})  # noqa: S102 - the image's own check, with urlopen replaced
    assert asked == [f"http://127.0.0.1:{PORT}{path}{HEALTH}"]
    assert "--timeout=" in options


def test_home_is_the_users_own() -> None:
    """HOME must be the user's and writable (an emptyDir in k8s), for Streamlit and its
    libraries, under a read-only root filesystem."""
    (adduser,) = [args for keyword, args in dockerfile() if keyword == "RUN" and "useradd" in args]
    words = shlex.split(adduser)
    assert words[words.index("--home-dir") + 1] == image_env()["HOME"]
    assert words[words.index("--uid") + 1] == only("USER").split(":")[0]


def test_copies_the_app_and_no_secrets() -> None:
    copied = [shlex.split(args)[0] for keyword, args in dockerfile() if keyword == "COPY"]
    assert set(copied) >= {"app.py", "pages/", "components/", "loaders/", "run_inspector/"}
    assert ".streamlit/config.toml" in copied
    for source in copied:
        assert (PROJECT / source).exists(), source
        assert source.strip("/") not in {".", ".streamlit"}
        assert "secrets" not in source
        assert not dockerignored(source.strip("/")), f".dockerignore drops {source}"


@pytest.mark.parametrize(
    "path",
    [".streamlit/secrets.toml", "secrets.toml", ".git", ".venv/bin/python", "tests",
     "tests/unit/test_deploy_files.py", "test-artifacts", "bench", "docs",
     "tests/browser/axe/node_modules", "run_inspector/__pycache__/settings.cpython-311.pyc"],
)  # fmt: skip
def test_dockerignore_keeps_out(path: str) -> None:
    assert dockerignored(path)


# The Kubernetes manifests


def test_two_replicas_selected_by_the_service(kube: dict[str, dict[str, Any]]) -> None:
    deployment = kube["Deployment"]["spec"]
    labels = deployment["template"]["metadata"]["labels"]
    assert deployment["replicas"] == 2
    assert deployment["selector"]["matchLabels"].items() <= labels.items()
    assert kube["Service"]["spec"]["selector"].items() <= labels.items()


def test_ports_and_probes_match_the_app(
    kube: dict[str, dict[str, Any]], container: dict[str, Any], prefix: str
) -> None:
    assert [port["containerPort"] for port in container["ports"]] == [int(only("EXPOSE"))]
    (service_port,) = kube["Service"]["spec"]["ports"]
    assert service_port["targetPort"] == PORT
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": f"{prefix}{HEALTH}", "port": PORT}


def test_read_only_root_with_writable_tmp_and_home(
    kube: dict[str, dict[str, Any]], pod: dict[str, Any], container: dict[str, Any]
) -> None:
    security = container["securityContext"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"]["drop"] == ["ALL"]
    volumes = {volume["name"]: volume for volume in pod["volumes"]}
    mounts = {mount["mountPath"]: mount for mount in container["volumeMounts"]}
    home = image_env()["HOME"]
    for path in ("/tmp", home):  # noqa: S108 - the container's /tmp, an emptyDir
        assert "emptyDir" in volumes[mounts[path]["name"]], path
    secret_mount = mounts[f"{home}/.streamlit/secrets.toml"]
    assert secret_mount["readOnly"] is True
    secret = volumes[secret_mount["name"]]["secret"]
    assert secret["secretName"] == kube["Secret"]["metadata"]["name"]
    (item,) = [item for item in secret["items"] if item["path"] == secret_mount["subPath"]]
    assert item["key"] == "secrets.toml"
    assert item["key"] in kube["Secret"]["stringData"]


def test_environment_names_are_ones_the_app_reads(
    kube: dict[str, dict[str, Any]], container: dict[str, Any]
) -> None:
    streamlit_names = {option.env_var for option in st_config.get_config_options().values()}
    assert "envFrom" not in container  # every name is spelled out, so it can be checked
    env = {item["name"]: item for item in container["env"]}
    assert set(env) <= APP_ENV_NAMES | streamlit_names
    assert "value" not in env[settings.ENV_API_KEY]  # the key comes from the Secret only
    for item in env.values():
        if "valueFrom" in item:
            ref = item["valueFrom"]["secretKeyRef"]
            assert ref["name"] == kube["Secret"]["metadata"]["name"]
            assert ref["key"] in kube["Secret"]["stringData"]


def test_resources_cover_the_load_figures_and_caches(container: dict[str, Any]) -> None:
    requests, limits = container["resources"]["requests"], container["resources"]["limits"]
    assert quantity(requests["memory"]) >= LOAD_PEAK_BYTES + MAX_SOURCE_CACHE_BYTES
    # The render worker is a child process: it counts against the same limit.
    held = MAX_SOURCE_CACHE_BYTES + MAX_RENDERED_BYTES + MAX_DRAWN_BYTES
    assert quantity(limits["memory"]) >= LOAD_PEAK_BYTES + held + DEFAULT_MEMORY_LIMIT_BYTES
    assert 0 < quantity(requests["cpu"]) <= quantity(limits["cpu"])


def test_ingress_pins_sessions_and_keeps_websockets_open(
    kube: dict[str, dict[str, Any]], prefix: str
) -> None:
    ingress = kube["Ingress"]
    notes = {
        key.removeprefix("nginx.ingress.kubernetes.io/"): value
        for key, value in ingress["metadata"]["annotations"].items()
    }
    assert notes["affinity"] == "cookie"
    assert notes["affinity-mode"] == "persistent"
    assert notes["session-cookie-name"]
    assert int(notes["proxy-read-timeout"]) >= 3600
    assert int(notes["proxy-send-timeout"]) >= 3600
    # Streamlit's upload limit, in MiB: the project's config.toml, else Streamlit's default.
    upload_mib = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text())
    upload_mib = upload_mib["server"].get("maxUploadSize", UPLOAD_OPTION.default_val)
    assert nginx_size(notes["proxy-body-size"]) >= upload_mib * 1024**2
    assert ingress["spec"]["ingressClassName"] == "nginx"
    service = kube["Service"]
    for rule in ingress["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            assert path["path"] == (prefix or "/")
            assert path["backend"]["service"] == {
                "name": service["metadata"]["name"],
                "port": {"number": service["spec"]["ports"][0]["port"]},
            }


def test_secret_example_holds_a_valid_auth_and_allow_list(
    kube: dict[str, dict[str, Any]], secrets_toml: dict[str, Any], prefix: str
) -> None:
    auth = secrets_toml["auth"]
    assert set(SHARED_KEYS) | set(PROVIDER_KEYS) <= set(auth)
    assert read_auth(auth).problems == ()
    read = policy.read_policy(secrets_toml["access"], {})
    assert read.problems == ()
    assert read.policy.emails
    assert read.policy.domains
    redirect = urlsplit(auth["redirect_uri"])
    hosts = {rule["host"] for rule in kube["Ingress"]["spec"]["rules"]}
    assert redirect.scheme == "https"
    assert redirect.hostname in hosts
    assert redirect.path == f"{prefix}/oauth2callback"
    # Placeholders only: nothing real in an example.
    placeholders = [kube["Secret"]["stringData"]["LLAMA_CLOUD_API_KEY"]]
    placeholders += [auth[key] for key in ("cookie_secret", "client_id", "client_secret")]
    assert all(re.fullmatch(r"<[^<>]+>", value) for value in placeholders)
