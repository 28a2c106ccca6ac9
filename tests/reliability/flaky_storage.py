"""Media storage whose writes fail while a flag file exists, as a full disk makes them.

Selected by tests/reliability/site_settings.py when STORAGE_FAILURE_FLAG names a file.
The servers run as root in CI, which ignores file modes, and mounting a small filesystem
needs privileges a test may not have; failing inside the storage's own write step
raises exactly what FileSystemStorage raises on a full disk (OSError ENOSPC), from the
same place, so every caller's error handling is exercised as it would be in production.
Reads and deletes keep working, as they do on a full disk.
"""

import errno
import os
from pathlib import Path

from django.core.files.storage import FileSystemStorage


class FlakyStorage(FileSystemStorage):
    def _save(self, name, content):
        flag = os.environ.get("STORAGE_FAILURE_FLAG", "")
        if flag and Path(flag).exists():
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self.path(name))
        return super()._save(name, content)
