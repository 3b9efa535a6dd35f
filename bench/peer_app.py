"""The benchmark's peer: the least a Streamlit page can do to show a run's data as a table."""

from __future__ import annotations

import json
import os

import httpx
import pandas as pd
import streamlit as st

job_id = st.query_params.get("job_id", "")
v2 = job_id.startswith("ext-")
path = f"/api/v2/extract/{job_id}" if v2 else f"/api/v1/extraction/runs/by-job/{job_id}"
response = httpx.get(
    f"{os.environ['LLAMA_CLOUD_BASE_URL']}{path}",
    headers={"Authorization": f"Bearer {os.environ['LLAMA_CLOUD_API_KEY']}"},
    timeout=60,
)
data = json.loads(response.content)["extract_result" if v2 else "data"]
if isinstance(data, list):
    st.dataframe(pd.json_normalize(data))
else:
    st.dataframe(pd.json_normalize(data))
    for value in data.values():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            st.dataframe(pd.json_normalize(value))
