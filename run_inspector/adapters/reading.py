"""Response bytes to an Extraction: parsed once, read part by part, refused only when hopeless.

A body is refused whole only when it is not JSON, is not an object, or carries no usable ID;
everything else becomes an Extraction, its odd parts kept and flagged where they belong.
"""

from __future__ import annotations

from collections.abc import Mapping

from run_inspector.adapters.v1_run import extraction_from_v1
from run_inspector.collector_pause import collector_paused
from run_inspector.model.extraction import Extraction
from run_inspector.wire.invalid_body import InvalidBody
from run_inspector.wire.parsing import invalid_body, parse_json

NOT_A_JSON_OBJECT = "the body is not a JSON object"


def read_v1_body(body: bytes) -> Extraction | InvalidBody:
    payload = parse_json(body)
    if isinstance(payload, InvalidBody):
        return payload
    if not isinstance(payload, Mapping):
        return invalid_body(body, NOT_A_JSON_OBJECT)
    with collector_paused():
        read = extraction_from_v1(payload)
    if isinstance(read, str):
        return invalid_body(body, f"this is not a run: {read}")
    return read
