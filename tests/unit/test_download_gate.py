"""A download is handed out on its click, outside any run of the page: the gate asks again
then, and the click is one audit line whether the file was built or refused."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

import components.download_audit as download_audit
import loaders.sign_in as sign_in
from components.download_audit import listen_for_downloads, reported
from loaders.audit import DownloadRecord
from loaders.sign_in import DownloadGate
from run_inspector.audit.sink import AuditLog

CLAIMS = {"is_logged_in": True, "sub": "s-1", "email": "ana@example.com",
          "email_verified": True, "iat": int(time.time()) - 60}  # fmt: skip


@pytest.fixture
def tables(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The secrets' tables, as the gate reads them on the click."""
    tables: dict[str, Any] = {
        "auth": {
            "redirect_uri": "https://inspector.example.com/oauth2callback",
            "cookie_secret": "a-long-random-secret",
            "client_id": "inspector",
            "client_secret": "s3cret",
            "server_metadata_url": "https://id.example.com/.well-known/openid-configuration",
        },
        "access": {"allowed_emails": ["ana@example.com"]},
    }
    monkeypatch.setattr(sign_in, "secret_table", tables.get)
    return tables


@pytest.fixture
def audit_stream() -> Iterator[io.StringIO]:
    """Where the lines go; the listener app.py registered is put back afterwards."""
    registered = list(download_audit._listeners)
    yield io.StringIO()
    download_audit._listeners[:] = registered


def gate(claims: dict[str, Any] | None, stream: io.StringIO) -> DownloadGate:
    record = DownloadRecord("ana@example.com", "0123456789abcdef", ("job-1",),
                            AuditLog(stream=stream))  # fmt: skip
    return DownloadGate(claims, record)


def outcomes(stream: io.StringIO) -> list[str]:
    return [json.loads(line)["outcome"] for line in stream.getvalue().splitlines()]


def test_an_allowed_person_gets_the_file_and_one_line(
    tables: dict[str, Any], audit_stream: io.StringIO
) -> None:
    listen_for_downloads(lambda job_ids: gate(CLAIMS, audit_stream))
    build = reported(lambda: b"a,b\n", ["job-1"])

    assert build() == b"a,b\n"
    assert outcomes(audit_stream) == ["ok"]


def test_someone_removed_after_the_button_was_drawn_gets_no_file(
    tables: dict[str, Any], audit_stream: io.StringIO
) -> None:
    listen_for_downloads(lambda job_ids: gate(CLAIMS, audit_stream))
    build = reported(lambda: b"a,b\n", ["job-1"])
    tables["access"] = {"allowed_emails": ["someone-else@example.com"]}

    with pytest.raises(PermissionError):
        build()
    assert outcomes(audit_stream) == ["permission"]


def test_with_sign_in_off_nothing_is_asked(
    tables: dict[str, Any], audit_stream: io.StringIO
) -> None:
    tables.clear()
    listen_for_downloads(lambda job_ids: gate(None, audit_stream))
    assert reported(b"{}", ["job-1"])() == b"{}"
    assert outcomes(audit_stream) == ["ok"]


def test_a_file_that_fails_to_build_says_so(
    tables: dict[str, Any], audit_stream: io.StringIO
) -> None:
    listen_for_downloads(lambda job_ids: gate(CLAIMS, audit_stream))

    def broken() -> bytes:
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        reported(broken)()
    assert outcomes(audit_stream) == ["value"]


def test_a_configuration_broken_after_the_button_was_drawn_gives_no_file(
    tables: dict[str, Any], audit_stream: io.StringIO
) -> None:
    listen_for_downloads(lambda job_ids: gate(CLAIMS, audit_stream))
    build = reported(lambda: b"a,b\n", ["job-1"])
    del tables["auth"]["client_secret"]

    with pytest.raises(PermissionError):
        build()
    assert outcomes(audit_stream) == ["permission"]
