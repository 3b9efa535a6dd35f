"""UI-free core of Run Inspector: API client, models and pure views (no Streamlit import)."""
