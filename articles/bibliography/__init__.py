"""References and citations: structured entries, import and export, citing them in the text."""
