"""Streamlit components: each a function of models that lays out one part of a page."""
