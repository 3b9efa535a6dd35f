"""Analysis: pure functions from a run to what can be said about it.

Field paths, schema rows, field tables, conformance problems (each a plain statement of what
is wrong), metadata joins and status classes. Advice and page wording live in presentation;
tests/unit/test_layers.py keeps this package from importing it.
"""
