"""A share link pasted where a job ID belongs: take the IDs it carries, and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from run_inspector.references.ids import API_KEY_PREFIX

_SCHEMES = frozenset({"http", "https"})


@dataclass(frozen=True, slots=True)
class SharedView:
    """The IDs a run link carries, decoded but NOT yet checked.

    Pass `job_id` to `parse_job_reference` and the other two to
    `normalize_optional_scope_id`, and use what those return, before showing, storing or
    sending any of them.
    """

    job_id: str
    project_id: str | None
    organization_id: str | None


def split_share_link(text: str) -> SharedView | None:
    """The IDs in a pasted run link, or None when the text is not such a link.

    A link is an http(s) URL with a valid host and port, or a relative `/?…` one (what the
    app shares when it does not know its own address), whose query has a non-empty `job_id`;
    `project_id` and `organization_id` come along when present and non-empty. A repeated
    key gives its last value, as Streamlit reads it. Nothing else of the text is returned:
    not the URL, nor its user:password@ part, path, fragment or other query keys.
    """
    value = text.strip()
    try:
        parts = urlsplit(value)
        if parts.scheme in _SCHEMES:
            # Refuse what a browser would not open, such as `https://user:llx-key?x@host`,
            # where the query would begin inside the password.
            _ = parts.port  # raises ValueError on a port that is not a number in range
            if not parts.hostname:
                return None
        elif not value.startswith("/?"):
            return None
    except ValueError:  # e.g. an unbalanced `[` in the host
        return None
    found = dict(parse_qsl(parts.query))  # blank values dropped; a later key wins
    job_id = found.get("job_id")
    if not job_id:
        return None
    return SharedView(
        job_id=job_id,
        project_id=found.get("project_id") or None,
        organization_id=found.get("organization_id") or None,
    )


def is_link_or_key(text: str | None) -> bool:
    """True for what must not stay in an ID box bound to the URL: a link or an API key."""
    value = (text or "").strip()
    return "://" in value or value.startswith(("/?", "?")) or value.startswith(API_KEY_PREFIX)
