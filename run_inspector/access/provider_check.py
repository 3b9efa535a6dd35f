"""Whether the sign-in provider answers, asked before anyone is sent to it.

Streamlit fetches the provider's discovery document only once a person has clicked "Sign
in", and answers any failure with a bare "Authentication error" page. Asked first with a
short timeout, a provider that is down becomes a sentence on the sign-in page instead.
"""

from __future__ import annotations

from typing import Final

import httpx

DISCOVERY_TIMEOUT_S: Final = 3.0


def provider_problem(
    metadata_url: str,
    timeout_s: float = DISCOVERY_TIMEOUT_S,
    transport: httpx.BaseTransport | None = None,
) -> str | None:
    """None when the discovery document answers with an authorization endpoint; else one
    sentence naming the provider's host."""
    try:
        host = httpx.URL(metadata_url).host or "the provider"
    except (httpx.InvalidURL, TypeError, ValueError):
        return "The sign-in provider's server_metadata_url is not a web address."
    down = (
        f"The sign-in provider ({host}) is not answering, so signing in is not possible "
        "right now. Try again in a few minutes; if it lasts, tell whoever runs this app."
    )
    try:
        with httpx.Client(timeout=timeout_s, transport=transport, follow_redirects=True) as client:
            answer = client.get(metadata_url, headers={"Accept": "application/json"})
    except httpx.HTTPError:
        return down
    if answer.status_code != 200:
        return down
    try:
        document = answer.json()
    except ValueError:
        return down
    if not isinstance(document, dict) or not isinstance(
        document.get("authorization_endpoint"), str
    ):
        return (
            f"The sign-in provider ({host}) answered, but not with an OpenID Connect "
            "discovery document: check server_metadata_url."
        )
    return None
