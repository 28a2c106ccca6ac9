"""Backups: what scripts/backup.py writes, scripts/restore.py brings back unchanged."""

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.utils import translation

from tests.factories import make_article

ROOT = Path(__file__).resolve().parents[2]

# Fetches pages with Django's test client and prints each page's status and sha256, for
# each (label, database name, media root) given. Django starts once (WeasyPrint's import
# alone takes seconds) and each site is read in a forked child, so no cache or connection
# of one can serve the other.
FETCH = """
import hashlib, json, os, re, sys, traceback, django
django.setup()
from django.db import connections
from django.test import Client
from django.test.utils import override_settings
urls, sites = json.loads(sys.argv[1]), json.loads(sys.argv[2])
results = {}
for label, database, media in sites:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            connections["default"].settings_dict["NAME"] = database
            override_settings(MEDIA_ROOT=media).enable()
            client, pages = Client(), {}
            for url in urls:
                response = client.get(url)
                # OAI-PMH stamps each answer with the time it was made.
                body = re.sub(rb"<responseDate>[^<]*</responseDate>", b"", response.content)
                pages[url] = [response.status_code, hashlib.sha256(body).hexdigest()]
            os.write(write, json.dumps(pages).encode())
            os._exit(0)
        except BaseException:
            traceback.print_exc()
            os._exit(1)
    os.close(write)
    with os.fdopen(read) as pipe:
        answer = pipe.read()
    _pid, status = os.waitpid(pid, 0)
    if status:
        sys.exit(f"reading {label} failed")
    results[label] = json.loads(answer)
print(json.dumps(results))
"""


def _script(name: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / name), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _files(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _sqlite(path: Path, rows: list[str]) -> None:
    with sqlite3.connect(path) as database:
        database.execute("CREATE TABLE note (text TEXT)")
        database.executemany("INSERT INTO note VALUES (?)", [(row,) for row in rows])


def test_a_sqlite_backup_restores_into_a_new_file_and_refuses_a_used_one(tmp_path):
    _sqlite(tmp_path / "site.db", ["first", "second"])
    media = tmp_path / "media"
    (media / "images").mkdir(parents=True)
    (media / "images" / "a.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    env = {"MEDIA_ROOT": str(media), "BACKUP_DIR": str(tmp_path / "backups")}
    made = _script("backup.py", DATABASE_URL=f"sqlite:///{tmp_path / 'site.db'}", **env)
    assert made.returncode == 0, made.stderr
    (folder,) = (tmp_path / "backups").iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["media"]["files"] == 1
    saved = folder / manifest["database"]["file"]
    assert manifest["database"]["sha256"] == hashlib.sha256(saved.read_bytes()).hexdigest()

    env["MEDIA_ROOT"] = str(tmp_path / "restored-media")
    restored = _script(
        "restore.py", str(folder), DATABASE_URL=f"sqlite:///{tmp_path / 'new.db'}", **env
    )
    assert restored.returncode == 0, restored.stderr
    with sqlite3.connect(tmp_path / "new.db") as database:
        assert database.execute("SELECT text FROM note").fetchall() == [("first",), ("second",)]
    assert _files(tmp_path / "restored-media") == _files(media)

    env["MEDIA_ROOT"] = str(tmp_path / "other-media")
    again = _script(
        "restore.py", str(folder), DATABASE_URL=f"sqlite:///{tmp_path / 'site.db'}", **env
    )
    assert again.returncode == 1
    assert "not empty" in again.stderr


def test_a_failed_backup_leaves_no_folder_behind(tmp_path):
    backups = tmp_path / "backups"
    failed = _script(
        "backup.py",
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.db'}",
        MEDIA_ROOT=str(tmp_path / "no-such-folder"),
        BACKUP_DIR=str(backups),
    )
    _sqlite(tmp_path / "site.db", ["x"])
    failed_media = _script(
        "backup.py",
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.db'}",
        MEDIA_ROOT=str(tmp_path / "no-such-folder"),
        BACKUP_DIR=str(backups),
    )
    assert failed.returncode == failed_media.returncode == 1
    assert "does not exist" in failed.stderr
    assert "MEDIA_ROOT" in failed_media.stderr
    assert list(backups.iterdir()) == []


def test_a_restore_refuses_a_backup_that_differs_from_its_manifest(tmp_path):
    _sqlite(tmp_path / "site.db", ["x"])
    env = {"MEDIA_ROOT": str(tmp_path), "BACKUP_DIR": str(tmp_path / "backups")}
    database = f"sqlite:///{tmp_path / 'site.db'}"
    assert _script("backup.py", "--no-media", DATABASE_URL=database, **env).returncode == 0
    (folder,) = (tmp_path / "backups").iterdir()
    with (folder / "database.sqlite3").open("ab") as saved:
        saved.write(b"tampered")
    restored = _script(
        "restore.py", str(folder), DATABASE_URL=f"sqlite:///{tmp_path / 'new.db'}", **env
    )
    assert restored.returncode == 1
    assert "differs from the manifest" in restored.stderr
    assert not (tmp_path / "new.db").exists()


def _url(name: str) -> str:
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    return f"postgres://{settings['USER']}{password}@{host}/{name}"


def _pages(urls: list[str], sites: list[tuple[str, str, Path]]) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": _url(sites[0][1]),
        "DJANGO_SETTINGS_MODULE": "colophon.settings",
        "DEBUG": "1",
        "ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run(
        [sys.executable, "-c", FETCH, json.dumps(urls), json.dumps(sites, default=str)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.postgres(reason="pg_dump/pg_restore need DATABASE_URL on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_postgresql_backup_restores_the_same_site_into_a_new_database(settings, tmp_path):
    article = make_article(languages=("en", "es"), image=True)
    author = article.authorships.first().contributor
    urls = [
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/oai/?verb=ListRecords&metadataPrefix=oai_dc",
    ]
    for language in ("en", "es"):
        with translation.override(language):
            urls += [
                f"/{language}/",
                article.volume.series.get_absolute_url(),
                article.volume.get_absolute_url(),
                article.get_absolute_url(),
                author.get_absolute_url(),
                f"/{language}/feeds/rss/",
            ]
    original_db = connection.settings_dict["NAME"]
    restored_db = f"{original_db}_restored"
    media, restored_media = Path(settings.MEDIA_ROOT), tmp_path / "restored-media"
    env = {"MEDIA_ROOT": str(media), "BACKUP_DIR": str(tmp_path / "backups")}
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{restored_db}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{restored_db}"')
    try:
        made = _script("backup.py", DATABASE_URL=_url(original_db), **env)
        assert made.returncode == 0, made.stderr
        (folder,) = (tmp_path / "backups").iterdir()
        env["MEDIA_ROOT"] = str(restored_media)
        restored = _script("restore.py", str(folder), DATABASE_URL=_url(restored_db), **env)
        assert restored.returncode == 0, restored.stderr
        assert any(name.startswith("images/") for name in _files(media))
        assert _files(restored_media) == _files(media)

        pages = _pages(
            urls, [("original", original_db, media), ("restored", restored_db, restored_media)]
        )
        assert {status for status, _digest in pages["original"].values()} == {200}
        assert pages["restored"] == pages["original"]
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored_db}" WITH (FORCE)')
