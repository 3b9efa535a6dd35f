"""The allow-list, read from `[access]` in secrets.toml or the environment, and the verdict
for one signed-in person's ID-token claims.

Read on every run, so a person removed from the list is out at their next click. Entries are
trimmed and compared without case. A problem in the configuration lets nobody in: the gate
fails closed, and the page and the log say what to fix.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, Literal

ENV_ALLOWED_EMAILS: Final = "RUN_INSPECTOR_ALLOWED_EMAILS"
ENV_ALLOWED_DOMAINS: Final = "RUN_INSPECTOR_ALLOWED_DOMAINS"
DEFAULT_MAX_SESSION_HOURS: Final = 12.0

Verdict = Literal["allowed", "refused", "expired", "no_allow_list"]


@dataclass(frozen=True)
class AccessPolicy:
    emails: frozenset[str]
    domains: frozenset[str]
    trust_unverified_domains: bool = False
    max_session_hours: float = DEFAULT_MAX_SESSION_HOURS

    @property
    def lets_nobody_in(self) -> bool:
        return not self.emails and not self.domains


@dataclass(frozen=True)
class ReadPolicy:
    """The policy, and the sentences saying what in its configuration is wrong (if any,
    nobody is let in)."""

    policy: AccessPolicy
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    email: str  # as the provider sent it, trimmed; "" when it sent none
    reason: str  # one plain sentence, for the page and the audit log's outcome


def read_policy(access: Mapping[str, Any] | None, env: Mapping[str, str]) -> ReadPolicy:
    """`access`: the `[access]` table of secrets.toml (None without one). The environment
    wins over it, key by key, as for the connection settings."""
    table = access or {}
    problems: list[str] = []
    emails = _entries(env.get(ENV_ALLOWED_EMAILS), table.get("allowed_emails"),
                      "allowed_emails", problems)  # fmt: skip
    domains = _entries(env.get(ENV_ALLOWED_DOMAINS), table.get("allowed_domains"),
                       "allowed_domains", problems)  # fmt: skip
    trust = table.get("trust_unverified_domains", False)
    if not isinstance(trust, bool):
        problems.append("[access] trust_unverified_domains must be true or false.")
        trust = False
    hours = table.get("max_session_hours", DEFAULT_MAX_SESSION_HOURS)
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not 0 < hours < math.inf:
        problems.append("[access] max_session_hours must be a number of hours above 0.")
        hours = DEFAULT_MAX_SESSION_HOURS
    policy = AccessPolicy(
        emails=frozenset(emails),
        domains=frozenset(domain.removeprefix("@") for domain in domains),
        trust_unverified_domains=trust,
        max_session_hours=float(hours),
    )
    return ReadPolicy(policy, tuple(problems))


def _entries(from_env: str | None, from_table: object, name: str, problems: list[str]) -> list[str]:
    if from_env is not None and from_env.strip():
        raw: list[object] = list(from_env.split(","))
    elif from_table is None:
        return []
    elif isinstance(from_table, str):
        raw = list(from_table.split(","))
    elif isinstance(from_table, list):
        raw = from_table
    else:
        problems.append(f"[access] {name} must be a list of strings or one comma-separated string.")
        return []
    entries = []
    for entry in raw:
        if not isinstance(entry, str):
            problems.append(f"[access] {name} holds something that is not a string.")
            continue
        if entry.strip():
            entries.append(entry.strip().lower())
    return entries


def decide(claims: Mapping[str, Any], policy: AccessPolicy, now: datetime) -> Decision:
    """The verdict for a signed-in person, from their ID token's claims."""
    raw_email = claims.get("email")
    email = raw_email.strip() if isinstance(raw_email, str) else ""
    if policy.lets_nobody_in:
        return Decision("no_allow_list", email, "No allow-list is configured.")
    issued = _issued_at(claims.get("iat"))
    if issued is None:
        return Decision("refused", email, "The sign-in does not say when it was made (no iat).")
    if (now - issued).total_seconds() > policy.max_session_hours * 3600:
        return Decision("expired", email, "The sign-in is older than the session limit.")
    if not email or "@" not in email:
        return Decision("refused", email, "The sign-in carries no email address.")
    folded = email.lower()
    if folded in policy.emails:
        return Decision("allowed", email, "The email is on the allow-list.")
    domain = folded.rpartition("@")[2]
    if domain not in policy.domains:
        return Decision("refused", email, "The email is not on the allow-list.")
    verified = claims.get("email_verified")
    if verified is True or verified == "true":
        return Decision("allowed", email, "The verified email's domain is on the allow-list.")
    if verified is None and policy.trust_unverified_domains:
        return Decision("allowed", email, "The email's domain is on the allow-list (trusted "
                                          "without email_verified).")  # fmt: skip
    return Decision("refused", email, "The email's domain is on the allow-list, but the "
                                      "provider did not say the email is verified.")  # fmt: skip


def _issued_at(value: object) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None
