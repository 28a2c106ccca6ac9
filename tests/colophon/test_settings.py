import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from colophon.env import env_bool, env_list, env_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("TRUE", True), ("off", False), ("0", False)]
)
def test_a_boolean_accepts_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG") is expected


def test_a_misspelt_boolean_stops_start_up_naming_the_variable(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG")


def test_a_list_with_an_empty_item_is_refused(monkeypatch):
    monkeypatch.setenv("HOSTS", "example.org,,www.example.org")
    with pytest.raises(ImproperlyConfigured, match="HOSTS"):
        env_list("HOSTS", [])


def test_site_url_must_be_absolute_and_loses_its_trailing_slash(monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://series.example.org/")
    assert env_url("SITE_URL", "http://x") == "https://series.example.org"
    monkeypatch.setenv("SITE_URL", "series.example.org")
    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        env_url("SITE_URL", "http://x")


def _load_settings(**env) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import colophon.settings as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_development_has_a_default_key_and_an_sqlite_database():
    result = _load_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_database_url_selects_postgresql():
    result = _load_settings(SECRET_KEY="k", DATABASE_URL="postgres://u@127.0.0.1:5432/db")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"
