"""Job references: v1 UUIDs and v2 `ext-` IDs, project and organization IDs, pasted links.

Whatever is refused, the error sentence gives a length and never the input: a pasted API key
must not end up on screen.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from run_inspector.presentation.share_link import share_link
from run_inspector.references.ids import normalize_optional_scope_id
from run_inspector.references.job_reference import JobReference, parse_job_reference
from run_inspector.references.pasted_link import SharedView, split_share_link

JOB = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e"
PROJECT = "77bdc79f-fb69-49ae-a783-fcc573eec7ce"
ORG = "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
SDK_V2_JOB = "ext-test-job-id"  # the Python SDK's fixture ID
API_KEY = "llx-AbCdEf0123456789AbCdEf0123456789AbCdEf0123456789"


def job_error(length: int) -> str:
    return (
        "That job ID is neither a v1 UUID like 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e nor an "
        f"Extract v2 ID like ext-… (got {length:,} characters)."
    )


def scope_error(what: str, length: int) -> str:
    return (
        f"That {what} is neither a UUID like 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e nor an ID "
        f"like prj-… or org-… (got {length:,} characters)."
    )


# --- job IDs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (JOB, JobReference("v1", JOB)),
        (JOB.upper(), JobReference("v1", JOB)),
        ("182BD5E5-6e1a-4FE4-a799-AA6D9a6ab26e", JobReference("v1", JOB)),
        (f"  {JOB}\n", JobReference("v1", JOB)),
        (SDK_V2_JOB, JobReference("v2", SDK_V2_JOB)),
        (f"\t{SDK_V2_JOB}  ", JobReference("v2", SDK_V2_JOB)),
        (f"ext-{JOB}", JobReference("v2", f"ext-{JOB}")),
        # The part after the prefix keeps its case: v2 IDs are not known to be case-blind.
        (f"ext-{JOB.upper()}", JobReference("v2", f"ext-{JOB.upper()}")),
        ("ext-a", JobReference("v2", "ext-a")),
        ("ext-_", JobReference("v2", "ext-_")),
        ("ext-" + "a" * 64, JobReference("v2", "ext-" + "a" * 64)),
    ],
)
def test_accepted_job_ids(raw: str, expected: JobReference) -> None:
    assert parse_job_reference(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "   ", "\n\t"])
def test_an_empty_job_id_asks_for_one(raw: str | None) -> None:
    with pytest.raises(ValueError, match=r"^Enter a job ID\.$"):
        parse_job_reference(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "ext-",  # the prefix alone
        "ext-" + "a" * 65,  # one character too many
        "EXT-test-job-id",  # the API spells the prefix in lower case
        "Ext-test-job-id",
        "ext_test-job-id",
        "ext-test job id",
        "ext-test.job",
        "ext-../../v1/files",  # path traversal
        "../../etc/passwd",
        "a/b",
        f"{JOB}/x",
        f"ext-a/{JOB}",
        "ext-a%2Fb",  # percent-encoded slash
        "182bd5e5%2D6e1a-4fe4-a799-aa6d9a6ab26e",
        "ext-a?b=c",
        "ext-a#b",
        "ext-\u0430bc",  # Cyrillic а
        "\u0435xt-abc",  # Cyrillic е in the prefix
        "ext\u2010abc",  # a Unicode hyphen
        "ext-abc\u200b",  # a zero-width space, which strip() keeps
        "ext-\uff41bc",  # a fullwidth a
        "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26\u0663",  # an Arabic-Indic digit 3
        "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab2_e",  # int(..., 16) would take the underscore
        "+82bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e",  # and a leading plus
        "182bd5e56e1a-4fe4-a799-aa6d9a6ab26e-",  # dashes out of place
        "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26g",
        "182bd5e5 6e1a",
        f"{{{JOB}}}",
        f"urn:uuid:{JOB}",
        "182bd5e56e1a4fe4a799aa6d9a6ab26e",  # no dashes
        "prj-abc",  # a project ID in the job box
        "🦙",
        "x" * 5000,
        API_KEY,
        f"https://inspector.example.com/?job_id={JOB}",  # links go through split_share_link
    ],
)
def test_refused_job_ids_get_one_sentence_that_does_not_repeat_them(raw: str) -> None:
    with pytest.raises(ValueError, match="neither a v1 UUID") as info:
        parse_job_reference(raw)

    message = str(info.value)
    assert message == job_error(len(raw.strip()))
    assert ". " not in message


def test_a_pasted_api_key_is_not_echoed() -> None:
    with pytest.raises(ValueError, match="neither a v1 UUID") as info:
        parse_job_reference(f"  {API_KEY}  ")

    assert "llx" not in str(info.value)
    assert API_KEY[4:12] not in str(info.value)
    assert f"(got {len(API_KEY)} characters)" in str(info.value)


def test_the_length_gets_a_thousands_separator() -> None:
    with pytest.raises(ValueError, match=r"\(got 5,000 characters\)"):
        parse_job_reference("x" * 5000)


def test_a_job_reference_is_frozen() -> None:
    reference = parse_job_reference(SDK_V2_JOB)

    with pytest.raises(AttributeError):
        reference.job_id = "ext-other"  # type: ignore[misc]


@settings(max_examples=300, deadline=None)
@given(st.uuids(), st.booleans())
def test_every_uuid_is_v1_in_lower_case(value: object, upper: bool) -> None:
    text = str(value).upper() if upper else str(value)

    assert parse_job_reference(text) == JobReference("v1", str(value))


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"ext-[A-Za-z0-9_-]{1,64}", fullmatch=True))
def test_every_well_formed_ext_id_is_v2_as_typed(job_id: str) -> None:
    assert parse_job_reference(job_id) == JobReference("v2", job_id)


def parse_or_message(raw: str) -> JobReference | str:
    try:
        return parse_job_reference(raw)
    except ValueError as exc:
        return str(exc)


SAFE_JOB_ID = re.compile(r"[0-9a-f-]{36}|ext-[A-Za-z0-9_-]{1,64}", re.ASCII)


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.text(max_size=80),
        st.text(alphabet=st.sampled_from("ext-EXT_0aF/.%?#@ \u0435\u2010"), max_size=70),
        st.from_regex(r"\s*ext-[A-Za-z0-9_-]{0,70}\s*", fullmatch=True),
    )
)
def test_any_text_gives_a_path_safe_id_or_the_fixed_sentence(raw: str) -> None:
    outcome = parse_or_message(raw)

    if isinstance(outcome, JobReference):
        assert SAFE_JOB_ID.fullmatch(outcome.job_id)
        assert outcome.api_version == ("v2" if outcome.job_id.startswith("ext-") else "v1")
    else:
        value = raw.strip()
        assert outcome == ("Enter a job ID." if not value else job_error(len(value)))


# --- project and organization IDs ----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        (PROJECT, PROJECT),
        (f" {PROJECT.upper()} ", PROJECT),
        ("prj-abc", "prj-abc"),
        ("org-AbC_9-x", "org-AbC_9-x"),
        (f"prj-{PROJECT}", f"prj-{PROJECT}"),
        ("prj-" + "z" * 64, "prj-" + "z" * 64),
    ],
)
def test_accepted_scope_ids(raw: str | None, expected: str | None) -> None:
    assert normalize_optional_scope_id(raw, what="project ID") == expected


@pytest.mark.parametrize(
    "raw",
    [
        "PRJ-x",  # the prefix is lower case
        "Prj-x",
        "proj-x",  # four letters
        "pr-x",  # two
        "prj-",
        "prj-" + "z" * 65,
        "prj_x",
        "prj-a/b",
        "prj-a%2Fb",
        "../prj-abc",
        "pr\u0458-abc",  # Cyrillic ј
        "prj-\u0430",
        "1bc-x",
        "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26",  # one digit short
        API_KEY,  # shaped like `prj-…`, refused by its prefix
        "llx-a",
        "x" * 5000,
    ],
)
def test_refused_scope_ids_name_both_forms_and_not_the_input(raw: str) -> None:
    with pytest.raises(ValueError, match="neither a UUID") as info:
        normalize_optional_scope_id(raw, what="organization ID")

    assert str(info.value) == scope_error("organization ID", len(raw.strip()))


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[a-z]{3}-[A-Za-z0-9_-]{1,64}", fullmatch=True))
def test_every_typed_scope_id_but_an_api_key_is_kept(value: str) -> None:
    if value.startswith("llx-"):
        with pytest.raises(ValueError, match="neither a UUID"):
            normalize_optional_scope_id(value, what="project ID")
    else:
        assert normalize_optional_scope_id(value, what="project ID") == value


# --- pasted share links --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"https://inspector.example.com/?job_id={JOB}&project_id={PROJECT}"
            f"&organization_id={ORG}",
            SharedView(JOB, PROJECT, ORG),
        ),
        (f"http://localhost:8501/?job_id={SDK_V2_JOB}", SharedView(SDK_V2_JOB, None, None)),
        (
            f"  HTTPS://Host.example:8443/sub/path?project_id=prj-abc&job_id={SDK_V2_JOB}\n",
            SharedView(SDK_V2_JOB, "prj-abc", None),
        ),
        (f"/?job_id={JOB}&organization_id=org-x", SharedView(JOB, None, "org-x")),
        # Blank values count as absent; the last of a repeated key wins, as in Streamlit.
        (f"/?job_id={JOB}&project_id=&organization_id=", SharedView(JOB, None, None)),
        (f"/?job_id=old&job_id={JOB}", SharedView(JOB, None, None)),
        # Values come back decoded and unchecked: the parsers above refuse this one.
        ("/?job_id=a+b%2Fc", SharedView("a b/c", None, None)),
    ],
)
def test_links_give_their_ids(text: str, expected: SharedView) -> None:
    assert split_share_link(text) == expected


def test_userinfo_fragment_and_other_keys_never_come_back() -> None:
    view = split_share_link(
        f"https://me:{API_KEY}@inspector.example.com/?api_key={API_KEY}"
        f"&job_id={JOB}&token=secret#{API_KEY}"
    )

    assert view == SharedView(JOB, None, None)
    assert "llx" not in repr(view)
    assert "secret" not in repr(view)


def test_a_password_holding_a_question_mark_is_not_read_as_a_query() -> None:
    # Unencoded, the `?` would start the query inside the password; no browser opens it.
    assert split_share_link(f"https://me:llx-a?job_id={SDK_V2_JOB}@host.example/") is None


@pytest.mark.parametrize(
    "text",
    [
        JOB,
        SDK_V2_JOB,
        API_KEY,
        "",
        "   ",
        "https://inspector.example.com/",
        "https://inspector.example.com/?project_id=prj-abc",
        "https://inspector.example.com/?job_id=",
        f"https://inspector.example.com/#job_id={JOB}",  # only in the fragment
        f"ftp://inspector.example.com/?job_id={JOB}",
        f"javascript:alert(1)//?job_id={JOB}",
        f"?job_id={JOB}",
        f"sub/?job_id={JOB}",
        f"//inspector.example.com/?job_id={JOB}",
        f"https:///?job_id={JOB}",  # no host
        f"http://[::1/?job_id={JOB}",  # unbalanced bracket
        f"http://host.example:99999/?job_id={JOB}",  # port out of range
        f"job_id={JOB}",
    ],
)
def test_anything_else_is_not_a_link(text: str) -> None:
    assert split_share_link(text) is None


IDS = st.one_of(
    st.uuids().map(str),
    st.from_regex(r"ext-[A-Za-z0-9_-]{1,64}", fullmatch=True),
)
SCOPES = st.one_of(
    st.none(),
    st.uuids().map(str),
    st.from_regex(r"[a-z]{3}-[A-Za-z0-9_-]{1,64}", fullmatch=True).filter(
        lambda value: not value.startswith("llx-")
    ),
)
APP_URLS = st.sampled_from(
    [
        "/",
        "http://localhost:8501/",
        "https://me:llx-secret@inspector.example.com:8443/sub/path?job_id=old&x=1#frag",
    ]
)


@settings(max_examples=300, deadline=None)
@given(APP_URLS, IDS, SCOPES, SCOPES)
def test_a_shared_link_pasted_back_opens_the_same_view(
    app_url: str, job_id: str, project_id: str | None, organization_id: str | None
) -> None:
    view = split_share_link(share_link(app_url, job_id, project_id, organization_id))

    assert view == SharedView(job_id, project_id, organization_id)
    assert parse_job_reference(view.job_id).job_id == job_id
    assert normalize_optional_scope_id(view.project_id, what="project ID") == project_id
