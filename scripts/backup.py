"""Back up the database and the uploaded media into one timestamped folder (`make backup`).

Reads DATABASE_URL and MEDIA_ROOT as the site does (same defaults) and writes
BACKUP_DIR/colophon-<UTC time>/ with:
  database.dump   PostgreSQL: `pg_dump --format=custom`; SQLite: database.sqlite3, a copy
                  made with SQLite's online backup API (consistent while the site runs)
  media.tar.gz    MEDIA_ROOT (left out with --no-media, when media live in object storage)
  manifest.json   what was saved, with each file's size and sha256
Everything is written into a hidden temporary folder that is renamed only when complete, so
a failed backup never leaves a folder that looks finished. See docs/operations.md.
"""

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import dj_database_url

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = "django.db.backends.postgresql"
SQLITE = "django.db.backends.sqlite3"


class BackupError(Exception):
    """A failure the person running the script can act on; printed without a traceback."""


def database_settings(url: str | None = None) -> dict:
    url = url or os.environ.get("DATABASE_URL") or f"sqlite:///{ROOT / 'db.sqlite3'}"
    settings = dj_database_url.parse(url)
    if settings["ENGINE"] not in {POSTGRES, SQLITE}:
        raise BackupError(
            f"DATABASE_URL: only PostgreSQL and SQLite are supported, not {settings['ENGINE']}"
        )
    return settings


def media_root() -> Path:
    return Path(os.environ.get("MEDIA_ROOT") or ROOT / "media")


def libpq_environment(settings: dict) -> dict[str, str]:
    """The connection for pg_dump/pg_restore/psql, passed through the environment so the
    password never shows in the process list."""
    env = dict(os.environ)
    values = {
        "PGDATABASE": settings.get("NAME"),
        "PGHOST": settings.get("HOST"),
        "PGPORT": settings.get("PORT"),
        "PGUSER": settings.get("USER"),
        "PGPASSWORD": settings.get("PASSWORD"),
        "PGSSLMODE": settings.get("OPTIONS", {}).get("sslmode"),
    }
    env.update({key: str(value) for key, value in values.items() if value})
    return env


def run(command: list[str], env: dict[str, str] | None = None) -> str:
    # Our own client tools (pg_dump, pg_restore, psql) with arguments built here.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()}")
    return result.stdout


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def describe(path: Path) -> dict:
    return {"file": path.name, "bytes": path.stat().st_size, "sha256": sha256(path)}


def dump_database(settings: dict, folder: Path) -> dict:
    if settings["ENGINE"] == SQLITE:
        source = Path(settings["NAME"])
        if not source.is_file():
            raise BackupError(f"DATABASE_URL: the SQLite file {source} does not exist")
        target = folder / "database.sqlite3"
        with sqlite3.connect(source) as live, sqlite3.connect(target) as copy:
            live.backup(copy)
        return {"engine": "sqlite", **describe(target)}
    target = folder / "database.dump"
    run(["pg_dump", "--format=custom", f"--file={target}"], env=libpq_environment(settings))
    version = run(["pg_dump", "--version"]).strip()
    return {"engine": "postgresql", "pg_dump": version, **describe(target)}


def archive_media(source: Path, folder: Path) -> dict:
    if not source.is_dir():
        raise BackupError(
            f"MEDIA_ROOT={source} is not a folder; pass --no-media if media live in object "
            "storage (back the bucket up with its own versioning)"
        )
    target = folder / "media.tar.gz"
    with tarfile.open(target, "w:gz") as archive:
        archive.add(source, arcname=".")
    files = sum(1 for path in source.rglob("*") if path.is_file())
    return {**describe(target), "files": files}


def backup(backup_dir: Path, *, include_media: bool = True) -> Path:
    settings = database_settings()
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    final = backup_dir / f"colophon-{stamp}"
    if final.exists():
        raise BackupError(f"{final} exists already; wait a second and run again")
    # mkdtemp makes the folder readable by its owner only: the dump holds password hashes
    # and personal data.
    partial = Path(
        tempfile.mkdtemp(prefix=f".colophon-{stamp}-", suffix=".partial", dir=backup_dir)
    )
    try:
        manifest = {
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": dump_database(settings, partial),
            "media": archive_media(media_root(), partial) if include_media else None,
        }
        (partial / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-media", action="store_true", help="leave MEDIA_ROOT out")
    args = parser.parse_args(argv)
    backup_dir = Path(os.environ.get("BACKUP_DIR") or ROOT / "backups")
    try:
        folder = backup(backup_dir, include_media=not args.no_media)
    except BackupError as error:
        print(f"backup failed: {error}", file=sys.stderr)
        return 1
    manifest = json.loads((folder / "manifest.json").read_text())
    sizes = [manifest["database"]["bytes"], (manifest["media"] or {}).get("bytes", 0)]
    print(f"backup written to {folder} ({sum(sizes):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
