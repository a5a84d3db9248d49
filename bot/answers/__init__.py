"""Compose structured answers (text, card fields, sources) for an intent at a given time."""
