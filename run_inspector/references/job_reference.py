"""Which job a person means, and which API (v1 or Extract v2) serves it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from run_inspector.references.ids import ID_TAIL, UUID_EXAMPLE, canonical_uuid

# Spelled as run_inspector.model.extraction.ApiVersion; kept here because references is the
# lowest layer and imports nothing of ours above it.
ApiVersion = Literal["v1", "v2"]

V2_JOB_ID_PATTERN = re.compile(f"ext-{ID_TAIL}")


@dataclass(frozen=True, slots=True)
class JobReference:
    """A checked job ID and the API it belongs to.

    `job_id` is safe to put in a URL path as is: a v1 ID is a lower-case UUID, a v2 ID is
    `ext-` followed by 1 to 64 of A-Z, a-z, 0-9, `_` and `-`, kept as typed.
    """

    api_version: ApiVersion
    job_id: str


def parse_job_reference(raw: str | None) -> JobReference:
    """Tell a v1 UUID from an Extract v2 `ext-…` ID, or raise ValueError with one sentence.

    Surrounding whitespace is ignored. The prefix must be exactly `ext-` (the API spells it
    in lower case). The error never repeats the input, only its length: people paste API
    keys into the wrong box.
    """
    value = (raw or "").strip()
    if not value:
        raise ValueError("Enter a job ID.")
    canonical = canonical_uuid(value)
    if canonical is not None:
        return JobReference("v1", canonical)
    if V2_JOB_ID_PATTERN.fullmatch(value):
        return JobReference("v2", value)
    raise ValueError(
        f"That job ID is neither a v1 UUID like {UUID_EXAMPLE} nor an Extract v2 ID "
        f"like ext-… (got {len(value):,} characters)."
    )
