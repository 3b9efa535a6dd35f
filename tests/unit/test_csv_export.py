"""CSV downloads neutralise spreadsheet formulas and keep every other value as it is."""

from __future__ import annotations

import pandas as pd

from run_inspector.presentation.csv_export import to_csv_bytes


def test_cells_that_start_a_formula_are_prefixed_with_a_quote() -> None:
    frame = pd.DataFrame(
        {
            "Field": ["a", "b", "c", "d", "e", "f"],
            "Value": ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "plain"],
        }
    )
    text = to_csv_bytes(frame).decode()

    assert text.splitlines() == [
        "Field,Value",
        "a,'=1+1",
        "b,'+SUM(A1)",
        "c,'-2",
        "d,'@cmd",
        "e,'\tx",
        "f,plain",
    ]


def test_numbers_are_left_alone_and_headers_are_neutralised_too() -> None:
    frame = pd.DataFrame({"=HYPERLINK(1)": [-5, 3]})

    assert to_csv_bytes(frame).decode().splitlines() == ["'=HYPERLINK(1)", "-5", "3"]


def test_file_name_parts_keep_only_safe_characters() -> None:
    from run_inspector.presentation.csv_export import safe_file_part

    assert safe_file_part("182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e") == (
        "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e"
    )
    assert safe_file_part("../../etc/passwd") == "etc_passwd"
    assert safe_file_part("a<script>b") == "a_script_b"
    assert safe_file_part("...") == "run"
    assert len(safe_file_part("x" * 500)) == 80
