"""AppTest: the field-aligned view tells a person what is missing, wrong, unsure and cited."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pandas as pd
from streamlit.testing.v1 import AppTest

from run_inspector.fake_api import FakeLlamaCloud
from tests.apptest.conftest import page_text, shown
from tests.conftest import demo_run

BROKEN = demo_run("invoice_schema_problems")
RECEIPT = demo_run("receipt_per_doc_bounding_boxes")


def badges(at: AppTest) -> list[str]:
    """st.badge is Markdown like ":red-badge[:material/error: text]"; keep the text."""
    found = (re.fullmatch(r":\w+-badge\[(?::material/\w+: )?(.*)\]", m.value) for m in at.markdown)
    return [shown(match.group(1)) for match in found if match]


def data_table(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value


def schema_table(at: AppTest) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if list(df.value.columns)[:2] == ["Field", "Type"])


def test_header_counts_problems_and_low_confidence_fields(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    at = live_app(job_id=fake_api.add_run(BROKEN))

    assert not at.exception
    assert "6 schema problems" in badges(at)
    assert "3 fields below 50% confidence" in badges(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Pages extracted": "2", "Document tokens": "1,870", "Output tokens": "612"}


def test_each_problem_is_listed_with_its_path_and_marked_in_the_table(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    at = live_app(job_id=fake_api.add_run(BROKEN))

    problems = next(df.value for df in at.dataframe if "Problem" in df.value.columns)
    assert problems["Field"].tolist() == [
        "currency",
        "issue_date",
        "line_items[1].quantity",
        "notes",
        "total",
        "vendor.vat_id",
    ]
    data = data_table(at).set_index("Field")
    assert data.loc["vendor.vat_id", "Problems"] == "required field is missing"
    assert data.loc["vendor.vat_id", "State"] == "missing"
    assert data.loc["total", "Problems"] == 'expected number, got string "1,234.50"'
    assert data.loc["line_items", "Problems"] == "1 problem(s) in its items"
    assert data.loc["invoice_number", "Problems"] == ""
    assert data.loc["total", "Flag"] == "× problem"
    assert "Schema problems" in page_text(at)
    assert "Their rows are flagged × problem in the tables above." in page_text(at)


def test_threshold_change_recounts_without_refetching(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    job = fake_api.add_run(BROKEN)
    at = live_app(job_id=job)
    at.slider(key="run-confidence_threshold").set_value(40).run()

    assert "2 fields below 40% confidence" in badges(at)
    assert len(fake_api.requests_for(job)) == 1


def test_filter_narrows_data_and_schema_at_once(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    job = fake_api.add_run(BROKEN)
    at = live_app(job_id=job)
    at.text_input(key="run-field_filter").input("VENDOR").run()

    assert data_table(at)["Field"].tolist() == ["vendor", "vendor.name", "vendor.vat_id"]
    assert schema_table(at)["Field"].tolist() == ["vendor", "vendor.name", "vendor.vat_id"]
    assert len(fake_api.requests_for(job)) == 1


def test_value_confidence_page_and_cited_text_stand_in_one_row(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    at = live_app(job_id=fake_api.add_run(RECEIPT))

    row: dict[Any, Any] = data_table(at).set_index("Field").loc["summary"].to_dict()
    assert row["Value"] == "Cafe filtre - $1.90"
    assert row["Confidence"] == 0.57
    assert row["Pages"] == "1"
    assert row["Cited text"] == "FACTURE ORIGINALE | Cafe filtre - $1.90"
    assert row["Type"] == "string"
    assert row["Required"]
    assert row["Boxes"] == 2


def test_a_schema_that_is_not_valid_gives_a_note_not_a_crash(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    run = {**RECEIPT, "data_schema": {"type": "object", "properties": {"summary": {"type": 5}}}}
    at = live_app(job_id=fake_api.add_run(run))

    assert not at.exception
    assert "schema not checked: the schema is not valid JSON Schema" in badges(at)
    assert "The data could not be checked against its schema:" in page_text(at)


def test_a_schema_that_is_not_an_object_schema_is_shown_raw(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    run = {**RECEIPT, "data_schema": {"foo": {"foo": "bar"}}}
    at = live_app(job_id=fake_api.add_run(run))

    assert not at.exception
    assert "This schema is not an object schema; it is shown as it was sent." in page_text(at)
    assert at.json[0].value == '{"foo": {"foo": "bar"}}'


def test_many_arrays_of_objects_render_a_few_at_a_time(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    arrays = {f"list_{i:02d}": [{"n": i}, {"n": i + 1}] for i in range(25)}
    run = {**RECEIPT, "data": arrays, "data_schema": {"type": "object"}}
    at = live_app(job_id=fake_api.add_run(run))

    def sub_tables() -> list[str]:
        return [t.value for t in at.text if t.value.startswith("list_")]

    assert len(sub_tables()) == 10
    more = next(b for b in at.button if b.label.startswith("Show 10 more"))
    assert more.label == "Show 10 more of 15 arrays"
    more.click().run()
    assert len(sub_tables()) == 20
    assert sub_tables()[-1] == "list_19 (2 items)"


def test_a_filter_without_an_index_keeps_an_arrays_rows_schema_and_table(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    at = live_app(job_id=fake_api.add_run(BROKEN))
    at.text_input(key="run-field_filter").input("line_items").run()

    assert data_table(at)["Field"].tolist() == ["line_items"]
    assert schema_table(at)["Field"].tolist() == [
        "line_items",
        "line_items[].description",
        "line_items[].quantity",
        "line_items[].unit_price",
    ]
    items = item_table(at)
    assert items["#"].tolist() == [0, 1, 2]
    assert items.columns.tolist()[-3:] == ["description", "quantity", "unit_price"]


def test_a_filter_with_an_index_keeps_that_items_data_its_array_row_and_no_schema_row(
    live_app: Callable[..., AppTest], fake_api: FakeLlamaCloud
) -> None:
    at = live_app(job_id=fake_api.add_run(BROKEN))
    at.text_input(key="run-field_filter").input("line_items[1].quan").run()

    # The array's own row stays, as the way to the item's table below it.
    assert data_table(at)["Field"].tolist() == ["line_items"]
    assert schema_table(at).empty
    items = item_table(at)
    assert items["#"].tolist() == [1]
    assert items.columns.tolist() == ["Flag", "#", "Lowest confidence", "Problems", "quantity"]


def item_table(at: AppTest) -> pd.DataFrame:
    """The first item table; flagged tables start with the Flag column."""
    return next(df.value for df in at.dataframe if list(df.value.columns)[1:2] == ["#"])
