"""The version-neutral model of an extraction, and the readers both API adapters share."""
