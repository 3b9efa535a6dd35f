"""Turns response bytes into JSON once, or into an InvalidBody saying why they are not JSON."""

from __future__ import annotations

from typing import Any, Final

import orjson

from run_inspector.collector_pause import collector_paused
from run_inspector.wire.invalid_body import InvalidBody

MAX_SHOWN_BODY_CHARS: Final = 200_000


def parse_json(body: bytes) -> Any | InvalidBody:
    """The body's JSON value, parsed once.

    orjson reads up to about 1,000 levels of nesting, where pydantic's own JSON reader stops
    near 200; the adapters then validate parts of the parsed objects and leave `data` as is.
    """
    with collector_paused():
        try:
            return orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            return invalid_body(body, _json_problem(body, exc))


def invalid_body(body: bytes, problem: str) -> InvalidBody:
    return InvalidBody(text=_body_text(body), problems=(problem,))


def _body_text(body: bytes) -> str:
    """The body as text, cut after MAX_SHOWN_BODY_CHARS; only the shown part is decoded."""
    head = body[: MAX_SHOWN_BODY_CHARS * 4].decode("utf-8", errors="replace")
    shown = head[:MAX_SHOWN_BODY_CHARS]
    hidden = len(body) - len(shown.encode("utf-8", errors="replace"))
    return f"{shown}\n… ({hidden:,} more bytes)" if hidden > 0 else shown


def _json_problem(body: bytes, exc: orjson.JSONDecodeError) -> str:
    if not body.strip():
        return "the body is empty"
    if "depth" in str(exc) or "recursion" in str(exc):
        return "the body is nested too deeply to read as JSON (more than about 1,000 levels)"
    return f"the body is not JSON ({exc})"
