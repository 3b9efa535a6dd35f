"""The run's raw JSON as text to read: indented when small, cut with a note when huge."""

from __future__ import annotations

import json
from typing import Final

import orjson

MAX_PRETTY_BYTES: Final = 1_000_000
MAX_SHOWN_BYTES: Final = 200_000


def raw_json_text(body: bytes) -> tuple[str, str | None]:
    """(text to show, note or None). The download always has the whole body."""
    if len(body) <= MAX_PRETTY_BYTES:
        try:
            return json.dumps(orjson.loads(body), indent=2, ensure_ascii=False), None
        except (orjson.JSONDecodeError, RecursionError, ValueError):
            return body.decode("utf-8", errors="replace"), None
    shown = body[:MAX_SHOWN_BYTES].decode("utf-8", errors="ignore")
    note = (
        f"The run is {len(body):,} bytes; the first {MAX_SHOWN_BYTES:,} are shown as "
        "received. Download the run JSON for all of it."
    )
    return shown, note
