"""Analysis: pure functions from a run to what can be said about it.

Schema rows, field tables, conformance problems and metadata joins; no wording for pages.
"""
