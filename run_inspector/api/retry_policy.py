"""When and how long to wait before retrying, matching the official LlamaCloud SDK."""

from __future__ import annotations

import email.utils
import math
import random
import time
from collections.abc import Mapping

MAX_RETRIES = 2
MAX_RETRY_AFTER_SECONDS = 60.0
INITIAL_DELAY_SECONDS = 0.5
MAX_DELAY_SECONDS = 8.0
RETRYABLE_STATUSES = frozenset({408, 409, 429})


def should_retry_status(status_code: int, headers: Mapping[str, str]) -> bool:
    """The server's `x-should-retry` header wins; otherwise the SDK's status list."""
    override = headers.get("x-should-retry", "").strip().lower()
    if override == "true":
        return True
    if override == "false":
        return False
    return status_code in RETRYABLE_STATUSES or status_code >= 500


def retry_after_seconds(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """Seconds the server asked us to wait (`retry-after-ms`, `Retry-After` seconds or date)."""
    if (ms := headers.get("retry-after-ms")) is not None and (number := _finite(ms)) is not None:
        return max(number / 1000, 0.0)
    value = headers.get("retry-after")
    if value is None:
        return None
    if (number := _finite(value)) is not None:
        return max(number, 0.0)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - (time.time() if now is None else now), 0.0)


def _finite(text: str) -> float | None:
    """The number in `text`, or None for non-numbers and for "nan" / "inf", which float() takes."""
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def backoff_seconds(retries_done: int, retry_after: float | None) -> float:
    """Honour a Retry-After of 0–60 s; otherwise exponential backoff with up to 25 % jitter."""
    if retry_after is not None and 0 <= retry_after <= MAX_RETRY_AFTER_SECONDS:
        return retry_after
    delay = min(INITIAL_DELAY_SECONDS * 2.0**retries_done, MAX_DELAY_SECONDS)
    return delay * (1 - 0.25 * random.random())  # noqa: S311 - jitter, not a secret
