"""The pages test_query_counts.py does not cover cost as many queries at 3 pieces as at 30.

Search, the sitemap, feeds, OAI-PMH and the admin serve the whole collection, so they are
the pages that would grow with it; each is counted on a small and a ten times larger
collection (authors, references and topics scaled too) and the counts must be equal.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Authorship
from tests.factories import make_article, make_contributor, make_series, make_topic, make_volume

pytestmark = pytest.mark.django_db

ADMIN_PAGES = {"admin changelist", "admin change form"}


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # A cached page costs no query at all, which would prove nothing about the view.
    settings.PAGE_CACHE_ENABLED = False


def grow(pieces: int) -> dict[str, str]:
    """Add `pieces` published pieces (a third also in Spanish) and return the pages to count."""
    series = make_series()
    volume = make_volume(series, number=1)
    person = make_contributor()
    topics = [make_topic() for _ in range(max(1, pieces // 5))]
    first = None
    for n in range(pieces):
        article = make_article(
            volume,
            languages=("en", "es") if n % 3 == 0 else ("en",),
            authors=1 + n % 3,
            references=1 + n % 4,
            topics=0,
            image=n % 2 == 0,
            keywords_en="displacement, drought",
        )
        Authorship.objects.create(article=article, contributor=person, position=9)
        article.topics.add(*topics[: 1 + n % len(topics)])
        first = first or article
    return {
        "article en": f"/en/articles/{first.slug}/",
        "article es": f"/es/articles/{first.slug}/",
        "search": "/en/search/?q=displacement",
        "sitemap index": "/sitemap.xml",
        "sitemap articles": "/sitemap-articles.xml",
        "feed of every piece": "/en/feeds/rss/",
        "OAI ListRecords": "/oai/?verb=ListRecords&metadataPrefix=oai_dc",
        "admin changelist": "/admin/articles/article/",
        "admin change form": f"/admin/articles/article/{first.pk}/change/",
    }


def queries(client, url: str, warm: bool) -> int:
    if warm:
        client.get(url)  # the session, content types and per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_discovery_and_admin_pages_cost_the_same_at_3_and_at_30_pieces(client, superuser):
    def measure(pages: dict[str, str], warm: bool) -> dict[str, int]:
        counts = {}
        for name, url in pages.items():
            if name in ADMIN_PAGES:
                client.force_login(superuser)
            counts[name] = queries(client, url, warm)
            client.logout()
        return counts

    small = measure(grow(3), warm=True)
    large = measure(grow(27), warm=False)  # 30 pieces in all, in two series
    different = {name: (small[name], large[name]) for name in small if small[name] != large[name]}
    assert not different, f"queries at (3, 30) pieces: {different}"
