"""Atom and RSS feeds in each language: parsed with feedparser, which must raise no bozo."""

import feedparser
import pytest

from tests.discovery.conftest import SITE
from tests.site.html import read

pytestmark = pytest.mark.django_db

KINDS = ["atom", "rss"]


def feed_paths(library) -> list[str]:
    paths = []
    for language in ("en", "es"):
        for prefix in ("", "series/displacement/", "topics/idps/", "authors/maria-lopez/"):
            paths += [f"/{language}/feeds/{prefix}{kind}/" for kind in KINDS]
    return paths


def parse(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, path
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (path, feed.get("bozo_exception"))
    return feed


def test_every_feed_parses_without_a_bozo_flag(client, library, site):
    for path in feed_paths(library):
        feed = parse(client, path)
        assert feed.entries, path
        expected = "atom10" if path.endswith("atom/") else "rss20"
        assert feed.version == expected, path


@pytest.mark.parametrize("kind", KINDS)
def test_each_entry_carries_summary_authors_topics_dates_pdf_and_doi(client, library, site, kind):
    library.both.doi = "10.1234/both.1"
    library.both.save()
    feed = parse(client, f"/en/feeds/{kind}/")
    entry = next(e for e in feed.entries if e.link == f"{SITE}/en/articles/both/")
    assert entry.title == library.both.title_en
    assert entry.summary == library.both.summary_en
    assert [author.name for author in entry.authors] == ["María López Ruiz"]
    assert {tag.term for tag in entry.tags} >= {"IDPs"}
    assert entry.published_parsed[:3] == library.both.published_on("en").utctimetuple()[:3]
    (enclosure,) = entry.enclosures
    assert enclosure.href == f"{SITE}/en/articles/both/both.pdf"
    assert enclosure.type == "application/pdf"
    assert entry.dc_identifier == "doi:10.1234/both.1"
    if kind == "atom":
        assert entry.updated_parsed is not None
        assert any(link.href == "https://doi.org/10.1234/both.1" for link in entry.links)


def test_a_feed_holds_only_what_is_published_in_its_language(client, library, site):
    english = {entry.link for entry in parse(client, "/en/feeds/atom/").entries}
    spanish = {entry.link for entry in parse(client, "/es/feeds/atom/").entries}
    assert f"{SITE}/en/articles/english-only/" in english
    assert f"{SITE}/en/articles/scheduled/" in english
    assert not any("solo-espanol" in link or "draft" in link for link in english)
    assert f"{SITE}/es/articles/solo-espanol/" in spanish
    assert not any("english-only" in link or "scheduled" in link for link in spanish)


def test_the_spanish_feed_speaks_spanish(client, library, site):
    feed = parse(client, "/es/feeds/series/displacement/rss/")
    assert feed.feed.language == "es"
    assert "Últimos textos de la serie" in feed.feed.description


def test_feeds_of_unknown_or_unpublished_things_are_not_found(client, library):
    assert client.get("/en/feeds/series/no-such-series/atom/").status_code == 404
    draft_author = library.draft.authorships.get().contributor
    assert client.get(f"/en/feeds/authors/{draft_author.slug}/rss/").status_code == 404


def test_pages_advertise_their_feeds(client, library):
    assert read(client.get("/en/")).feeds() == {
        "/en/feeds/atom/": "application/atom+xml",
        "/en/feeds/rss/": "application/rss+xml",
    }
    for path, feed in [
        ("/es/series/displacement/", "/es/feeds/series/displacement/atom/"),
        ("/es/topics/idps/", "/es/feeds/topics/idps/rss/"),
        ("/es/authors/maria-lopez/", "/es/feeds/authors/maria-lopez/atom/"),
        ("/es/articles/both/", "/es/feeds/series/displacement/atom/"),
    ]:
        page = read(client.get(path))
        assert feed in page.feeds(), path
        assert "/es/feeds/atom/" in page.feeds(), path


def test_hostile_titles_are_escaped_in_feeds(client, library, site):
    library.both.title_en = "<script>alert(1)</script> & more"
    library.both.save()
    response = client.get("/en/feeds/rss/")
    assert b"<script>" not in response.content
    entry = next(e for e in parse(client, "/en/feeds/rss/").entries if "both" in e.link)
    assert entry.title == "<script>alert(1)</script> & more"


@pytest.mark.subprocess  # renders the PDF, in a forked child
def test_an_enclosure_gives_the_length_of_the_stored_pdf(client, library, site):
    pdf = client.get("/en/articles/both/both.pdf")  # rendered on demand if not yet stored
    assert pdf.status_code == 200
    size = len(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content)
    feed = parse(client, "/en/feeds/atom/")
    entry = next(e for e in feed.entries if e.link == f"{SITE}/en/articles/both/")
    (enclosure,) = entry.enclosures
    assert int(enclosure.length) == size > 0
