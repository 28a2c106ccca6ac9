"""Every changelist costs the same number of queries whether it lists 2 rows or 25."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Authorship
from pages.models import Page
from tests.factories import (
    make_article,
    make_contributor,
    make_organisation,
    make_series,
    make_topic,
    make_volume,
)

pytestmark = pytest.mark.django_db


def _articles(n: int) -> None:
    for i in range(n):
        make_article(languages=("en", "es"), published=("en",) if i % 2 else (), authors=3)


def _series(n: int) -> None:
    for _ in range(n):
        series = make_series()
        for _ in range(2):
            make_article(make_volume(series), authors=1, references=0, image=False)


def _volumes(n: int) -> None:
    series = make_series()
    for _ in range(n):
        make_article(make_volume(series), authors=1, references=0, image=False)


def _contributors(n: int) -> None:
    article = make_article(authors=0, references=0, image=False)
    for i in range(n):
        contributor = make_organisation() if i % 3 == 0 else make_contributor()
        Authorship.objects.create(article=article, contributor=contributor, position=i)


def _topics(n: int) -> None:
    article = make_article(topics=0, references=0, image=False)
    for _ in range(n):
        article.topics.add(make_topic())


def _pages(n: int) -> None:
    start = Page.objects.count()
    for i in range(start, start + n):
        Page.objects.create(slug=f"page-{i}", title_en=f"Page {i}", body_en="<p>Text</p>")


BUILDERS: dict[str, Callable[[int], None]] = {
    "articles_article": _articles,
    "series_series": _series,
    "series_volume": _volumes,
    "contributors_contributor": _contributors,
    "articles_topic": _topics,
    "pages_page": _pages,
}


def _changelist_queries(client, name: str) -> int:
    url = reverse(f"admin:{name}_changelist")
    client.get(url)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", BUILDERS)
def test_a_changelist_makes_as_many_queries_for_25_rows_as_for_2(superuser_client, name):
    build = BUILDERS[name]
    build(2)
    few = _changelist_queries(superuser_client, name)
    build(23)
    many = _changelist_queries(superuser_client, name)
    assert many == few, f"{name}: {few} queries for 2 rows, {many} for 25"
    print(f"{name}: {many} queries")  # shown with -s; the report quotes them


def test_the_article_changelist_shows_series_volume_authors_and_languages(superuser_client):
    article = make_article(languages=("en", "es"), published=("en",), authors=2)
    names = [a.name for a in article.authorships.all()]
    html = superuser_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert f"{article.volume.series.title} · Volume {article.volume.number}" in html
    assert ", ".join(names) in html
    assert "EN&nbsp;✓" in html
    assert "ES&nbsp;—" in html
