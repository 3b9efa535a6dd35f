"""The comparison of two loaded runs, built once per pair and alignment key, then shared.

Keyed by both runs' cache keys (credential fingerprint, base URL, job, scope) and the key
field; an entry holds the two loaded runs it was built from, so a run fetched again (polled,
refreshed) gets a new comparison, while toggles and the filter only read the old one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Final

import streamlit as st
from cachetools import LRUCache

from run_inspector.analysis.comparison import Comparison, compare_runs
from run_inspector.analysis.run_report import build_run_report
from run_inspector.collector_pause import collector_paused
from run_inspector.loading.run_cache import LoadedRun, RunKey
from run_inspector.model.field_path import FieldPath

MAX_COMPARISONS: Final = 16


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


class _Comparisons:
    def __init__(self) -> None:
        self._built: LRUCache[PairKey, _Built] = LRUCache(MAX_COMPARISONS)
        self._lock = threading.Lock()

    def get(self, pair: PairKey, a: LoadedRun, b: LoadedRun) -> Comparison:
        with self._lock:
            built = self._built.get(pair)
            if built is not None and built.a is a and built.b is b:
                return built.comparison
            # Both reports come from each run's own cache entry, shared with the run page.
            report_a = a.derived("report", build_run_report)
            report_b = b.derived("report", build_run_report)
            with collector_paused():
                comparison = compare_runs(report_a, report_b, pair.key)
            self._built[pair] = _Built(a, b, comparison)
            return comparison


@st.cache_resource(show_spinner=False)
def _comparisons() -> _Comparisons:
    return _Comparisons()


def load_comparison(pair: PairKey, a: LoadedRun, b: LoadedRun) -> Comparison:
    """Both runs must hold an extraction."""
    return _comparisons().get(pair, a, b)
