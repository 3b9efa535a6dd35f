"""API access: the httpx client, its retry policy and the typed errors it raises with facts."""
