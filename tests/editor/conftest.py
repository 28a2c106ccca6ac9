# The personas of tests/personas.py, for the citable-references endpoints.
from tests.personas import (  # noqa: F401
    contributor,
    editor,
    other_contributor,
    other_series,
    series,
    series_editor,
)
