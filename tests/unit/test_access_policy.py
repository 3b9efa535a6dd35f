"""The allow-list: where it is read from, how entries are compared, and the verdict for a
signed-in person's claims (verified and unverified domains, an old sign-in, no list)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from run_inspector.access.policy import (
    ENV_ALLOWED_DOMAINS,
    ENV_ALLOWED_EMAILS,
    AccessPolicy,
    decide,
    read_policy,
)

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
POLICY = AccessPolicy(emails=frozenset({"ana@partner.io"}), domains=frozenset({"example.com"}))


def claims(
    email: str | None = "ana@partner.io", hours_ago: float = 1, **more: Any
) -> dict[str, Any]:
    issued = (NOW - timedelta(hours=hours_ago)).timestamp()
    return {"sub": "u-1", "iat": int(issued), **({"email": email} if email else {}), **more}


# --- Reading the configuration ---------------------------------------------------------------


def test_entries_are_trimmed_lowered_and_a_domains_at_sign_dropped() -> None:
    read = read_policy(
        {"allowed_emails": [" Ana@Partner.IO ", ""], "allowed_domains": "Example.com, @corp.io"},
        {},
    )
    assert read.problems == ()
    assert read.policy.emails == {"ana@partner.io"}
    assert read.policy.domains == {"example.com", "corp.io"}


def test_the_environment_wins_over_secrets_key_by_key() -> None:
    read = read_policy(
        {"allowed_emails": ["from-secrets@x.io"], "allowed_domains": ["secrets.io"]},
        {ENV_ALLOWED_EMAILS: "a@x.io, B@X.io", ENV_ALLOWED_DOMAINS: "  "},
    )
    assert read.policy.emails == {"a@x.io", "b@x.io"}
    assert read.policy.domains == {"secrets.io"}  # a blank variable counts as unset


def test_no_access_table_and_no_variables_let_nobody_in() -> None:
    read = read_policy(None, {})
    assert read.policy.lets_nobody_in
    verdict = decide(claims(), read.policy, NOW)
    assert verdict.verdict == "no_allow_list"


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ({"allowed_emails": 7}, "[access] allowed_emails must be a list of strings"),
        ({"allowed_domains": ["ok.io", 3]}, "[access] allowed_domains holds something"),
        ({"trust_unverified_domains": "yes"}, "trust_unverified_domains must be true or false"),
        ({"max_session_hours": 0}, "max_session_hours must be a number of hours above 0"),
        ({"max_session_hours": "12"}, "max_session_hours must be a number of hours above 0"),
        ({"max_session_hours": True}, "max_session_hours must be a number of hours above 0"),
    ],
)
def test_a_wrong_value_is_named(table: dict[str, Any], problem: str) -> None:
    read = read_policy({"allowed_emails": ["a@x.io"], **table}, {})
    assert any(problem in sentence for sentence in read.problems)


def test_the_session_limit_defaults_to_12_hours() -> None:
    assert read_policy({"allowed_emails": ["a@x.io"]}, {}).policy.max_session_hours == 12


# --- The verdict ---------------------------------------------------------------------------


def test_an_exact_email_matches_whatever_its_case_and_verification() -> None:
    decision = decide(claims(" ANA@partner.io", email_verified=False), POLICY, NOW)
    assert decision.verdict == "allowed"
    assert decision.email == "ANA@partner.io"


def test_a_verified_email_in_an_allowed_domain_is_let_in() -> None:
    assert decide(claims("bo@example.com", email_verified=True), POLICY, NOW).verdict == "allowed"


@pytest.mark.parametrize("verified", [None, False, "false", 1])
def test_an_unverified_email_in_an_allowed_domain_is_refused(verified: object) -> None:
    sent = claims("bo@example.com")
    if verified is not None:
        sent["email_verified"] = verified
    assert decide(sent, POLICY, NOW).verdict == "refused"


def test_trusting_unverified_domains_covers_a_provider_that_sends_no_claim_only() -> None:
    trusting = AccessPolicy(POLICY.emails, POLICY.domains, trust_unverified_domains=True)
    assert decide(claims("bo@example.com"), trusting, NOW).verdict == "allowed"
    # A provider that says the email is not verified is believed.
    assert decide(claims("bo@example.com", email_verified=False), trusting, NOW).verdict == (
        "refused"
    )


@pytest.mark.parametrize(
    "email", ["bo@evil-example.com", "bo@example.com.evil.io", "bo@sub.example.com", "example.com"]
)
def test_only_the_domain_itself_matches(email: str) -> None:
    assert decide(claims(email, email_verified=True), POLICY, NOW).verdict == "refused"


def test_a_stranger_is_refused_and_named() -> None:
    decision = decide(claims("eve@elsewhere.org", email_verified=True), POLICY, NOW)
    assert (decision.verdict, decision.email) == ("refused", "eve@elsewhere.org")


def test_no_email_claim_is_refused() -> None:
    assert decide(claims(None), POLICY, NOW).verdict == "refused"


def test_a_sign_in_older_than_the_limit_has_expired() -> None:
    assert decide(claims(hours_ago=12.1), POLICY, NOW).verdict == "expired"
    assert decide(claims(hours_ago=11.9), POLICY, NOW).verdict == "allowed"
    short = AccessPolicy(POLICY.emails, POLICY.domains, max_session_hours=0.5)
    assert decide(claims(hours_ago=1), short, NOW).verdict == "expired"


@pytest.mark.parametrize("iat", [None, "1700000000", True, float("nan"), 10**20])
def test_a_sign_in_without_a_usable_time_is_refused(iat: object) -> None:
    decision = decide({"email": "ana@partner.io", "iat": iat}, POLICY, NOW)
    assert decision.verdict == "refused"
