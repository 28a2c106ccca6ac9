"""Settings for tests/throttling/sign_in.py: production ones, with a fast password hasher."""

from tests.deploy.cluster_settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
