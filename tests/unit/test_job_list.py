"""A batch of job IDs, pasted or uploaded: what is kept, in which order, and what is left out.

An API key pasted among the IDs must never come back in any form but `llx-…`.
"""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from run_inspector.references.job_list import (
    MAX_BATCH_IDS,
    MAX_LISTED_REJECTS,
    JobList,
    RejectedEntry,
    parse_job_file,
    parse_job_text,
)
from run_inspector.references.job_reference import JobReference

JOB = "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e"
JOB_2 = "5bb8a583-366c-416c-ba55-4f5724fef9a9"
JOB_3 = "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
PROJECT = "77bdc79f-fb69-49ae-a783-fcc573eec7ce"
V2_JOB = "ext-test-job-id"
SECRET = "AbCdEf0123456789AbCdEf0123456789AbCdEf0123456789"
API_KEY = f"llx-{SECRET}"

NOT_AN_ID = "not a v1 UUID or an Extract v2 ext-… ID"
KEY_REASON = "looks like an API key: left out, and not shown"
KEY_SHOWN = RejectedEntry("llx-…", KEY_REASON)


def v1(job_id: str) -> JobReference:
    return JobReference("v1", job_id)


def junk(shown: str) -> RejectedEntry:
    return RejectedEntry(shown, NOT_AN_ID)


def uuid_number(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012x}"


def assert_no_secret(result: JobList) -> None:
    assert SECRET.lower() not in repr(result).lower()
    assert all(SECRET.lower() not in entry.shown.lower() for entry in result.rejected)
    assert all(SECRET.lower() not in job_id.lower() for job_id in result.ids)


# --- pasted text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "separator",
    [" ", "\t", "\n", "\r\n", ",", ";", "  ", ", ", ";\r\n", " ,;\t\n\n ", "\u00a0"],
    ids=repr,
)
def test_every_separator_splits_entries(separator: str) -> None:
    result = parse_job_text(separator.join([JOB, V2_JOB, JOB_2]) + separator)

    assert result == JobList(
        jobs=(v1(JOB), JobReference("v2", V2_JOB), v1(JOB_2)),
        duplicates=0,
        rejected=(),
        rejected_count=0,
        over_limit=0,
    )


def test_a_spreadsheet_column_with_its_header_keeps_the_ids_and_rejects_the_header() -> None:
    result = parse_job_text(f"job_id\r\n{JOB}\r\n{JOB_2}\r\n\r\n")

    assert result.ids == (JOB, JOB_2)
    assert result.rejected == (junk("job_id"),)
    assert result.rejected_count == 1


@pytest.mark.parametrize(
    "text",
    [
        f"\"{JOB}\", '{V2_JOB}'",
        f'"{JOB}";"{V2_JOB}"',
        f"'\"{JOB}\"'\n`{V2_JOB}`",
        f"“{JOB}” ‘{V2_JOB}’",
        f'["{JOB}", "{V2_JOB}"]',
    ],
)
def test_surrounding_quotes_are_stripped(text: str) -> None:
    result = parse_job_text(text)

    assert result.ids == (JOB, V2_JOB)
    assert result.rejected_count == 0


def test_lone_quotes_are_empty_entries_and_ignored() -> None:
    assert parse_job_text(f'"" \'\' {JOB} " ,,;;') == JobList((v1(JOB),), 0, (), 0, 0)


def test_v1_and_v2_ids_mix_in_first_seen_order() -> None:
    result = parse_job_text(f"{V2_JOB}\n{JOB}\next-Other_ID-2\n{JOB_2}")

    assert result.jobs == (
        JobReference("v2", V2_JOB),
        v1(JOB),
        JobReference("v2", "ext-Other_ID-2"),
        v1(JOB_2),
    )


def test_an_upper_case_uuid_is_lowered_and_duplicates_the_lower_case_one() -> None:
    result = parse_job_text(f"{JOB.upper()} {JOB_2} {JOB}")

    assert result.jobs == (v1(JOB), v1(JOB_2))
    assert result.duplicates == 1


def test_duplicates_are_counted_not_listed() -> None:
    result = parse_job_text(f"{JOB} {JOB_2} {JOB} {V2_JOB} {JOB} {V2_JOB}")

    assert result.ids == (JOB, JOB_2, V2_JOB)
    assert result.duplicates == 3
    assert result.rejected == ()


