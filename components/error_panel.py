"""Shows an API failure as a clear sentence, with the API's own text kept inert."""

from __future__ import annotations

import streamlit as st

from components.safe_text import escape_markdown
from components.table_styles import fitted_code_height
from run_inspector.api.errors import ApiError, InvalidResponseError
from run_inspector.presentation.error_text import error_sentence, error_title


def render_api_error(error: ApiError) -> None:
    # Sentences embed IDs and base URLs; escaping keeps even those from rendering as Markdown.
    sentence = escape_markdown(error_sentence(error))
    st.error(f"**{error_title(error)}.** {sentence}", icon=":material/error:")
    if error.detail:
        st.caption("What LlamaCloud said")
        st.code(error.detail, language=None, wrap_lines=True)
    if isinstance(error, InvalidResponseError):
        st.caption(f"What is wrong ({len(error.body.problems)})")
        st.code("\n".join(error.body.problems), language=None, wrap_lines=True)
        st.caption("Raw text, as received")
        text = error.body.text or "(empty)"
        height = fitted_code_height(text, max_lines=15, max_chars=2_000, height=320)
        st.code(text, language=None, wrap_lines=True, height=height)


def render_input_error(message: str) -> None:
    st.warning(escape_markdown(message), icon=":material/edit:")
