"""While the database is down: /healthz says so, and stored pages are still served."""

import pytest
from django.db import OperationalError, connections
from django.test import Client

from pagecache import generation
from tests.pagecache.conftest import fetch

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    """Every new query fails as it does when PostgreSQL stops answering; counts the tries."""
    tries = []

    def refuse(*args, **kwargs):
        tries.append(1)
        raise OperationalError("connection refused")

    def go_down() -> list:
        monkeypatch.setattr(connections["default"], "cursor", refuse)
        # The generation this process read is now due to be read again.
        later = generation._clock() + 5
        monkeypatch.setattr(generation, "_clock", lambda: later)
        return tries

    return go_down


def test_healthz_answers_503_in_json_when_the_database_is_down(reader, piece, database_down):
    fetch(reader, piece.get_absolute_url())
    database_down()
    response = reader.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "failed", "storage": "ok"}


def test_healthz_answers_503_in_json_even_before_any_page_was_served(
    reader, database_down, monkeypatch
):
    monkeypatch.setattr(generation, "_remembered", (None, 0.0))  # a process just started
    database_down()
    response = reader.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "failed"


def test_a_stored_page_is_still_served_while_the_database_is_down(reader, piece, database_down):
    url = piece.get_absolute_url()
    assert fetch(reader, url)[1] == "miss"
    database_down()
    response, status = fetch(Client(), url)
    assert (response.status_code, status) == (200, "hit")
    assert piece.title.encode() in response.content


def test_the_database_is_asked_for_the_generation_at_most_once_a_second_while_down(
    reader, piece, database_down
):
    url = piece.get_absolute_url()
    fetch(reader, url)
    tries = database_down()
    for _ in range(5):
        assert fetch(reader, url)[1] == "hit"
    assert len(tries) == 1


def test_a_process_started_during_the_outage_serves_the_pages_others_stored(
    reader, piece, database_down, monkeypatch
):
    url = piece.get_absolute_url()
    assert fetch(reader, url)[1] == "miss"
    database_down()
    monkeypatch.setattr(generation, "_remembered", (None, 0.0))  # read nothing itself
    response, status = fetch(Client(), url)
    assert (response.status_code, status) == (200, "hit")
