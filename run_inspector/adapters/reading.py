"""Response bytes to an Extraction: parsed once, read part by part, refused only when hopeless.

A body is refused whole only when it is not JSON, is not an object, or carries no usable ID;
everything else becomes an Extraction, its odd parts kept and flagged where they belong.
A file a person opens may be a v1 run, a v2 job or a page of v2 jobs: `read_any_body` tells
which from the body itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from run_inspector.adapters.v1_run import extraction_from_v1
from run_inspector.adapters.v2_job import (
    NO_CONTEXT,
    V2Context,
    extraction_from_v2,
    looks_like_v2_job,
)
from run_inspector.adapters.v2_list import JobList, job_list_from_v2, looks_like_v2_list
from run_inspector.collector_pause import collector_paused
from run_inspector.model.extraction import Extraction
from run_inspector.wire.invalid_body import InvalidBody
from run_inspector.wire.parsing import invalid_body, parse_json

NOT_A_JSON_OBJECT: Final = "the body is not a JSON object"
NOT_A_RUN: Final = "this is not a run"
NOT_A_V2_JOB: Final = "this is not an Extract v2 job"


def read_v1_body(body: bytes) -> Extraction | InvalidBody:
    payload = read_json_object(body)
    if isinstance(payload, InvalidBody):
        return payload
    return _v1_run(body, payload)


def read_json_object(body: bytes) -> Mapping[str, Any] | InvalidBody:
    """The body's JSON object, parsed once; refused when it is not JSON or not an object."""
    payload = parse_json(body)
    if isinstance(payload, InvalidBody):
        return payload
    if not isinstance(payload, Mapping):
        return invalid_body(body, NOT_A_JSON_OBJECT)
    return payload


def read_v2_body(body: bytes, context: V2Context = NO_CONTEXT) -> Extraction | InvalidBody:
    payload = read_json_object(body)
    if isinstance(payload, InvalidBody):
        return payload
    return read_v2_job(body, payload, context)


def read_v2_job(
    body: bytes, payload: Mapping[str, Any], context: V2Context = NO_CONTEXT
) -> Extraction | InvalidBody:
    """A job already parsed from `body` (for a caller that looked at it first)."""
    with collector_paused():
        read = extraction_from_v2(payload, context)
    return invalid_body(body, f"{NOT_A_V2_JOB}: {read}") if isinstance(read, str) else read


def read_any_body(body: bytes) -> Extraction | InvalidBody | JobList:
    """A v2 job, a page of v2 jobs or a v1 run, whichever the body is."""
    payload = read_json_object(body)
    if isinstance(payload, InvalidBody):
        return payload
    if looks_like_v2_list(payload):
        return job_list_from_v2(payload)
    if looks_like_v2_job(payload):
        return read_v2_job(body, payload)
    return _v1_run(body, payload)


def _v1_run(body: bytes, payload: Mapping[str, Any]) -> Extraction | InvalidBody:
    with collector_paused():
        read = extraction_from_v1(payload)
    return invalid_body(body, f"{NOT_A_RUN}: {read}") if isinstance(read, str) else read
