"""Widget and session keys for components: every key carries the scope its page passes.

So one component can appear twice on a page (two runs side by side) without a duplicate
key, and state that belongs to one run (selections, how many tables are shown) is keyed by
that run too: it starts afresh when another run is opened.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Scope:
    name: str
    run: str = ""

    def key(self, part: str) -> str:
        """A key kept while the page shows this scope, whatever run it shows."""
        return f"{self.name}-{part}"

    def run_key(self, part: str) -> str:
        """A key that belongs to the run now shown."""
        return f"{self.name}-{self.run}-{part}"

    def for_run(self, token: str) -> Scope:
        return replace(self, run=token)
