"""Restore a backup made by scripts/backup.py (`make restore BACKUP=backups/colophon-…`).

Into the database of DATABASE_URL, which must be empty (a new database: refusing anything
else keeps a restore from mixing with, or silently replacing, live data), and into
MEDIA_ROOT, which must be empty or absent. Each file is checked against the manifest's
sha256 before anything is written. See docs/operations.md.
"""

import argparse
import json
import shutil
import sqlite3
import sys
import tarfile
from pathlib import Path

from backup import (
    SQLITE,
    BackupError,
    database_settings,
    libpq_environment,
    media_root,
    run,
    sha256,
)

# Tables, sequences, views… anywhere but the system schemas: an empty database has none.
USER_RELATIONS = (
    "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') "
    "AND n.nspname NOT LIKE 'pg_toast%'"
)


def verified(folder: Path, entry: dict | None) -> Path | None:
    if entry is None:
        return None
    path = folder / entry["file"]
    if not path.is_file() or sha256(path) != entry["sha256"]:
        raise BackupError(f"{path} is missing or differs from the manifest; not restoring")
    return path


def restore_database(settings: dict, dump: Path, engine: str) -> None:
    if (settings["ENGINE"] == SQLITE) != (engine == "sqlite"):
        raise BackupError(
            f"DATABASE_URL names a different kind of database than the {engine} backup"
        )
    if engine == "sqlite":
        target = Path(settings["NAME"])
        if target.exists() and target.stat().st_size:
            raise BackupError(
                f"DATABASE_URL: {target} exists and is not empty; restore into a new file"
            )
        with sqlite3.connect(dump) as saved, sqlite3.connect(target) as copy:
            saved.backup(copy)
        return
    env = libpq_environment(settings)
    count = run(
        ["psql", "--no-psqlrc", "--tuples-only", "--no-align", "--command", USER_RELATIONS], env
    )
    if int(count.strip()) != 0:
        raise BackupError(
            f"DATABASE_URL: the database {settings['NAME']!r} is not empty; create a new one "
            "(createdb) and restore into it"
        )
    run(["pg_restore", "--exit-on-error", "--single-transaction", "--no-owner",
         "--no-privileges", f"--dbname={settings['NAME']}", str(dump)], env)  # fmt: skip


def restore_media(archive: Path, target: Path) -> None:
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"MEDIA_ROOT={target} is not empty; restore into an empty folder")
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as saved:
        # The "data" filter refuses absolute paths, links leaving the folder and device files.
        saved.extractall(target, filter="data")


def restore(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    dump = verified(folder, manifest["database"])
    archive = verified(folder, manifest.get("media"))
    target = media_root()
    if archive is not None and target.exists() and any(target.iterdir()):
        # Checked before the database is touched, so a refusal changes nothing.
        raise BackupError(f"MEDIA_ROOT={target} is not empty; restore into an empty folder")
    restore_database(database_settings(), dump, manifest["database"]["engine"])
    if archive is not None:
        try:
            restore_media(archive, target)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("backup", type=Path, help="a folder written by scripts/backup.py")
    args = parser.parse_args(argv)
    try:
        restore(args.backup)
    except (BackupError, OSError, KeyError, ValueError) as error:
        print(f"restore failed: {error}", file=sys.stderr)
        return 1
    print(f"restored {args.backup} into the database and {media_root()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
