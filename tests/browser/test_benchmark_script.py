"""The benchmark still runs end to end at its smallest size (figures are printed, not judged)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from bench import performance

pytestmark = pytest.mark.browser


def test_benchmark_measures_both_apps_on_every_case() -> None:
    # pytest-playwright already runs Playwright's event loop in this thread; the benchmark
    # drives its own browser, so it runs in a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        args = ["--sizes", "200", "--doc-items", "50", "--v2-rows", "100", "--list-runs", "5",
                "--repeats", "1"]  # fmt: skip
        results = pool.submit(performance.main, args).result(timeout=300)

    assert [r.case.label for r in results] == [
        "PER_TABLE_ROW 200 rows",
        "v2 per_table_row 100 rows",
        "PER_DOC 50 line items",
        "runs list 5 invoice runs",
    ]
    for result in results:
        assert {app: len(times) for app, times in result.seconds.items()} == {
            "project": 1,
            "peer": 1,
        }
        assert all(t > 0 for times in result.seconds.values() for t in times)