def test_v2_ids_keep_their_case_so_differently_cased_ones_are_different_jobs() -> None:
    assert parse_job_text("ext-abc ext-ABC").ids == ("ext-abc", "ext-ABC")


def test_junk_is_listed_with_its_reason_in_order_and_repeats_are_each_rejected() -> None:
    result = parse_job_text(f"hello {JOB} 12345 EXT-abc hello ext-")

    assert result.ids == (JOB,)
    assert result.rejected == (
        junk("hello"),
        junk("12345"),
        junk("EXT-abc"),
        junk("hello"),
        junk("ext-"),
    )
    assert result.rejected_count == 5
    assert result.duplicates == 0


def test_long_junk_is_cut_to_60_characters_and_an_ellipsis() -> None:
    long_junk = "a" * 59 + "bcdef"

    result = parse_job_text(f"{long_junk} {'x' * 60}")

    assert result.rejected == (junk("a" * 59 + "b…"), junk("x" * 60))


@pytest.mark.parametrize(
    "text",
    [
        API_KEY,
        f'"{API_KEY}"',
        API_KEY.upper(),
        f"LLX-{SECRET}",
        f"LLAMA_CLOUD_API_KEY={API_KEY}",
        f"https://inspector.example.com/?job_id={API_KEY}",
        f"https://inspector.example.com/?api_key={API_KEY}&job_id=nope",
        f"https://inspector.example.com/?api_key={API_KEY}",
        API_KEY + "x" * 200,
    ],
)
def test_an_api_key_is_rejected_and_never_shown(text: str) -> None:
    result = parse_job_text(f"{JOB}\n{text}\n{JOB_2}")

    assert result.ids == (JOB, JOB_2)
    assert result.rejected == (KEY_SHOWN,)
    assert result.rejected_count == 1
    assert_no_secret(result)


def test_a_share_link_counts_as_its_job() -> None:
    link = f"https://inspector.example.com/?job_id={JOB.upper()}&project_id={PROJECT}"
    relative = f"/?job_id={V2_JOB}&organization_id={PROJECT}"

    result = parse_job_text(f"{link}\n{relative}\n{JOB}")

    assert result.jobs == (v1(JOB), JobReference("v2", V2_JOB))
    assert result.duplicates == 1
    assert PROJECT not in repr(result)


def test_a_share_link_with_a_bad_job_id_shows_only_that_id() -> None:
    link = "https://user:hunter2@inspector.example.com/?job_id=not-a-job&project_id=p"

    result = parse_job_text(link)

    assert result.rejected == (junk("not-a-job"),)
    assert "hunter2" not in repr(result)


def test_a_link_without_a_job_id_is_junk() -> None:
    result = parse_job_text("https://example.com/?project_id=x")

    assert result.ids == ()
    assert result.rejected == (junk("https://example.com/?project_id=x"),)


# --- limits --------------------------------------------------------------------------------


def test_ids_beyond_the_limit_are_dropped_and_counted() -> None:
    ids = [uuid_number(n) for n in range(MAX_BATCH_IDS + 1)]

    result = parse_job_text("\n".join(ids))

    assert MAX_BATCH_IDS == 500
    assert len(result.jobs) == 500
    assert result.ids == tuple(ids[:500])
    assert result.over_limit == 1
    assert result.duplicates == 0


def test_repeats_past_the_limit_are_duplicates_not_over_the_limit() -> None:
    kept, dropped = uuid_number(1), uuid_number(3)

    result = parse_job_text(
        f"{kept} {uuid_number(2)} {dropped} {kept} {dropped} junk {uuid_number(4)}", limit=2
    )

    assert result.ids == (kept, uuid_number(2))
    assert result.over_limit == 2
    assert result.duplicates == 2
    assert result.rejected == (junk("junk"),)


def test_beyond_100_rejects_only_the_first_100_are_listed_but_all_are_counted() -> None:
    result = parse_job_text(" ".join(f"bad{n}" for n in range(MAX_LISTED_REJECTS + 50)) + f" {JOB}")

    assert MAX_LISTED_REJECTS == 100
    assert result.rejected == tuple(junk(f"bad{n}") for n in range(100))
    assert result.rejected_count == 150
    assert result.ids == (JOB,)


