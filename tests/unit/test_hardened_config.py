"""The server settings sign-in relies on, read as Streamlit itself reads them when started
from the project: XSRF protection on, the agent API off, no trusted user headers, and no
cookie secret in the config file (it belongs in secrets.toml). Fails if any drifts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
READ_EFFECTIVE = """
import json
from streamlit import config
config.get_config_options(force_reparse=True)
names = ["server.enableXsrfProtection", "server.enableAgentApi", "server.trustedUserHeaders",
         "server.cookieSecret"]
print(json.dumps({n: [config.get_option(n), config.get_where_defined(n)] for n in names}))
"""


@pytest.fixture(scope="module")
def effective(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[object]]:
    """Streamlit's config as `streamlit run app.py` would read it from the project, with no
    user config and no STREAMLIT_* variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env["HOME"] = str(tmp_path_factory.mktemp("home"))
    done = subprocess.run(
        [sys.executable, "-c", READ_EFFECTIVE],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    read: dict[str, list[object]] = json.loads(done.stdout.strip().splitlines()[-1])
    return read


def project_config() -> str:
    return str(PROJECT / ".streamlit" / "config.toml")


def test_xsrf_protection_is_on_and_pinned(effective: dict[str, list[object]]) -> None:
    assert effective["server.enableXsrfProtection"] == [True, project_config()]


def test_the_agent_api_is_off_and_pinned(effective: dict[str, list[object]]) -> None:
    assert effective["server.enableAgentApi"] == [False, project_config()]


def test_no_user_header_is_trusted(effective: dict[str, list[object]]) -> None:
    value, where = effective["server.trustedUserHeaders"]
    assert not value
    assert where != project_config()


def test_the_cookie_secret_is_not_in_the_config_file(effective: dict[str, list[object]]) -> None:
    assert effective["server.cookieSecret"][1] != project_config()
