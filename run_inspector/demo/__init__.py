"""The demo: bundled sample runs served in-process by the fake API, through the real client."""
