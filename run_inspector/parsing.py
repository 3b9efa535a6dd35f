"""Turns response bytes into an ExtractRun, or into an InvalidBody listing what is wrong."""

from __future__ import annotations

import json

from pydantic import ValidationError

from run_inspector.errors import InvalidBody
from run_inspector.models import ExtractRun

MAX_SHOWN_PROBLEMS = 50
MAX_SHOWN_BODY_CHARS = 200_000


def parse_run(body: bytes) -> ExtractRun | InvalidBody:
    """Parse once, straight from bytes; on failure keep the text and the problems."""
    try:
        return ExtractRun.model_validate_json(body)
    except ValidationError as exc:
        return InvalidBody(text=_body_text(body), problems=_problems(body, exc))


def _body_text(body: bytes) -> str:
    text = body.decode("utf-8", errors="replace")
    if len(text) > MAX_SHOWN_BODY_CHARS:
        hidden = len(text) - MAX_SHOWN_BODY_CHARS
        return f"{text[:MAX_SHOWN_BODY_CHARS]}\n… ({hidden:,} more characters)"
    return text


def _problems(body: bytes, exc: ValidationError) -> tuple[str, ...]:
    errors = exc.errors(include_url=False, include_input=False)
    if errors and errors[0]["type"] == "json_invalid":
        return (_json_problem(body),)
    problems = [f"{_loc(err['loc'])}: {err['msg']}" for err in errors[:MAX_SHOWN_PROBLEMS]]
    if len(errors) > MAX_SHOWN_PROBLEMS:
        problems.append(f"… and {len(errors) - MAX_SHOWN_PROBLEMS} more")
    return tuple(problems)


def _json_problem(body: bytes) -> str:
    if not body.strip():
        return "the body is empty"
    try:
        json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return f"the body is not JSON ({exc})"
    except RecursionError:
        return "the body is nested too deeply to read as JSON"
    return "the body is not valid JSON"


def _loc(loc: tuple[int | str, ...]) -> str:
    if not loc:
        return "(whole body)"
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")
