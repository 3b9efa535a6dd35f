"""Highlighted tables keep numbers as the API wrote them and size to their rows."""

from __future__ import annotations

import pandas as pd

from components.table_styles import fitted_height, highlight_rows, plain_number


def test_plain_number_reads_back_as_the_same_number() -> None:
    assert [plain_number(v) for v in (1.9, 120.0, 998.3, -0.5, None, float("nan"))] == [
        "1.9",
        "120",
        "998.3",
        "-0.5",
        "",
        "",
    ]
    assert plain_number(1e20) == "1e+20"


def test_styled_floats_are_not_padded_to_six_decimals() -> None:
    frame = pd.DataFrame({"Confidence": [0.2], "Problems": [""], "unit_price": [1.9]})
    html = highlight_rows(frame, 0.5).to_html()  # type: ignore[union-attr]

    assert "1.900000" not in html
    assert ">1.9<" in html
    assert "#fff1cc" in html  # below the threshold: amber


def test_short_tables_show_every_row_and_long_ones_scroll() -> None:
    assert fitted_height(10) == "content"
    assert fitted_height(10_000) == 35 * 25 + 40
