"""Reading secrets.toml's tables: none, a table, or (fail closed) a file that exists but
cannot be read, and a name holding something other than a table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import streamlit
from streamlit.errors import StreamlitSecretNotFoundError

import loaders.secret_tables as secret_tables
from loaders.secret_tables import SecretsProblem, secret_table, sign_in_configured


class Unreadable:
    """What st.secrets does with a missing or unparsable file: it raises on access."""

    def get(self, name: str) -> Any:
        raise StreamlitSecretNotFoundError("no secrets")


@pytest.fixture
def unreadable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streamlit, "secrets", Unreadable())


def test_no_secrets_file_means_no_table(
    unreadable: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(secret_tables, "_secrets_files", lambda: [str(tmp_path / "none.toml")])
    assert secret_table("auth") is None
    assert not sign_in_configured()


def test_a_file_that_cannot_be_read_keeps_sign_in_on(
    unreadable: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "secrets.toml"
    broken.write_text("[auth\nredirect_uri = 'x'\n", encoding="utf-8")
    monkeypatch.setattr(secret_tables, "_secrets_files", lambda: [str(broken)])

    with pytest.raises(SecretsProblem, match="could not be read"):
        secret_table("access")
    assert sign_in_configured()


def test_a_name_holding_a_value_is_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streamlit, "secrets", {"auth": "yes", "access": {"a": 1}})
    with pytest.raises(SecretsProblem, match=r"\[auth\] in secrets.toml must be a table"):
        secret_table("auth")
    assert secret_table("access") == {"a": 1}
    assert secret_table("other") is None
