"""The second pass: each post and page of an export imported in its own transaction.

Entry point for the command (wordpress/management/commands/import_wordpress.py) and the
admin's queued task (wordpress/tasks.py): `run_import(source, options, progress)`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

from wordpress.importing.mapping import Mapping
from wordpress.importing.report import Report


@dataclass
class Options:
    mapping: Mapping | None = None  # None: catalogue.default_mapping()
    media_dir: Path | None = None  # a local copy of wp-content/uploads
    fetch_media: bool = False  # download images from the old site's own host
    dry_run: bool = False
    since: date | None = None  # only posts dated on or after
    overwrite: bool = False  # replace fields an editor changed since the last import
    # The admin link in the report's warnings: ("https://site", "/admin/") is enough.
    extra: dict[str, str] = field(default_factory=dict)


# progress(done, total): called after each post, for a terminal bar or the admin's page.
Progress = Callable[[int, int], None]


def run_import(
    source: Path | str | IO[bytes], options: Options, progress: Progress | None = None
) -> Report:
    """Import (or with dry_run, only check) every post and page; never raises for one
    bad post, which is reported with its ID, title and reason. Raises ExportError or
    MappingError for a file that cannot be read at all."""
    raise NotImplementedError
