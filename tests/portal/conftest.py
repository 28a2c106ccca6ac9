# The personas live in tests/personas.py so the account and workflow suites share them.
from tests.personas import (  # noqa: F401
    contributor,
    editor,
    other_contributor,
    other_series,
    series,
    series_editor,
)
