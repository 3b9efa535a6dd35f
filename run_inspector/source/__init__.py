"""Cited source files: fetching, sniffing, rendering."""
