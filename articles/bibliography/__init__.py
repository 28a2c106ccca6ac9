"""Bibliographies and citations in the text: formatting, importing and exporting references."""
