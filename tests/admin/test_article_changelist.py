from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.workflow.steps import publish_language
from tests.factories import make_article, make_contributor, make_topic

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def _listed(client, **params) -> set[int]:
    response = client.get(CHANGELIST, params)
    assert response.status_code == 200
    return {article.pk for article in response.context["cl"].result_list}


def test_the_language_filter_offers_one_choice_per_site_language(superuser_client, settings):
    response = superuser_client.get(CHANGELIST)
    specs = response.context["cl"].filter_specs
    spec = next(s for s in specs if getattr(s, "parameter_name", "") == "published_in")
    assert [value for value, _label in spec.lookup_choices] == [c for c, _n in settings.LANGUAGES]


def test_the_language_filter_lists_pieces_published_in_that_language(superuser_client):
    both = make_article(languages=("en", "es"))
    english_only = make_article(languages=("en", "es"), published=("en",))
    draft = make_article(languages=("en",), published=())
    scheduled = make_article(languages=("es",), published=())
    publish_language(scheduled, "es", at=timezone.now() + timedelta(days=3))
    assert _listed(superuser_client, published_in="es") == {both.pk}
    assert _listed(superuser_client, published_in="en") == {both.pk, english_only.pk}
    assert _listed(superuser_client) == {both.pk, english_only.pk, draft.pk, scheduled.pk}


def test_the_original_language_filter(superuser_client):
    spanish = make_article(languages=("es",))
    make_article(languages=("en",))
    assert _listed(superuser_client, original_language="es") == {spanish.pk}


def test_the_series_status_and_topic_filters(superuser_client):
    article = make_article(published=())
    other = make_article()
    topic = make_topic()
    article.topics.add(topic)
    series = article.volume.series
    assert _listed(superuser_client, volume__series__id__exact=series.pk) == {article.pk}
    assert _listed(superuser_client, status__exact="published") == {other.pk}
    assert _listed(superuser_client, topics__id__exact=topic.pk) == {article.pk}


def test_search_finds_a_title_in_any_language(superuser_client):
    article = make_article(languages=("en", "es"), title_es="Desplazamiento en la ciudad")
    make_article()
    assert _listed(superuser_client, q="desplazamiento en la") == {article.pk}


def test_search_finds_a_slug_and_an_author_name(superuser_client):
    article = make_article(slug="invisible-borders", authors=0)
    article.authorships.create(contributor=make_contributor(family_name="Okonkwo"))
    make_article()
    assert _listed(superuser_client, q="invisible-borders") == {article.pk}
    assert _listed(superuser_client, q="okonkwo") == {article.pk}


def test_search_lists_a_piece_once_even_when_several_authors_match(superuser_client):
    article = make_article(authors=0)
    for given in ("Ana", "Bea"):
        article.authorships.create(
            contributor=make_contributor(given_name=given, family_name="Ruiz")
        )
    response = superuser_client.get(CHANGELIST, {"q": "Ruiz"})
    assert [a.pk for a in response.context["cl"].result_list] == [article.pk]
