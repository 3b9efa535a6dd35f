"""The compare benchmark still runs end to end at a tiny size (figures are printed, not
judged): every page timed, the comparison of fetched runs fetches nothing, and no rerun of it
(toggle, filter, the r key) sends a request.

Its by-key case only (line items, B's in another order): the by-index case goes through the
same code with another pair of bodies, and each case costs a server, five page loads and
four reruns."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from bench import compare

pytestmark = pytest.mark.browser


def test_compare_benchmark_produces_every_figure() -> None:
    # pytest-playwright already runs Playwright's event loop in this thread; the benchmark
    # drives its own browser, so it runs in a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        args = ["--rows", "0", "--items", "20", "--repeats", "1", "--warm-ups", "0"]
        results = pool.submit(compare.main, args).result(timeout=300)

    assert [r.case.label for r in results] == ["PER_DOC 20 line items, by key"]
    for result in results:
        assert {opened: len(times) for opened, times in result.seconds.items()} == dict.fromkeys(
            compare.OPENS, 1
        )
        assert all(t > 0 for times in result.seconds.values() for t in times)
        # Requests are counted, not timed: both runs come from the run cache, or are fetched
        # once each.
        assert result.requests == {
            "run_first": [1],
            "run_again": [0],
            "compare_fetched": [0],
            "compare_cold": [2],
        }
        assert [r.action for r in result.reruns] == [
            "Only differences off",
            "Only differences on",
            f"filter {result.case.filter_text!r}",
            "the r key",
        ]
        assert all(r.messages > 0 for r in result.reruns)  # each one did rerun
        assert [r.requests for r in result.reruns] == [0, 0, 0, 0]
        assert all(r.cpu_s is not None for r in result.reruns)
        expected = result.expected
        off, on, filtered, again = (r.caption for r in result.reruns)
        assert off == expected.caption(expected.fields)
        assert on == expected.caption(expected.differences)
        assert filtered is not None
        assert filtered.endswith(expected.suffix)
        assert filtered != on
        assert again == filtered  # the r key keeps the filter
        assert result.peak_mib is not None
