"""Markdown escaping keeps API text literal: no formatting, no HTML, no links."""

from __future__ import annotations

import re

from components.safe_text import WORD_JOINER, escape_markdown


def test_markdown_and_html_characters_are_escaped() -> None:
    text = "**bold** [x](javascript:alert(1)) ![i](http://e/x.png) <img onerror=1> :red[x] $x$"
    escaped = escape_markdown(text)

    unescaped_specials = re.findall(r"(?<!\\)[*\[\]!<>:$()]", escaped)
    assert unescaped_specials == []
    assert escaped.replace("\\", "").replace(WORD_JOINER, "") == text


def test_bare_urls_emails_and_www_cannot_autolink() -> None:
    escaped = escape_markdown("see http://127.0.0.1:9/x, www.evil.com or a@b.co")

    assert "://" not in escaped
    assert "www." not in escaped
    assert "@b" not in escaped


def test_newlines_cannot_start_new_markdown_blocks() -> None:
    assert "\n" not in escape_markdown("line\n# heading\r\n- item")
