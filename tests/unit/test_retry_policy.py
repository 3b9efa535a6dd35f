"""Pure tests of the retry decision, Retry-After parsing and backoff of retry_policy."""

from __future__ import annotations

import email.utils
import random
import time

import httpx
import pytest

from run_inspector.api.retry_policy import backoff_seconds, retry_after_seconds, should_retry_status

NOW = 1_750_000_000.0  # a fixed "now" (2025-06-15) for HTTP-date Retry-After values


# --- should_retry_status -------------------------------------------------------------------


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504, 599])
def test_retryable_statuses_are_retried(status: int) -> None:
    assert should_retry_status(status, httpx.Headers()) is True


@pytest.mark.parametrize("status", [200, 301, 400, 401, 403, 404, 405, 410, 422, 499])
def test_other_statuses_are_not_retried(status: int) -> None:
    assert should_retry_status(status, httpx.Headers()) is False


@pytest.mark.parametrize(
    ("status", "header", "expected"),
    [
        (400, "true", True),
        (404, "TRUE", True),
        (401, " true ", True),
        (503, "false", False),
        (429, "False", False),
        (409, " FALSE ", False),
        # Anything but true/false leaves the status list in charge.
        (503, "maybe", True),
        (400, "maybe", False),
        (400, "", False),
        (500, "", True),
    ],
)
def test_x_should_retry_header_overrides_the_status_list(
    status: int, header: str, expected: bool
) -> None:
    # httpx.Headers is what the client passes: header names are case-insensitive.
    headers = httpx.Headers({"X-Should-Retry": header})
    assert should_retry_status(status, headers) is expected


def test_x_should_retry_is_read_from_a_plain_lower_case_mapping() -> None:
    assert should_retry_status(400, {"x-should-retry": "true"}) is True
    assert should_retry_status(503, {"x-should-retry": "false"}) is False


# --- retry_after_seconds -------------------------------------------------------------------


def test_no_retry_after_header_means_none() -> None:
    assert retry_after_seconds(httpx.Headers()) is None
    assert retry_after_seconds(httpx.Headers({"X-Other": "5"})) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("5", 5.0), ("0", 0.0), ("1.5", 1.5), ("120", 120.0), (" 7 ", 7.0), ("-3", 0.0)],
)
def test_retry_after_in_seconds(value: str, expected: float) -> None:
    assert retry_after_seconds(httpx.Headers({"Retry-After": value})) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("1500", 1.5), ("0", 0.0), ("250.0", 0.25), ("-20", 0.0)]
)
def test_retry_after_ms(value: str, expected: float) -> None:
    assert retry_after_seconds(httpx.Headers({"retry-after-ms": value})) == expected


def test_retry_after_ms_wins_over_retry_after() -> None:
    headers = httpx.Headers({"Retry-After": "30", "Retry-After-Ms": "2500"})
    assert retry_after_seconds(headers) == 2.5


def test_garbage_retry_after_ms_falls_back_to_retry_after() -> None:
    headers = httpx.Headers({"Retry-After": "4", "Retry-After-Ms": "soon"})
    assert retry_after_seconds(headers) == 4.0


def test_retry_after_http_date_in_the_future() -> None:
    date = email.utils.formatdate(NOW + 30, usegmt=True)
    assert retry_after_seconds(httpx.Headers({"Retry-After": date}), now=NOW) == 30.0


def test_retry_after_http_date_in_the_past_means_no_wait() -> None:
    date = email.utils.formatdate(NOW - 3600, usegmt=True)
    assert retry_after_seconds(httpx.Headers({"Retry-After": date}), now=NOW) == 0.0


def test_retry_after_http_date_defaults_to_the_current_time() -> None:
    date = email.utils.formatdate(time.time() + 120, usegmt=True)
    wait = retry_after_seconds(httpx.Headers({"Retry-After": date}))
    assert wait is not None
    assert 115 <= wait <= 121


@pytest.mark.parametrize(
    "value", ["", "soon", "in 5 minutes", "5s", "Tomorrow, 25 Foo 2025", "nan", "inf", "1e999"]
)
def test_garbage_retry_after_means_none(value: str) -> None:
    assert retry_after_seconds(httpx.Headers({"Retry-After": value}), now=NOW) is None


@pytest.mark.parametrize("value", ["soon", "nan", "inf"])
def test_garbage_retry_after_ms_alone_means_none(value: str) -> None:
    assert retry_after_seconds(httpx.Headers({"Retry-After-Ms": value})) is None


# --- backoff_seconds -----------------------------------------------------------------------


@pytest.mark.parametrize("retry_after", [0.0, 0.25, 2.0, 59.9, 60.0])
def test_retry_after_between_0_and_60_seconds_is_honoured(retry_after: float) -> None:
    assert backoff_seconds(0, retry_after) == retry_after
    assert backoff_seconds(3, retry_after) == retry_after


@pytest.mark.parametrize(
    ("retries_done", "full_delay"), [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (9, 8.0)]
)
def test_backoff_is_exponential_and_capped_at_8_seconds(
    monkeypatch: pytest.MonkeyPatch, retries_done: int, full_delay: float
) -> None:
    monkeypatch.setattr(random, "random", lambda: 0.0)
    assert backoff_seconds(retries_done, None) == full_delay


@pytest.mark.parametrize(("retries_done", "full_delay"), [(0, 0.5), (1, 1.0), (6, 8.0)])
def test_jitter_takes_off_at_most_a_quarter(
    monkeypatch: pytest.MonkeyPatch, retries_done: int, full_delay: float
) -> None:
    monkeypatch.setattr(random, "random", lambda: 0.999_999)
    assert backoff_seconds(retries_done, None) == pytest.approx(0.75 * full_delay, rel=1e-5)
    monkeypatch.setattr(random, "random", lambda: 0.5)
    assert backoff_seconds(retries_done, None) == pytest.approx(0.875 * full_delay)


@pytest.mark.parametrize(("retries_done", "low", "high"), [(0, 0.375, 0.5), (1, 0.75, 1.0)])
def test_backoff_with_real_jitter_stays_in_range(
    retries_done: int, low: float, high: float
) -> None:
    delays = [backoff_seconds(retries_done, None) for _ in range(300)]
    assert all(low <= delay <= high for delay in delays)
    assert len(set(delays)) > 1  # jittered, not a constant


@pytest.mark.parametrize("retry_after", [60.001, 120.0, 3600.0, -1.0, float("inf")])
def test_retry_after_outside_0_to_60_falls_back_to_backoff(
    monkeypatch: pytest.MonkeyPatch, retry_after: float
) -> None:
    monkeypatch.setattr(random, "random", lambda: 0.0)
    assert backoff_seconds(0, retry_after) == 0.5
    assert backoff_seconds(1, retry_after) == 1.0
