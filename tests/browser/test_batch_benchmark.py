"""The batch benchmark still runs end to end at its smallest size (figures are printed, not
judged): both apps timed, one request per job, a finished batch reruns without a request."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from bench import batch

pytestmark = pytest.mark.browser


def test_batch_benchmark_produces_every_figure() -> None:
    # pytest-playwright already runs Playwright's event loop in this thread; the benchmark
    # drives its own browser, so it runs in a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        args = ["--jobs", "5", "--big-jobs", "20", "--latency", "0.02", "--repeats", "1",
                "--warm-ups", "0"]  # fmt: skip
        results = pool.submit(batch.main, args).result(timeout=300)

    linked, big = results.linked, results.big
    assert linked is not None
    assert big is not None
    assert {app: len(times) for app, times in linked.seconds.items()} == {"project": 1, "peer": 1}
    assert all(t > 0 for times in linked.seconds.values() for t in times)
    # Requests are counted, not timed: one per job for each app, nothing else.
    assert linked.per_job("project") == linked.per_job("peer") == (1.0, 1.0, 0.0)
    assert big.seconds > 0
    assert (big.requests.v1, big.requests.v2, big.requests.other) == (10, 10, 0)
    assert 1 <= big.requests.peak_in_flight <= batch.IN_FLIGHT
    assert big.counts  # the st.metric figures above the final table were read
    assert big.full_rerun is not None
    assert big.full_rerun.requests == 0
    assert big.selection_rerun is not None
    assert big.selection_rerun.requests == 0
