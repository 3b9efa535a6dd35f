"""Fault matrix (AppTest): every API failure and bad ID ends in a clear sentence, no traceback."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from run_inspector.fake_api import FakeLlamaCloud, ScriptedResponse
from tests.apptest.conftest import frames, page_text, shown
from tests.conftest import TEST_API_KEY, demo_run

CAPACITOR = demo_run("capacitor_per_doc_confidence")
JOB = CAPACITOR["job_id"]
PROXY_PAGE = "<html><body><h1>503 Service Unavailable</h1><script>alert(1)</script></body></html>"


def error_text(at: AppTest) -> str:
    assert not at.exception
    assert len(at.error) == 1, [e.value for e in at.error]
    return shown(at.error[0].value)


@pytest.mark.parametrize(
    ("responses", "expected", "detail"),
    [
        (
            [ScriptedResponse(403, {"detail": "Not allowed"})],
            "This API key has no access to that project or organization (403).",
            "Not allowed",
        ),
        (
            [ScriptedResponse(422, {"detail": [{"loc": ["path", "job_id"], "msg": "bad"}]})],
            "LlamaCloud rejected the request (HTTP 422).",
            '[{"loc": ["path", "job_id"], "msg": "bad"}]',
        ),
        (
            [ScriptedResponse(429, {"detail": "Slow down"}, {"Retry-After": "1"})] * 3,
            "rate limiting this API key (429). Try again in about 1 s. (Tried 3 times.)",
            "Slow down",
        ),
        ([ScriptedResponse(503, PROXY_PAGE)] * 3, "server error (HTTP 503).", PROXY_PAGE),
        (
            [ScriptedResponse(200, b'{"id": "abc", "conf')],
            "not with a valid extraction run (1 problem(s)",
            None,
        ),
        (
            [ScriptedResponse(200, "<html>Gateway says hi</html>")],
            "not with a valid extraction run (1 problem(s)",
            None,
        ),
        ([ScriptedResponse(200, b"")], "not with a valid extraction run (1 problem(s)", None),
        (
            [ScriptedResponse(200, {"id": 1, "status": "SUCCESS"})],
            "not with a valid extraction run (1 problem(s)",
            None,
        ),
    ],
    ids=["403", "422", "429-still-limited", "503-html", "truncated", "not-json", "empty", "shape"],
)
def test_api_failure_gives_a_sentence_and_keeps_api_text_inert(
    live_app: Callable[..., AppTest],
    fake_api: FakeLlamaCloud,
    responses: list[ScriptedResponse],
    expected: str,
    detail: str | None,
) -> None:
    fake_api.add_run(CAPACITOR)
    fake_api.script(JOB, *responses)
    at = live_app(job_id=JOB)

    assert expected in error_text(at)
    codes = [c.value for c in at.code]
    if detail is not None:
        assert detail in codes  # shown as plain text in a code block, never as Markdown/HTML
    assert len(fake_api.requests_for(JOB)) == len(responses)
    assert "Traceback" not in page_text(at)


def test_invalid_bodies_list_their_problems_beside_the_raw_text(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    fake_api.add_run(CAPACITOR)
    fake_api.script(JOB, ScriptedResponse(200, b'{"id": "abc", "conf'))
    at = live_app(job_id=JOB)

    codes = [c.value for c in at.code]
    assert any(c.startswith("the body is not JSON") for c in codes)
    assert '{"id": "abc", "conf' in codes


@pytest.mark.parametrize(
    "transient",
    [
        ScriptedResponse(429, {"detail": "busy"}, {"Retry-After": "0"}),
        ScriptedResponse(500, {"detail": "oops"}),
        ScriptedResponse(409, {"detail": "conflict"}),
    ],
    ids=["429", "500", "409"],
)
def test_transient_failures_are_retried_and_the_run_shown(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud, transient: ScriptedResponse
) -> None:
    fake_api.add_run(CAPACITOR)
    fake_api.script(JOB, transient)
    at = live_app(job_id=JOB)

    assert not at.error
    assert "82 mm" in frames(at)[0]["Value"].tolist()
    assert len(fake_api.requests_for(JOB)) == 2


def test_slow_answer_times_out_with_a_sentence(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LLAMA_CLOUD_TIMEOUT", "0.3")
    fake_api.add_run(CAPACITOR)
    fake_api.script(JOB, *[ScriptedResponse(200, {"detail": "late"}, delay=1.0)] * 3)
    at = live_app(job_id=JOB)

    assert "did not answer within 0.3 s" in error_text(at)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(
    "base_url",
    [f"http://127.0.0.1:{free_port()}", "http://llamacloud.invalid"],
    ids=["connection-refused", "dns-failure"],
)
def test_unreachable_base_url_is_named(
    monkeypatch: pytest.MonkeyPatch, base_url: str, demo_app: Callable[..., AppTest]
) -> None:
    monkeypatch.setenv("LLAMA_CLOUD_API_KEY", TEST_API_KEY)
    monkeypatch.setenv("LLAMA_CLOUD_BASE_URL", base_url)
    at = demo_app(job_id=JOB)

    message = error_text(at)
    assert f"Could not connect to {base_url}." in message.replace("\u2060", "")
    assert TEST_API_KEY not in page_text(at)


BAD_IDS = ["../../etc/passwd", "a/b", "abc%2Fdef", "182bd5e5 6e1a", "x" * 5000, "🦙🦙", "%2e%2e"]


@pytest.mark.parametrize("param", ["job_id", "project_id", "organization_id"])
@pytest.mark.parametrize(
    "bad", BAD_IDS, ids=["dotdot", "slash", "pct-slash", "space", "5000", "emoji", "pct-dots"]
)
def test_bad_ids_are_refused_before_any_request(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud, param: str, bad: str
) -> None:
    fake_api.add_run(CAPACITOR)
    query = {"job_id": JOB, param: bad}
    at = live_app(**query)

    assert not at.exception
    what = param.replace("_id", " ID")
    assert f"That {what} is neither a" in shown(at.warning[0].value)
    assert fake_api.requests == []


def test_ids_are_trimmed_and_the_app_stays_usable_after_an_error(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    fake_api.add_run(CAPACITOR)
    at = live_app(job_id="00000000-0000-4000-8000-000000000000")
    assert "No extraction run was found" in error_text(at)

    at.text_input(key="job_id").input(f"  {JOB.upper()}  ").run()

    assert not at.error
    assert "82 mm" in frames(at)[0]["Value"].tolist()
