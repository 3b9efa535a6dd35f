"""A page whose config panel raises inside the real page guard: what the browser checks must
report although the page shows only a calm sentence (tests/browser/test_failure_checks.py)."""

from __future__ import annotations

from components.config_panel import render_config
from components.page_guard import page_guard

with page_guard():
    # No rows (None, not a DataFrame): the panel raises on purpose when it counts their notes.
    render_config(None, None, None)  # type: ignore[arg-type]
