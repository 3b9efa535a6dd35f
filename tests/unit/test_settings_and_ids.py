"""Settings come from env then secrets; IDs must be UUIDs; fingerprints hide the key."""

from __future__ import annotations

import pytest

from run_inspector.api.client import EU_BASE_URL, US_BASE_URL
from run_inspector.references.ids import normalize_id, normalize_optional_id
from run_inspector.settings import Connection, region_options, resolve_settings

JOB = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e"


def test_environment_wins_over_secrets_and_blank_counts_as_unset() -> None:
    settings = resolve_settings(
        {"LLAMA_CLOUD_API_KEY": "env-key", "LLAMA_CLOUD_PROJECT_ID": "  "},
        {"LLAMA_CLOUD_API_KEY": "file-key", "LLAMA_CLOUD_PROJECT_ID": "p-from-file"},
    )
    assert settings.api_key == "env-key"
    assert settings.project_id == "p-from-file"
    assert settings.base_url == US_BASE_URL
    assert "env-key" not in repr(settings)


def test_base_url_from_secrets_and_regions_offer_it_first() -> None:
    settings = resolve_settings({}, {"LLAMA_CLOUD_BASE_URL": "http://127.0.0.1:9/"})
    assert settings.base_url == "http://127.0.0.1:9"
    assert list(region_options(settings.base_url)) == ["Configured", "US", "EU"]
    assert region_options(EU_BASE_URL) == {"US": US_BASE_URL, "EU": EU_BASE_URL}


def test_fingerprint_differs_per_key_and_base_url_and_never_contains_the_key() -> None:
    a = Connection(US_BASE_URL, "llx-secret-a")
    assert a.fingerprint == Connection(US_BASE_URL, "llx-secret-a").fingerprint
    assert a.fingerprint != Connection(US_BASE_URL, "llx-secret-b").fingerprint
    assert a.fingerprint != Connection(EU_BASE_URL, "llx-secret-a").fingerprint
    assert "secret" not in a.fingerprint
    assert "llx-secret-a" not in repr(a)


def test_uuid_ids_are_trimmed_and_lowercased() -> None:
    assert normalize_id(f"  {JOB.upper()}\n") == JOB
    assert normalize_optional_id("", what="project ID") is None


@pytest.mark.parametrize(
    "bad",
    [
        "../../etc/passwd",
        "a/b",
        "abc%2Fdef",
        "182bd5e5 6e1a",
        "x" * 5000,
        "🦙",
        JOB + "/x",
        "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26g",
        # uuid.UUID alone takes these: it drops misplaced dashes and int(..., 16) reads
        # underscores, a leading plus and non-ASCII digits.
        "182bd5e56e1a-4fe4-a799-aa6d9a6ab26e-",
        "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab2_e",
        "+82bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e",
        "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26\u0663",
    ],
)
def test_anything_but_a_uuid_is_refused_with_a_sentence(bad: str) -> None:
    with pytest.raises(ValueError, match="is not a UUID") as info:
        normalize_id(bad)
    assert bad not in str(info.value) or len(bad) < 3


def test_empty_job_id_asks_for_one() -> None:
    with pytest.raises(ValueError, match="Enter a job ID"):
        normalize_id("   ")
