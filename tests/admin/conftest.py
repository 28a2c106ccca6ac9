import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Every admin test logs an editor in; the real hasher would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
