"""The [auth] section checked before sign-in is offered: each missing key named as it must be
written, one provider (flat or one table), and a provider that is down said in a sentence."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from run_inspector.access.auth_config import read_auth
from run_inspector.access.provider_check import provider_problem

FLAT = {
    "redirect_uri": "https://inspector.example.com/oauth2callback",
    "cookie_secret": "a-long-random-secret",
    "client_id": "inspector",
    "client_secret": "s3cret",
    "server_metadata_url": "https://id.example.com/.well-known/openid-configuration",
}
DISCOVERY = FLAT["server_metadata_url"]


def test_flat_keys_name_no_provider() -> None:
    read = read_auth(FLAT)
    assert read.problems == ()
    assert read.config is not None
    assert (read.config.provider, read.config.metadata_url) == (None, DISCOVERY)


def test_one_provider_table_is_signed_in_with_its_name() -> None:
    provider = {k: FLAT[k] for k in ("client_id", "client_secret", "server_metadata_url")}
    section: dict[str, Any] = {
        "redirect_uri": FLAT["redirect_uri"],
        "cookie_secret": FLAT["cookie_secret"],
        "okta": provider,
    }
    read = read_auth(section)
    assert read.config is not None
    assert read.config.provider == "okta"


@pytest.mark.parametrize(
    ("missing", "sentence"),
    [
        ("redirect_uri", "The [auth] section of secrets.toml has no redirect_uri."),
        ("cookie_secret", "The [auth] section of secrets.toml has no cookie_secret."),
        ("client_secret", "The [auth] section of secrets.toml has no client_secret."),
        ("server_metadata_url", "The [auth] section of secrets.toml has no server_metadata_url."),
    ],
)
def test_each_missing_key_is_named(missing: str, sentence: str) -> None:
    section = {k: v for k, v in FLAT.items() if k != missing}
    read = read_auth(section)
    assert read.config is None
    assert read.problems == (sentence,)


def test_a_blank_key_counts_as_missing_and_a_table_names_itself() -> None:
    section: dict[str, Any] = {
        "redirect_uri": FLAT["redirect_uri"],
        "cookie_secret": " ",
        "okta": {"client_id": "x", "server_metadata_url": DISCOVERY},
    }
    assert read_auth(section).problems == (
        "The [auth] section of secrets.toml has no cookie_secret.",
        "The [auth.okta] section of secrets.toml has no client_secret.",
    )


def test_two_providers_are_one_too_many() -> None:
    section: dict[str, Any] = {**FLAT, "okta": {}, "google": {}}
    read = read_auth(section)
    assert read.config is None
    assert "names several providers ([auth.google], [auth.okta]); keep one." in read.problems[-1]


def answering(status: int, body: object) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(status, json=body))


def test_a_provider_with_a_discovery_document_is_up() -> None:
    document = {"issuer": "https://id.example.com", "authorization_endpoint": "https://id/a"}
    assert provider_problem(DISCOVERY, transport=answering(200, document)) is None


def refuse(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("refused", request=request)


@pytest.mark.parametrize(
    "transport",
    [httpx.MockTransport(refuse), answering(503, {}), answering(200, ["not", "an", "object"])],
    ids=["refused", "503", "not-discovery"],
)
def test_a_provider_that_is_down_or_wrong_is_said_by_host(transport: httpx.BaseTransport) -> None:
    problem = provider_problem(DISCOVERY, transport=transport)
    assert problem is not None
    assert "(id.example.com)" in problem
    assert "well-known" not in problem


def test_client_kwargs_beside_flat_keys_or_a_provider_is_not_a_provider() -> None:
    flat = read_auth({**FLAT, "client_kwargs": {"prompt": "login"}})
    assert flat.problems == ()
    assert flat.config is not None
    assert flat.config.provider is None

    provider = {k: FLAT[k] for k in ("client_id", "client_secret", "server_metadata_url")}
    named: dict[str, Any] = {
        "redirect_uri": FLAT["redirect_uri"],
        "cookie_secret": FLAT["cookie_secret"],
        "entra": {**provider, "client_kwargs": {"prompt": "select_account"}},
        "client_kwargs": {"prompt": "login"},
    }
    read = read_auth(named)
    assert read.problems == ()
    assert read.config is not None
    assert read.config.provider == "entra"
