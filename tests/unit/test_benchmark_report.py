"""The benchmark's growth table: milliseconds added per 1,000 rows between sizes."""

from __future__ import annotations

from bench.performance import Case, Result, growth


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
