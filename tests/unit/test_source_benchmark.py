"""The source benchmark still runs at its smallest size (figures are printed, not judged)."""

from __future__ import annotations

from bench import source


def test_source_benchmark_produces_every_figure() -> None:
    times = source.main(["--pages", "3", "--repeats", "1"])
    assert {name: len(values) for name, values in times.items()} == {
        "first render": 1,
        "from the cache": 1,
    }
    assert all(value > 0 for values in times.values() for value in values)
