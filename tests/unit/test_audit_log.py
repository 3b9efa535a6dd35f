"""The audit trail's lines: one JSON object per line in a fixed shape, UTC times, a hashed
session, and lines from many threads that never interleave."""

from __future__ import annotations

import io
import json
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from run_inspector.api.errors import ApiConnectionError, NotFoundError
from run_inspector.audit.events import MAX_JOB_IDS, AuditEvent, audit_line, session_hash
from run_inspector.audit.outcome import outcome_of
from run_inspector.audit.sink import ENV_AUDIT_LOG, AuditLog

WHEN = datetime(2026, 11, 30, 9, 15, 2, 123456, tzinfo=UTC)


def test_a_line_has_every_field_in_order_and_utc_time() -> None:
    event = AuditEvent(
        "run_opened",
        user="ana@example.com",
        session=session_hash("abc"),
        job_ids=("ext-1",),
        api_version="v2",
        host="api.cloud.llamaindex.ai",
        outcome="200",
        ms=84.27,
    )
    paris = WHEN.astimezone(timezone(timedelta(hours=1)))

    line = audit_line(event, paris)

    assert json.loads(line) == {
        "time": "2026-11-30T09:15:02.123Z",
        "user": "ana@example.com",
        "session": session_hash("abc"),
        "action": "run_opened",
        "job_ids": ["ext-1"],
        "api_version": "v2",
        "host": "api.cloud.llamaindex.ai",
        "outcome": "200",
        "ms": 84.3,
    }
    assert list(json.loads(line)) == [
        "time", "user", "session", "action", "job_ids", "api_version", "host", "outcome", "ms",
    ]  # fmt: skip
    assert "\n" not in line


def test_a_session_is_named_by_a_hash_not_its_id() -> None:
    hashed = session_hash("7f3e-session-id")
    assert "7f3e" not in hashed
    assert len(hashed) == 16
    assert hashed == session_hash("7f3e-session-id")
    assert hashed != session_hash("7f3e-session-ie")


def test_a_huge_batch_names_its_first_jobs_and_counts_them_all() -> None:
    ids = tuple(f"ext-{n}" for n in range(MAX_JOB_IDS + 5))
    record = json.loads(audit_line(AuditEvent("batch_started", job_ids=ids), WHEN))
    assert len(record["job_ids"]) == MAX_JOB_IDS
    assert record["job_ids_total"] == MAX_JOB_IDS + 5


def test_with_sign_in_off_the_user_is_anonymous() -> None:
    assert json.loads(audit_line(AuditEvent("runs_listed"), WHEN))["user"] == "anonymous"


def test_lines_go_to_stdout_unless_a_file_is_named(tmp_path: Path) -> None:
    target = tmp_path / "audit.jsonl"
    log = AuditLog.from_environment({ENV_AUDIT_LOG: str(target)})
    log.write(AuditEvent("signed_in", user="a@x.io"))
    log.write(AuditEvent("signed_out", user="a@x.io"))
    lines = target.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["action"] for line in lines] == ["signed_in", "signed_out"]


def test_lines_from_many_threads_never_interleave() -> None:
    stream = io.StringIO()
    log = AuditLog(stream=stream, clock=lambda: WHEN)
    ids = tuple(f"ext-{n:04d}" for n in range(150))

    def write_many() -> None:
        for _ in range(50):
            log.write(AuditEvent("batch_started", job_ids=ids))

    threads = [threading.Thread(target=write_many) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    lines = stream.getvalue().splitlines()
    assert len(lines) == 400
    assert all(json.loads(line)["job_ids"] == list(ids) for line in lines)


def test_an_outcome_is_ok_a_status_or_a_kind_never_a_message() -> None:
    assert outcome_of(None) == "ok"
    assert outcome_of(NotFoundError(status_code=404, detail="the API's own words")) == "404"
    assert outcome_of(ApiConnectionError(cause="refused")) == "api_connection"
    assert outcome_of(ValueError("a message")) == "value"


def test_a_line_break_in_any_spelling_stays_inside_its_line() -> None:
    email = "eve\u2028@evil.example\u0085\n"
    line = audit_line(AuditEvent("access_refused", user=email), WHEN)
    assert len(line.splitlines()) == 1
    assert json.loads(line)["user"] == email


def test_stdout_is_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    AuditLog.from_environment({}).write(AuditEvent("runs_listed"))
    assert json.loads(capsys.readouterr().out)["action"] == "runs_listed"
