# The personas live in tests/personas.py so that every suite shares them.
from tests.personas import series, series_editor  # noqa: F401
