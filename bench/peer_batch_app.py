"""The batch benchmark's peer: the least a Streamlit page can do to check a link's job IDs,
10 at a time, and show each one's status in a table.

`/?job_ids=a,b,…`: a v1 UUID is fetched from `GET /api/v1/extraction/runs/by-job/{id}`, an
`ext-…` ID from `GET /api/v2/extract/{id}`, with the bearer key, by a pool of 10 threads.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor

import httpx
import pandas as pd
import streamlit as st

BASE_URL = os.environ["LLAMA_CLOUD_BASE_URL"]
HEADERS = {"Authorization": f"Bearer {os.environ['LLAMA_CLOUD_API_KEY']}"}

job_ids = [job_id for job_id in st.query_params.get("job_ids", "").split(",") if job_id]


def check(client: httpx.Client, job_id: str) -> dict[str, str | None]:
    if job_id.startswith("ext-"):
        path = f"/api/v2/extract/{job_id}"
    else:
        path = f"/api/v1/extraction/runs/by-job/{job_id}"
    response = client.get(f"{BASE_URL}{path}", headers=HEADERS, timeout=60)
    body = json.loads(response.content)
    status = body.get("status") if response.is_success else f"HTTP {response.status_code}"
    return {"job id": job_id, "status": status}


with httpx.Client() as client, ThreadPoolExecutor(10) as pool:
    rows = list(pool.map(lambda job_id: check(client, job_id), job_ids))
st.dataframe(pd.DataFrame(rows, columns=["job id", "status"]))
