"""The list benchmark's peer: the least a Streamlit page can do to show one page of an agent's
v1 runs (status, created_at, file.name and job_id) as a table."""

from __future__ import annotations

import json
import os

import httpx
import pandas as pd
import streamlit as st

params: dict[str, str | int] = {
    "extraction_agent_id": st.query_params.get("agent_id", ""),
    "limit": 100,
}
if st.query_params.get("project_id"):
    params["project_id"] = st.query_params["project_id"]
response = httpx.get(
    f"{os.environ['LLAMA_CLOUD_BASE_URL']}/api/v1/extraction/runs",
    params=params,
    headers={"Authorization": f"Bearer {os.environ['LLAMA_CLOUD_API_KEY']}"},
    timeout=60,
)
items = json.loads(response.content)["items"]
st.dataframe(
    pd.DataFrame(
        [
            {
                "status": run.get("status"),
                "created_at": run.get("created_at"),
                "file.name": (run.get("file") or {}).get("name"),
                "job_id": run.get("job_id"),
            }
            for run in items
        ]
    )
)
