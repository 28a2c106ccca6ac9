"""Each page costs the same number of queries whatever the size of what it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Authorship
from tests.factories import make_article, make_contributor, make_series, make_topic, make_volume

pytestmark = pytest.mark.django_db

# The numbers the closing report quotes; a change here should be a deliberate one.
EXPECTED = {
    "home": 4,  # pieces, their authorships, their topics, the series with counts
    "articles": 4,  # count, pieces, authorships, topics
    "article": 8,  # the piece with volume, series and image; authorships; topics; references;
    # the stored PDF's size; the series' readable volumes (for the previous and next links);
    # the related pieces sharing topics: candidates ranked on the topics table, then
    # the published ones among them (two narrow queries beat one wide one at 10,000 pieces)
    "series list": 1,
    "series": 6,  # series, volumes, pieces, authorships, topics, the series PDF's size
    "volume": 5,  # volume with series, pieces, authorships, topics, the volume PDF's size
    "topics": 1,
    "topic": 5,  # topic, count, pieces, authorships, topics
    "authors": 2,  # count, people with counts
    "author": 6,  # person, has-anything check, count, pieces, authorships, topics
    "contribute": 1,
}


def build(prefix: str, *, pieces: int, authors: int, references: int, topics: int) -> dict:
    series = make_series(slug=f"{prefix}-series")
    volume = make_volume(series, number=1)
    topic = make_topic(slug=f"{prefix}-topic")
    person = make_contributor(slug=f"{prefix}-person")
    extra_topics = [make_topic() for _ in range(topics - 1)]
    for n in range(pieces):
        article = make_article(
            volume,
            slug=f"{prefix}-{n}",
            languages=("en", "es"),
            authors=authors - 1,
            references=references,
            topics=0,
        )
        Authorship.objects.create(article=article, contributor=person, position=authors)
        article.topics.add(topic, *extra_topics)
    return {
        "home": "/es/",
        "articles": "/es/articles/",
        "article": f"/es/articles/{prefix}-0/",
        "series list": "/es/series/",
        "series": f"/es/series/{prefix}-series/",
        "volume": f"/es/series/{prefix}-series/1/",
        "topics": "/es/topics/",
        "topic": f"/es/topics/{prefix}-topic/",
        "authors": "/es/authors/",
        "author": f"/es/authors/{prefix}-person/",
        "contribute": "/es/contribute/",
    }


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_every_page_makes_a_constant_number_of_queries(client):
    small = build("small", pieces=2, authors=1, references=1, topics=1)
    measured_small = {page: count(client, url) for page, url in small.items()}
    big = build("big", pieces=10, authors=5, references=8, topics=3)
    measured_big = {page: count(client, url) for page, url in big.items()}
    assert measured_small == measured_big == EXPECTED


def test_the_article_page_cost_does_not_grow_with_authors_or_references(
    client, django_assert_num_queries
):
    small = make_article(authors=1, references=1, topics=1)
    big = make_article(authors=5, references=8, topics=4)
    for article in (small, big):
        with django_assert_num_queries(EXPECTED["article"]):
            assert client.get(f"/en/articles/{article.slug}/").status_code == 200
