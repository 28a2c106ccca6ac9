"""Settings for tests/throttling/sign_in.py: production ones, with the tests' fast
password hasher (tests/defaults.py)."""

from tests import defaults
from tests.deploy.cluster_settings import *  # noqa: F403

PASSWORD_HASHERS = defaults.PASSWORD_HASHERS
