"""The benchmark's growth table (milliseconds added per 1,000 rows between sizes), and its
runs list case."""

from __future__ import annotations

import json

from bench.generate_runs import agent_invoice_runs, list_file_name
from bench.performance import Case, Result, build_cases, growth

AGENT = "2b6ed444-163f-4e07-9200-a18eb88fa78e"


def result(rows: int, project: list[float], peer: list[float], table_rows: bool = True) -> Result:
    case = Case(f"{rows} rows", rows, b"{}", "x", table_rows=table_rows)
    return Result(case, {"project": project, "peer": peer}, {}, {})


def test_growth_is_the_median_difference_per_thousand_rows_between_sizes() -> None:
    lines = growth(
        [
            result(20_000, [2.3, 2.2, 2.4], [1.8, 1.9, 1.7]),
            result(1_000, [2.0, 2.1, 1.9], [1.6, 1.6, 1.6]),
            result(5_000, [9.0], [9.0], table_rows=False),  # PER_DOC: not a size step
            result(100_000, [4.3], [3.1]),
        ]
    )

    assert lines[-2:] == [
        "| 1,000 to 20,000 rows | 15.8 | 10.5 |",
        "| 20,000 to 100,000 rows | 25.0 | 16.2 |",
    ]


def test_one_size_has_no_growth_to_report() -> None:
    assert growth([result(1_000, [2.0], [1.6])]) == []


def test_the_list_case_marks_the_newest_run_which_both_tables_show_first() -> None:
    [case] = build_cases([], 0, 0, list_runs=3)

    assert (case.label, case.rows, case.marker) == (
        "runs list 3 invoice runs",
        3,
        "invoice-bench-000.pdf",
    )
    assert case.scripts() == {"project": "app.py", "peer": "bench/peer_list_app.py"}


def test_listed_invoice_runs_are_stored_newest_first_with_metadata_for_every_field() -> None:
    runs = [json.loads(body) for _, body in agent_invoice_runs(AGENT, 3)]

    assert [r["file"]["name"] for r in runs] == [list_file_name(i) for i in range(3)]
    assert [r["created_at"] for r in runs] == sorted((r["created_at"] for r in runs), reverse=True)
    assert {r["extraction_agent_id"] for r in runs} == {AGENT}
    assert len({r["job_id"] for r in runs}) == 3
    for run in runs:
        lines = run["data"]["line_items"]
        meta = run["extraction_metadata"]["field_metadata"]
        assert len(lines) == len(meta["line_items"]) == 20
        for line, line_meta in zip(lines, meta["line_items"], strict=True):
            assert set(line_meta) == {k for k, v in line.items() if v is not None}
            assert all(m["citation"] and "confidence" in m for m in line_meta.values())
        assert {"vendor", "invoice_number", "total"} <= set(meta)
