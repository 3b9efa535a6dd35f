"""Checks job, project and organization IDs before any request is sent.

Every accepted form is spelled out as an ASCII pattern and matched whole: `uuid.UUID` on its
own is too lenient (it drops dashes wherever they are and hands the rest to `int(..., 16)`,
which takes `_`, a leading `+` and non-ASCII digits), and an ID ends up in a URL path.
"""

from __future__ import annotations

import re

MAX_SHOWN_ID_CHARS = 60

UUID_EXAMPLE = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e"

# Explicit classes, not \d or \w, which match beyond ASCII.
_HEX = "[0-9A-Fa-f]"
UUID_PATTERN = re.compile(f"{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}")
# What may follow a typed prefix such as `ext-`, `prj-` or `org-`: safe in a path segment
# and a query value without encoding.
ID_TAIL = "[A-Za-z0-9_-]{1,64}"
SCOPE_ID_PATTERN = re.compile(f"[a-z]{{3}}-{ID_TAIL}")
# LlamaCloud API keys have the same shape as `prj-…`; one pasted in the wrong box must not
# be accepted, sent as a query value or put in a share link.
API_KEY_PREFIX = "llx-"


def canonical_uuid(value: str) -> str | None:
    """The lower-case form of an exactly-typed UUID (dashes in place), else None."""
    return value.lower() if UUID_PATTERN.fullmatch(value) else None


def normalize_id(raw: str | None, *, what: str = "job ID") -> str:
    """Return the canonical lower-case UUID, or raise ValueError with a sentence to show.

    v1 job, project and organization IDs are UUIDs; accepting only those keeps path
    fragments, slashes and encoded separators out of every request we build.
    Superseded by `parse_job_reference` and `normalize_optional_scope_id`, which also take
    the Extract v2 forms.
    """
    value = (raw or "").strip()
    if not value:
        raise ValueError(f"Enter a {what}.")
    canonical = canonical_uuid(value)
    if canonical is not None:
        return canonical
    raise ValueError(
        f"That {what} is not a UUID like {UUID_EXAMPLE} "
        f"(got {len(value):,} characters). Paste the ID exactly as LlamaCloud shows it."
    )


def normalize_optional_id(raw: str | None, *, what: str) -> str | None:
    """Like normalize_id, but an empty value means "not given"."""
    if raw is None or not raw.strip():
        return None
    return normalize_id(raw, what=what)


def normalize_optional_scope_id(raw: str | None, *, what: str) -> str | None:
    """A project or organization ID, or None when none was given.

    Both a UUID (returned in canonical lower case) and a typed ID such as `prj-…` or
    `org-…` (three lower-case letters, a dash, then 1 to 64 of A-Z, a-z, 0-9, `_`, `-`;
    returned as typed) are accepted: the API declares UUIDs but shows `prj-…` in its
    responses. `llx-…`, an API key's prefix, is not. Anything else raises ValueError with
    one sentence to show, which gives the input's length but never the input, since a
    pasted secret may land here.
    """
    value = (raw or "").strip()
    if not value:
        return None
    canonical = canonical_uuid(value)
    if canonical is not None:
        return canonical
    if SCOPE_ID_PATTERN.fullmatch(value) and not value.startswith(API_KEY_PREFIX):
        return value
    raise ValueError(
        f"That {what} is neither a UUID like {UUID_EXAMPLE} nor an ID like prj-… or org-… "
        f"(got {len(value):,} characters)."
    )
