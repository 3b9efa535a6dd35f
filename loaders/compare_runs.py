"""The comparison of two loaded runs, built once per pair and alignment key, then shared.

Keyed by both runs' cache keys (credential fingerprint, base URL, job, scope) and the key
field; an entry holds the two loaded runs it was built from, so a run fetched again (polled,
refreshed) gets a new comparison, while toggles and the filter only read the old one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import streamlit as st
from cachetools import LRUCache

from run_inspector.analysis.comparison import Comparison, compare_runs
from run_inspector.analysis.run_report import build_run_report
from run_inspector.collector_pause import collector_paused
from run_inspector.loading.key_locks import SharedCache
from run_inspector.loading.run_cache import WEIGHT_PER_BODY_BYTE, LoadedRun, RunKey
from run_inspector.model.field_path import FieldPath

MAX_COMPARISONS: Final = 16
# An entry keeps both runs alive (and their diff, about as big again), also after the run
# cache let them go: comparisons are weighed like runs, with a budget of their own.
MAX_COMPARISON_BYTES: Final = 1024**3


@dataclass(frozen=True)
class PairKey:
    a: RunKey
    b: RunKey
    key: FieldPath | None


@dataclass(frozen=True, eq=False)
class _Built:
    a: LoadedRun
    b: LoadedRun
    comparison: Comparison


def _weight(built: _Built) -> int:
    body_bytes = len(built.a.body) + len(built.b.body)
    return max(2 * WEIGHT_PER_BODY_BYTE * body_bytes, MAX_COMPARISON_BYTES // MAX_COMPARISONS)


@st.cache_resource(show_spinner=False)
def _comparisons() -> SharedCache[PairKey, _Built]:
    entries: LRUCache[PairKey, _Built] = LRUCache(MAX_COMPARISON_BYTES, getsizeof=_weight)
    return SharedCache(entries, 4 * MAX_COMPARISONS)


def load_comparison(pair: PairKey, a: LoadedRun, b: LoadedRun) -> Comparison:
    """Both runs must hold an extraction."""

    def build() -> _Built:
        # Both reports come from each run's own cache entry, shared with the run page.
        report_a = a.derived("report", build_run_report)
        report_b = b.derived("report", build_run_report)
        with collector_paused():
            return _Built(a, b, compare_runs(report_a, report_b, pair.key))

    built = _comparisons().get(pair, build)
    if built.a is not a or built.b is not b:  # a run was fetched again since
        built = _comparisons().get(pair, build, force=True)
    return built.comparison
