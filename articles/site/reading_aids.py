"""What the article page offers around the text: reading time, contents, neighbours, sharing.

Each helper reads what the view already fetched, or costs one query (two for related
pieces) whatever the size of the series or of the piece, so the article page's query count
stays constant.
"""

import html
import math
import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from articles.models import Article, published_q
from colophon.lib.notes import without_notes
from series.models import Volume

WORDS_PER_MINUTE = 230
# A piece with this many sections gets a table of contents.
CONTENTS_FROM = 3
RELATED_COUNT = 3
# Related pieces are picked among this many best-ranked candidates (see related_pieces).
CANDIDATES = 30

# The body went through colophon.lib.sanitise.clean_html on save, so its tags are well formed
# and attribute values quoted; this only finds <h2> elements, it never trusts their text.
_H2 = re.compile(r"<h2\b([^>]*)>(.*?)</h2>", re.IGNORECASE | re.DOTALL)
_ID = re.compile(r"""\sid\s*=\s*"([^"]*)\"""", re.IGNORECASE)


@dataclass(frozen=True)
class Heading:
    id: str
    text: str


def reading_minutes(body: str) -> int:
    words = len(html.unescape(strip_tags(body or "")).split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def with_heading_ids(body: str) -> tuple[SafeString, list[Heading]]:
    """The (already sanitised) body with an id on every <h2>, and the list of its h2s.

    Only ids are added: an id made here is a slug prefixed "body-" like the sanitiser's,
    so it cannot clash with the page's own ids or carry markup.
    """
    headings: list[Heading] = []
    taken = set(_ID.findall(body or ""))

    def add_id(match: re.Match) -> str:
        attributes, inner = match.group(1), match.group(2)
        # A note called in a heading is not part of its name in the contents.
        text = " ".join(html.unescape(strip_tags(without_notes(inner))).split())
        existing = _ID.search(attributes)
        if existing:
            headings.append(Heading(existing.group(1), text))
            return match.group(0)
        base = f"body-{slugify(text)[:60] or 'section'}"
        anchor, n = base, 2
        while anchor in taken:
            anchor, n = f"{base}-{n}", n + 1
        taken.add(anchor)
        headings.append(Heading(anchor, text))
        return f'<h2 id="{anchor}"{attributes}>{inner}</h2>'

    # The input is the sanitised body (safe already); only an id attribute is inserted.
    return mark_safe(_H2.sub(add_id, body or "")), headings  # noqa: S308


def neighbour_volumes(article: Article) -> tuple:
    """The previous and next volumes of the piece's series that a reader can open (one query)."""
    volume = article.volume
    if volume is None:
        return None, None
    readable = Article.objects.filter(published_q(), volume=OuterRef("pk"))
    numbers = list(
        Volume.objects.filter(series_id=volume.series_id)
        .filter(Exists(readable))
        .order_by("number")
        .only("pk", "number", "title", "series_id")
    )
    previous = next_ = None
    for candidate in numbers:
        candidate.series = volume.series  # already loaded: no query for its URL
        if candidate.number < volume.number:
            previous = candidate
        elif candidate.number > volume.number and next_ is None:
            next_ = candidate
    return previous, next_


def related_pieces(article: Article) -> list[Article]:
    """Published pieces sharing the most topics with this one, newest first (two queries).

    Ranking every candidate on its whole row meant reading the whole articles table (60 ms
    at 10,000 pieces). The ranking runs on the topics table alone; the best candidates'
    rows are then read and the unpublished dropped. Only if too few of the candidates kept
    were published is the whole ranking run again on every piece (a third query).
    """
    topic_ids = [topic.pk for topic in article.topics.all()]  # prefetched by for_listing()
    if not topic_ids:
        return []
    Through = Article.topics.through
    ranked = (
        Through.objects.filter(topic_id__in=topic_ids)
        .exclude(article_id=article.pk)
        .values("article_id")
        .annotate(shared=Count("topic_id"))
        .order_by("-shared", "-article_id")
        .values_list("article_id", flat=True)[:CANDIDATES]
    )
    candidates = list(ranked)
    pieces = Article.objects.published().select_related("volume__series", "image")
    shared = Count("topics", filter=Q(topics__in=topic_ids))
    # With no candidate the ranking goes in again as a subquery, so that the query still
    # runs and the page's query count is the same for every piece.
    found = list(
        pieces.filter(pk__in=candidates or ranked)
        .annotate(shared=shared)
        .order_by("-shared", "-pk")[:RELATED_COUNT]
    )
    if len(found) < RELATED_COUNT and len(candidates) == CANDIDATES:
        found = list(
            pieces.filter(topics__in=topic_ids)
            .exclude(pk=article.pk)
            .annotate(shared=Count("topics"))
            .order_by("-shared", "-pk")[:RELATED_COUNT]
        )
    return found


def share_links(url: str, title: str) -> list[dict]:
    """Plain links to share a piece: no scripts, no buttons that call home, no trackers."""
    text = f"{title} {url}"
    return [
        {
            "name": _("E-mail"),
            "url": "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote),
        },
        # Share₂Fedi asks which Mastodon (or other fediverse) server the reader uses.
        {"name": "Mastodon", "url": "https://s2f.kytta.dev/?" + urlencode({"text": text})},
        {"name": "Bluesky", "url": "https://bsky.app/intent/compose?" + urlencode({"text": text})},
        {
            "name": "LinkedIn",
            "url": "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        },
    ]
