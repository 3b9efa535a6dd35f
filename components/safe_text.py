"""Makes untrusted text inert where Streamlit would otherwise render it as Markdown."""

from __future__ import annotations

import re

# Every character that starts Markdown, HTML or a Streamlit directive (`:color[...]`, `$math$`).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&=\"'])")


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown so API text shows literally inside a Markdown message."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\r", " ").replace("\n", " "))
