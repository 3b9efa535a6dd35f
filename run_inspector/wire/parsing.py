"""Turns response bytes into an ExtractRun, or into an InvalidBody listing what is wrong."""

from __future__ import annotations

from typing import Any, Final

import orjson
from pydantic import ValidationError

from run_inspector.collector_pause import collector_paused
from run_inspector.wire.invalid_body import InvalidBody
from run_inspector.wire.v1_run import ExtractRun

MAX_SHOWN_PROBLEMS: Final = 50
MAX_SHOWN_BODY_CHARS: Final = 200_000


def parse_run(body: bytes) -> ExtractRun | InvalidBody:
    """Parse the bytes once, then validate the objects; on failure keep text and problems.

    orjson reads up to about 1,000 levels of nesting, where pydantic's own JSON reader stops
    near 200, and validating already-parsed objects leaves the loose `data` untouched.
    """
    with collector_paused():
        return _parse(body)


def _parse(body: bytes) -> ExtractRun | InvalidBody:
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        return InvalidBody(text=_body_text(body), problems=(_json_problem(body, exc),))
    if not isinstance(payload, dict):
        return InvalidBody(
            text=_body_text(body), problems=("(whole body): Input should be an object",)
        )
    try:
        return ExtractRun.model_validate(payload)
    except ValidationError as exc:
        return InvalidBody(text=_body_text(body), problems=_problems(exc))
    except RecursionError:
        return InvalidBody(text=_body_text(body), problems=("the run is nested too deeply",))


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


def _problems(exc: ValidationError) -> tuple[str, ...]:
    errors = exc.errors(include_url=False, include_input=False)
    problems = [f"{_loc(err['loc'])}: {err['msg']}" for err in errors[:MAX_SHOWN_PROBLEMS]]
    if len(errors) > MAX_SHOWN_PROBLEMS:
        problems.append(f"… and {len(errors) - MAX_SHOWN_PROBLEMS} more")
    return tuple(problems)


def _loc(loc: tuple[Any, ...]) -> str:
    if not loc:
        return "(whole body)"
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")
