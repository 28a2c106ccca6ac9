"""A live server checked with real client libraries: an OAI-PMH harvest with Sickle across
several resumption pages, every feed with feedparser, every citation export by HTTP."""

import json
from urllib.request import urlopen

import bibtexparser
import feedparser
import pytest
import rispy
from sickle import Sickle

from articles.models import Article
from articles.workflow.steps import unpublish_language
from tests.factories import make_article, make_topic, make_volume

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shelf(settings, live_server):
    """Eight public pieces in two series, one withdrawn and one draft; pages of three."""
    settings.SITE_URL = live_server.url
    settings.OAI_PAGE_SIZE = 3
    topic = make_topic(slug="shared-topic")
    volumes = [make_volume(number=1), make_volume(number=1)]
    pieces = []
    for n in range(8):
        languages = ("en", "es") if n % 3 == 0 else (("en",) if n % 3 == 1 else ("es",))
        piece = make_article(volumes[n % 2], slug=f"piece-{n}", languages=languages, topics=0)
        piece.topics.add(topic)
        pieces.append(piece)
    withdrawn = make_article(volumes[0], slug="withdrawn", languages=("en",))
    unpublish_language(withdrawn, "en")
    make_article(volumes[0], slug="never-public", languages=("en",), published=())
    return pieces


def get(url: str) -> tuple[str, bytes]:
    with urlopen(url, timeout=10) as response:  # noqa: S310  (the live test server)
        return response.headers["Content-Type"], response.read()


def test_a_harvest_with_sickle_gets_every_published_piece_exactly_once(live_server, shelf):
    sickle = Sickle(f"{live_server.url}/oai/", max_retries=1, timeout=10)
    for prefix in ("oai_dc", "mods"):
        records = list(sickle.ListRecords(metadataPrefix=prefix, ignore_deleted=True))
        harvested = [record.header.identifier for record in records]
        public = Article.objects.published_anywhere().values_list("slug", flat=True)
        expected = [f"oai:127.0.0.1:{slug}" for slug in public]
        assert len(harvested) == len(set(harvested)) == 8  # three resumption pages
        assert sorted(harvested) == sorted(expected)
    titles = {
        record.header.identifier: record.metadata["title"]
        for record in sickle.ListRecords(metadataPrefix="oai_dc", set="topic:shared-topic")
    }
    piece = Article.objects.get(slug="piece-0")
    assert titles["oai:127.0.0.1:piece-0"] == [piece.title_en, piece.title_es]


def test_a_harvest_includes_the_withdrawn_piece_as_deleted(live_server, shelf):
    sickle = Sickle(f"{live_server.url}/oai/", max_retries=1, timeout=10)
    headers = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", ignore_deleted=False))
    deleted = [h.identifier for h in headers if h.deleted]
    assert deleted == ["oai:127.0.0.1:withdrawn"]
    assert len(headers) == 9
    assert sickle.Identify().deletedRecord == "persistent"


def test_every_feed_parses_with_feedparser(live_server, shelf):
    topic, series = "shared-topic", shelf[0].volume.series.slug
    author = shelf[0].authorships.first().contributor.slug
    for language in ("en", "es"):
        for prefix in ("", f"series/{series}/", f"topics/{topic}/", f"authors/{author}/"):
            for kind in ("atom", "rss"):
                feed = feedparser.parse(f"{live_server.url}/{language}/feeds/{prefix}{kind}/")
                assert not feed.bozo, (language, prefix, kind, feed.get("bozo_exception"))
                assert feed.entries or prefix.startswith("authors/"), (language, prefix)
                for entry in feed.entries:
                    assert entry.link.startswith(f"{live_server.url}/{language}/articles/")
                    assert entry.enclosures[0].href.endswith(".pdf")


def test_citation_exports_download_and_parse(live_server, shelf):
    base = f"{live_server.url}/es/articles/piece-0"
    content_type, body = get(f"{base}/cite.bib")
    assert content_type == "application/x-bibtex; charset=utf-8"
    (entry,) = bibtexparser.parse_string(body.decode()).entries
    assert entry.key == "piece-0"
    content_type, body = get(f"{base}/cite.ris")
    assert content_type == "application/x-research-info-systems; charset=utf-8"
    (record,) = rispy.loads(body.decode())
    assert record["title"].startswith(Article.objects.get(slug="piece-0").title_es)
    content_type, body = get(f"{base}/cite.json")
    assert content_type == "application/vnd.citationstyles.csl+json; charset=utf-8"
    assert json.loads(body)[0]["URL"] == f"{base}/"