def test_an_api_key_past_the_listed_rejects_is_counted_and_still_not_kept() -> None:
    result = parse_job_text(" ".join(["bad"] * 100 + [API_KEY]))

    assert result.rejected_count == 101
    assert_no_secret(result)


# --- CSV files -----------------------------------------------------------------------------


def test_csv_ids_in_a_later_column_with_a_header_blanks_and_other_columns_ignored() -> None:
    content = (
        "file_name,created_at,job_id,notes\r\n"
        f"invoice.pdf,2024-05-01,{JOB},looks fine\r\n"
        "empty.pdf,2024-05-02,,not run\r\n"
        f"receipt.pdf,2024-05-03,  {V2_JOB}  ,{API_KEY}\r\n"
        'odd.pdf,2024-05-04,oops,see "ticket" 123\r\n'
        f"again.pdf,2024-05-05,{JOB.upper()},\r\n"
    ).encode()

    result = parse_job_file(content, "export.csv")

    assert result == JobList(
        jobs=(v1(JOB), JobReference("v2", V2_JOB)),
        duplicates=1,
        rejected=(junk("oops"),),
        rejected_count=1,
        over_limit=0,
    )
    assert_no_secret(result)


def test_csv_reads_every_id_column_row_by_row_left_to_right() -> None:
    content = f"first,second\n{JOB},{JOB_2}\n{V2_JOB},\n,{JOB_3}\nbad,{JOB}\n".encode()

    result = parse_job_file(content, "pairs.CSV")

    assert result.ids == (JOB, JOB_2, V2_JOB, JOB_3)
    assert result.duplicates == 1
    assert result.rejected == (junk("bad"),)


def test_csv_without_a_header_keeps_the_first_row() -> None:
    result = parse_job_file(f"{JOB},a\n{JOB_2},b\n".encode(), "ids.csv")

    assert result.ids == (JOB, JOB_2)
    assert result.rejected_count == 0


def test_csv_quoted_cells_and_share_links_in_cells() -> None:
    link = f"https://inspector.example.com/?job_id={JOB_2}&project_id={PROJECT}"
    content = f'name,job\n"Smith, J.","{JOB}"\n"x",{link}\n'.encode()

    result = parse_job_file(content, "links.csv")

    assert result.ids == (JOB, JOB_2)
    assert result.rejected_count == 0


def test_a_csv_cell_is_one_entry_even_with_spaces_inside() -> None:
    result = parse_job_file(f"job_id\n{JOB}\n{JOB_2} {V2_JOB}\n".encode(), "ids.csv")

    assert result.ids == (JOB,)
    assert result.rejected == (junk(f"{JOB_2} {V2_JOB}"),)


def test_csv_api_key_in_an_id_column_is_not_shown() -> None:
    result = parse_job_file(f"job_id\n{JOB}\n{API_KEY}\n".encode(), "ids.csv")

    assert result.ids == (JOB,)
    assert result.rejected == (KEY_SHOWN,)
    assert_no_secret(result)


@pytest.mark.parametrize("delimiter", [";", "\t"], ids=["semicolon", "tab"])
def test_csv_with_another_delimiter(delimiter: str) -> None:
    rows = [
        ["Datei", "Job-ID", "Datum"],
        ["a, b.pdf", JOB, "01.05.2024"],
        ["c.pdf", V2_JOB, "02.05.2024"],
        ["d.pdf", "kaputt", "03.05.2024"],
    ]
    content = "\n".join(delimiter.join(row) for row in rows).encode()

    result = parse_job_file(content, "export.csv")

    assert result.ids == (JOB, V2_JOB)
    assert result.rejected == (junk("kaputt"),)


def test_csv_with_a_byte_order_mark() -> None:
    content = codecs.BOM_UTF8 + f"job_id,name\n{JOB},a\n{JOB_2},b\n".encode()

    result = parse_job_file(content, "excel.csv")

    assert result.ids == (JOB, JOB_2)
    assert result.rejected_count == 0


