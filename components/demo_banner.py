"""Says the page shows demo data and offers every bundled sample, one click each."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from components.scope import Scope
from run_inspector.demo.samples import DemoSample


def render_demo_banner(
    samples: Sequence[DemoSample],
    current_job_id: str,
    open_job: Callable[..., None],
    scope: Scope,
    batch_ids: str,
    compare_pair: tuple[str, str],
    source_sample: tuple[str, str],
) -> None:
    """`batch_ids`: the demo batch (comma-separated job IDs) the batch page link opens;
    `compare_pair`: the job IDs of runs A and B the compare page link opens;
    `source_sample`: the run whose source file the demo serves, and the field it opens on."""
    with st.container(border=True):
        st.info(
            "**Demo mode.** No API key is configured, so these are bundled sample v1 runs and "
            "Extract v2 jobs, served through the same client and views as live ones. Add a key "
            "in the sidebar, `LLAMA_CLOUD_API_KEY` or `.streamlit/secrets.toml` to open real "
            "ones.",
            icon=":material/science:",
        )
        with st.container(horizontal=True, wrap=True):
            st.page_link(
                "pages/runs.py",
                label="Or find runs: the demo agents' run history and the v2 job list",
            )
            st.page_link(
                "pages/batch.py",
                label="Or check them all at once: a batch of the demo jobs and one unknown ID",
                query_params={"job_ids": batch_ids},
            )
            st.page_link(
                "pages/compare.py",
                label="Or compare two runs: the same invoice before and after a schema and "
                "mode change",
                query_params={"a": compare_pair[0], "b": compare_pair[1]},
            )
        for caption, group in (
            ("v1 extraction runs", [s for s in samples if not s.is_v2]),
            ("Extract v2 jobs", [s for s in samples if s.is_v2]),
        ):
            st.caption(caption)
            with st.container(horizontal=True, wrap=True):
                for sample in group:
                    current = sample.job_id == current_job_id
                    st.button(
                        sample.title,
                        key=scope.key(f"demo-{sample.job_id}"),
                        icon=":material/check:" if current else None,
                        type="primary" if current else "secondary",
                        on_click=open_job,
                        args=(sample.job_id,),
                    )
        source_job, source_field = source_sample
        st.caption("A run with its source file: a cited field drawn on its page")
        current = source_job == current_job_id
        st.button(
            "Invoice · source page (PDF)",
            key=scope.key("demo-source"),
            icon=":material/check:" if current else ":material/picture_as_pdf:",
            type="primary" if current else "secondary",
            on_click=open_job,
            args=(source_job, source_field),
        )
