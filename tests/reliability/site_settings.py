"""Settings for the reliability suite's server processes: the cluster test's (production,
plain static files), with media storage that fails on demand (tests/reliability/
flaky_storage.py) when STORAGE_FAILURE_FLAG is set."""

import os

from tests.deploy.cluster_settings import *  # noqa: F403
from tests.deploy.cluster_settings import STORAGES

if os.environ.get("STORAGE_FAILURE_FLAG"):
    STORAGES = {
        **STORAGES,
        "default": {"BACKEND": "tests.reliability.flaky_storage.FlakyStorage"},
    }