def test_csv_in_latin_1() -> None:
    content = f"Kunde,job_id\nMüller,{JOB}\nCafé,{V2_JOB}\nZoë,ungültig\n".encode("latin-1")

    result = parse_job_file(content, "latin.csv")

    assert result.ids == (JOB, V2_JOB)
    assert result.rejected == (junk("ungültig"),)


def test_utf_16_text_from_excel() -> None:
    content = f"job_id\tname\r\n{JOB}\tä\r\n{JOB_2}\tb\r\n".encode("utf-16")

    assert parse_job_file(content, "unicode.txt").ids == (JOB, JOB_2)
    assert parse_job_file(content, "unicode.csv").ids == (JOB, JOB_2)


def test_a_csv_with_no_id_column_gives_nothing() -> None:
    result = parse_job_file(b"name,date\nfoo,2024-05-01\nbar,2024-05-02\n", "other.csv")

    assert result == JobList((), 0, (), 0, 0)


# --- other files ---------------------------------------------------------------------------


def test_a_txt_upload_uses_the_text_rules_after_its_header() -> None:
    content = f"job_id\n{JOB}, {V2_JOB}\n{JOB.upper()}\nstray\n".encode()

    result = parse_job_file(content, "jobs.txt")

    assert result.ids == (JOB, V2_JOB)
    assert result.duplicates == 1
    assert result.rejected == (junk("stray"),)


def test_a_file_with_another_name_is_read_as_text() -> None:
    content = f"{JOB};{JOB_2}\n".encode()

    assert parse_job_file(content, "ids.csv.bak").ids == (JOB, JOB_2)
    assert parse_job_file(content, "no_extension").ids == (JOB, JOB_2)


@pytest.mark.parametrize("file_name", ["empty.csv", "empty.txt"])
@pytest.mark.parametrize("content", [b"", b"\n\r\n", codecs.BOM_UTF8, b" , ;\t"])
def test_an_empty_file_gives_an_empty_list(content: bytes, file_name: str) -> None:
    assert parse_job_file(content, file_name) == JobList((), 0, (), 0, 0)


def test_a_binary_file_is_rejected_not_raised() -> None:
    result = parse_job_file(bytes(range(256)) * 4, "photo.csv")

    assert result.ids == ()


# --- never raises --------------------------------------------------------------------------


def _consistent(result: JobList, limit: int) -> None:
    assert len(result.jobs) <= limit
    assert len(set(result.jobs)) == len(result.jobs)
    assert len(result.rejected) == min(result.rejected_count, MAX_LISTED_REJECTS)
    assert all(len(entry.shown) <= 61 for entry in result.rejected)


PIECES = [JOB, V2_JOB, "llx-", "/?job_id=", ",", " ", "\n", '"', "x", "é"]


@given(st.lists(st.sampled_from(PIECES)).map("".join))
def test_any_text_parses(text: str) -> None:
    _consistent(parse_job_text(text, limit=3), 3)


@given(st.binary(), st.sampled_from(["a.csv", "a.txt"]))
def test_any_file_parses(content: bytes, file_name: str) -> None:
    _consistent(parse_job_file(content, file_name, limit=3), 3)


def test_a_txt_files_header_line_is_left_out_not_listed() -> None:
    job = "3f0c6f1e-0000-4000-8000-0000000000aa"
    result = parse_job_file(f"Job ID\n{job}\nnot-an-id\n".encode(), "ids.txt")
    assert result.ids == (job,)
    assert [entry.shown for entry in result.rejected] == ["not-an-id"]


def test_a_txt_files_first_line_with_an_id_is_no_header() -> None:
    job = "3f0c6f1e-0000-4000-8000-0000000000ab"
    result = parse_job_file(f"junk {job}\n".encode(), "ids.txt")
    assert result.ids == (job,)
    assert result.rejected_count == 1


def test_a_txt_files_first_line_that_is_not_words_is_read_not_skipped() -> None:
    mistyped = "3f0c6f1e-0000-4000-8000-0000000000a"  # one digit short
    key_line = "LLAMA_CLOUD_API_KEY=llx-" + "q" * 30
    for first, shown in ((mistyped, mistyped), (key_line, "llx-…")):
        result = parse_job_file(f"{first}\n{JOB}\n".encode(), "ids.txt")
        assert result.ids == (JOB,)
        assert [entry.shown for entry in result.rejected] == [shown]
