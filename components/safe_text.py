"""Makes untrusted text inert where Streamlit would otherwise render it as Markdown."""

from __future__ import annotations

import re

# Every character that starts Markdown, HTML or a Streamlit directive (`:color[...]`, `$math$`).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&=\"'])")
# GFM turns bare "http://", "www." and e-mail addresses into links even when escaped; an
# invisible word joiner inside them keeps the text readable and unlinked.
_AUTOLINK_TRIGGERS = re.compile(r"(?i)(://|www\.|@)")
WORD_JOINER = "\u2060"


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown so API text shows literally inside a Markdown message."""
    flat = text.replace("\r", " ").replace("\n", " ")
    unlinked = _AUTOLINK_TRIGGERS.sub(lambda m: m.group(1)[0] + WORD_JOINER + m.group(1)[1:], flat)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", unlinked)
