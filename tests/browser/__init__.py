"""Browser tests: a real Chromium against `streamlit run app.py`."""
