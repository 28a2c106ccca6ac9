import pytest

from tests.factories import make_article, make_topic, make_volume
from tests.site.html import read

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(settings):
    """Seven pieces in three pages of three."""
    settings.PAGE_SIZE = 3
    volume = make_volume()
    topic = make_topic(slug="many")
    pieces = [make_article(volume, languages=("en", "es"), topics=0) for _ in range(7)]
    for piece in pieces:
        piece.topics.add(topic)
    return pieces


def article_links(page) -> list[str]:
    return [
        a["href"]
        for a in page.find_all("a")
        if a.get("href", "").startswith("/en/articles/")
        and a["href"] != "/en/articles/"
        and "rel" not in a
    ]


@pytest.mark.parametrize("url", ["/en/articles/", "/en/topics/many/"])
def test_it_splits_long_lists_into_pages_of_page_size(client, many, url):
    first = read(client.get(url))
    last = read(client.get(f"{url}?page=3"))
    assert len(set(article_links(first))) == 3
    assert len(set(article_links(last))) == 1


def test_pages_are_newest_first_and_do_not_overlap(client, many):
    seen = []
    for number in (1, 2, 3):
        seen += list(
            dict.fromkeys(article_links(read(client.get(f"/en/articles/?page={number}"))))
        )
    expected = [f"/en/articles/{piece.slug}/" for piece in reversed(many)]
    assert seen == expected


def test_the_pagination_is_a_labelled_navigation_with_the_current_page_marked(client, many):
    page = read(client.get("/en/articles/?page=2"))
    assert page.find_all("nav", **{"class": "pagination", "aria-label": "Pages"})
    assert page.find_all("span", **{"aria-current": "page"})
    assert page.find_all("a", href="?page=1", rel="prev")
    assert page.find_all("a", href="?page=3", rel="next")
    assert "Page 2 of 3" in page.text


def test_the_pagination_speaks_spanish_on_spanish_pages(client, many):
    page = read(client.get("/es/articles/?page=2"))
    assert "Página 2 de 3" in page.text
    assert page.find_all("nav", **{"class": "pagination", "aria-label": "Páginas"})
    assert "Página siguiente" in page.text


def test_a_short_list_has_no_pagination(client, settings):
    settings.PAGE_SIZE = 3
    make_article()
    assert not read(client.get("/en/articles/")).find_all("nav", **{"class": "pagination"})


@pytest.mark.parametrize("number", ["4", "0", "abc"])
def test_a_page_that_does_not_exist_is_a_404(client, many, number):
    assert client.get(f"/en/articles/?page={number}").status_code == 404


def test_a_later_page_is_its_own_canonical_url(client, many):
    page = read(client.get("/en/articles/?page=2&utm_source=x"))
    assert page.find_all("link", rel="canonical")[0]["href"].endswith("/en/articles/?page=2")


def test_the_authors_list_is_paginated_too(client, settings):
    settings.PAGE_SIZE = 2
    for _ in range(3):
        make_article()
    assert read(client.get("/en/authors/?page=2")).find_all("nav", **{"class": "pagination"})
    assert client.get("/en/authors/?page=3").status_code == 404
