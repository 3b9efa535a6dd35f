"""Checks job, project and organization IDs before any request is sent."""

from __future__ import annotations

import uuid

MAX_SHOWN_ID_CHARS = 60


def normalize_id(raw: str | None, *, what: str = "job ID") -> str:
    """Return the canonical lower-case UUID, or raise ValueError with a sentence to show.

    v1 job, project and organization IDs are UUIDs; accepting only those keeps path
    fragments, slashes and encoded separators out of every request we build.
    """
    value = (raw or "").strip()
    if not value:
        raise ValueError(f"Enter a {what}.")
    if len(value) == 36 and value.count("-") == 4:
        try:
            return str(uuid.UUID(value))
        except ValueError:
            pass
    raise ValueError(
        f"That {what} is not a UUID like 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e "
        f"(got {len(value):,} characters). Paste the ID exactly as LlamaCloud shows it."
    )


def normalize_optional_id(raw: str | None, *, what: str) -> str | None:
    """Like normalize_id, but an empty value means "not given"."""
    if raw is None or not raw.strip():
        return None
    return normalize_id(raw, what=what)
