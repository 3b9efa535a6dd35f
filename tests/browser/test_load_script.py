"""Smoke test: the load script still runs end to end, small, and reports every session served."""

from __future__ import annotations

import pytest

from bench import load_sessions

pytestmark = pytest.mark.browser


def test_three_sessions_are_all_served(capsys: pytest.CaptureFixture[str]) -> None:
    status = load_sessions.main(["--sessions", "3"])

    printed = capsys.readouterr().out
    assert "served correctly:  3/3" in printed, printed
    assert "1 request(s): 3 job(s)" in printed, printed
    assert status == 0
