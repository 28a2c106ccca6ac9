"""A bulk import defers the PDFs it would render after each piece to its end, once each."""

import pytest

from articles.pdf import tasks
from articles.pdf.tasks import ARTICLE, SERIES, renders_deferred, schedule
from tests.factories import make_article, make_volume

pytestmark = pytest.mark.django_db


@pytest.fixture
def enqueued(settings, monkeypatch):
    settings.PDF_RENDER_AHEAD = True
    calls: list[tuple[str, int]] = []
    monkeypatch.setattr(tasks, "_enqueue", lambda kind, pk: calls.append((kind, pk)))
    return calls


@pytest.mark.django_db(transaction=True)
def test_pieces_published_inside_the_block_are_scheduled_once_when_it_ends(enqueued):
    # Committed one by one, as an import commits each post.
    volume = make_volume()
    enqueued.clear()
    with renders_deferred():
        pieces = [make_article(volume) for _ in range(3)]
        for piece in pieces:
            piece.save()  # a second change to the same piece
        assert enqueued == []
    assert len(enqueued) == len(set(enqueued))
    assert {(ARTICLE, piece.pk) for piece in pieces} <= set(enqueued)


def test_a_series_noted_inside_the_block_is_scheduled_before_its_pieces(
    enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), renders_deferred():
        schedule(ARTICLE, 7)
        schedule(SERIES, 9)
        schedule(ARTICLE, 7)
    assert enqueued == [(SERIES, 9), (ARTICLE, 7)]


def test_outside_the_block_each_publication_schedules_at_once(
    enqueued, django_capture_on_commit_callbacks
):
    volume = make_volume()
    with django_capture_on_commit_callbacks(execute=True):
        piece = make_article(volume)
    assert (ARTICLE, piece.pk) in enqueued
