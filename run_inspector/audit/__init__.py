"""The audit trail: one JSON line per action a person takes, saying who, what and how it went,
never what a run contains or any secret."""
