"""Structured bibliography entries: the reference form and its helpers."""
