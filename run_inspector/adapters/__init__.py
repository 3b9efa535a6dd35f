"""Adapters, the only code that knows wire field names: one API version in, the model out."""
