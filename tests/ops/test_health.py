"""/healthz answers whether the database and the storage work, and is never cached."""

from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_healthz_says_ok_when_the_database_and_the_storage_work(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "storage": "ok"}
    assert "no-store" in response["Cache-Control"]
    # The probe leaves nothing behind.
    assert default_storage.listdir("healthz")[1] == []


def test_healthz_is_not_under_a_language_prefix(client):
    assert client.get("/en/healthz").status_code == 404


def test_healthz_names_the_database_when_it_is_down(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "failed", "storage": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_names_the_storage_when_it_cannot_write(client):
    with mock.patch.object(default_storage, "save", side_effect=PermissionError("read-only")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "storage": "failed"}
