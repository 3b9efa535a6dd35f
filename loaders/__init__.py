"""Streamlit-side data access for the pages: settings, the session's connection and cached loads."""
