"""Structured references: how a piece cites the entries of its bibliography."""
