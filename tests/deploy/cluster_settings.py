"""The project's settings for tests/deploy/test_cluster.py's subprocesses.

Production settings (DEBUG off) except static files: the manifest storage needs a
collectstatic that has nothing to do with what the cluster test proves, and would write
into the project's staticfiles/.
"""

from colophon.settings import *  # noqa: F403
from colophon.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
