# The personas live in tests/personas.py so the account and workflow suites share them.
from tests.personas import (  # noqa: F401
    contributor,
    editor,
    other_contributor,
    other_series,
    series,
    series_editor,
)

# The role matrix of test_roles_post.py and test_roles_reach.py.
from tests.workflow.role_matrix import clients, world  # noqa: F401
