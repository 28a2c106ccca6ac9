"""A version published for a later date appears on time, though nothing is saved then."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.workflow.deletion import soft_delete
from articles.workflow.steps import publish_language
from pagecache import generation
from pagecache.models import Generation
from tests.factories import make_article
from tests.pagecache.conftest import fetch

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def clock(monkeypatch):
    """Moves timezone.now(), which publication dates and the generation are compared with."""
    real_now = timezone.now

    class Clock:
        offset = timedelta()

        def now(self):
            return real_now() + self.offset

    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock.now)
    return clock


def test_a_scheduled_translation_appears_at_its_time_without_a_save(reader, clock):
    piece = make_article(languages=("en", "es"), published=("en",))
    publish_language(piece, "es", at=timezone.now() + timedelta(hours=1))
    spanish_list, english_page = "/es/articles/", piece.get_absolute_url()
    fetch(reader, spanish_list)
    fetch(reader, english_page)
    assert Generation.objects.get().next_change is not None
    number = Generation.objects.get().number

    clock.offset = timedelta(minutes=30)
    response, status = fetch(reader, spanish_list)
    assert status == "hit"
    assert piece.title_es.encode() not in response.content

    clock.offset = timedelta(hours=2)
    response, status = fetch(reader, spanish_list)
    assert status == "miss"
    assert piece.title_es.encode() in response.content
    assert fetch(reader, english_page)[1] == "miss"
    # The first request after the date moved the generation on, once.
    assert Generation.objects.get().number == number + 1
    assert Generation.objects.get().next_change is None
    assert fetch(reader, spanish_list)[1] == "hit"


def test_the_next_change_is_the_soonest_future_date_of_a_live_piece(clock):
    soon, later = timezone.now() + timedelta(hours=1), timezone.now() + timedelta(days=3)
    first = make_article(languages=("en", "es"), published=("en",))
    second = make_article(languages=("en", "es"), published=("en",))
    publish_language(second, "es", at=later)
    publish_language(first, "es", at=soon)
    assert generation.read().next_change == soon
    # A deleted piece's date does not count.
    soft_delete(
        first,
    )
    assert generation.read().next_change == later
