"""Says the page shows demo data and links to every bundled sample."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from run_inspector.demo_runs import DemoSample


def render_demo_banner(samples: Sequence[DemoSample], page: str, current_job_id: str) -> None:
    with st.container(border=True):
        st.info(
            "**Demo mode.** No API key is configured, so these are bundled sample runs served "
            "through the same client and views as live ones. Add a key in the sidebar, "
            "`LLAMA_CLOUD_API_KEY` or `.streamlit/secrets.toml` to open real runs.",
            icon=":material/science:",
        )
        with st.container(horizontal=True, wrap=True):
            for sample in samples:
                st.page_link(
                    page,
                    label=sample.title,
                    icon=":material/check:" if sample.job_id == current_job_id else None,
                    query_params={"job_id": sample.job_id},
                )
