"""Loading: the process-wide run cache shared by sessions and keyed by credential fingerprint."""
