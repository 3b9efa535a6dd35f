"""Presentation: the words a page shows.

Pure functions that put runs, times, sizes, statuses and errors into text.
"""
