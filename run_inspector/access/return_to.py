"""The page a signed-out person asked for, kept across sign-in.

Streamlit's sign-in always comes back to the app's home page, in a new session
(streamlit#10162), so a shared link would be lost. The target is written to a short-lived
first-party cookie before sign-in and read back after. Only a relative path naming one of
this app's own pages is ever followed (with its query), never another origin: the app moves
with st.switch_page, the browser is never sent to the stored text.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Final
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

COOKIE_NAME: Final = "run_inspector_return_to"
# How long a target waits for its sign-in; one never used is gone by then.
COOKIE_MAX_AGE_S: Final = 900
MAX_TARGET_CHARS: Final = 2000


@dataclass(frozen=True)
class ReturnTo:
    url_path: str  # "" for the home page
    query: tuple[tuple[str, str], ...]

    @property
    def is_home(self) -> bool:
        return not self.url_path and not self.query


def target_text(url_path: str, query: Sequence[tuple[str, str]]) -> str:
    """What the cookie keeps: `/<url_path>?<query>`."""
    path = "/" + url_path.strip("/")
    return path + ("?" + urlencode(list(query)) if query else "")


def parse_return_to(raw: str | None, url_paths: Collection[str]) -> ReturnTo | None:
    """The target, if `raw` is a relative path of one of `url_paths` (this app's pages);
    anything else (another origin, another path, a fragment, a long text) is None."""
    if not raw or len(raw) > MAX_TARGET_CHARS:
        return None
    text = unquote(raw)  # the cookie's value is percent-encoded by the page that wrote it
    if not text.startswith("/") or text.startswith("//") or "\\" in text:
        return None
    parts = urlsplit(text)
    if parts.scheme or parts.netloc or parts.fragment:
        return None
    url_path = parts.path.strip("/")
    if parts.path != "/" + url_path or url_path not in url_paths:
        return None
    query = tuple(parse_qsl(parts.query, keep_blank_values=True))
    return ReturnTo(url_path, query)
