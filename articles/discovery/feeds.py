"""Atom and RSS feeds of published pieces, in the reader's language, through Django's
syndication framework: all pieces, and the pieces of one series, topic or author.

Each entry carries the summary, every author, the topics as categories, published and
updated dates, the PDF as an enclosure and the DOI when there is one. The enclosure's
length is the stored PDF's size, or 0 ("unknown", as the RSS Best Practices Profile
allows) while its first render is still on its way.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from articles.discovery.metadata import article_pdf_url, article_url
from articles.doi import doi_url
from articles.models import Article, ArticleQuerySet, PdfRender, Topic
from colophon.lib.urls import absolute_url
from contributors.models import Contributor
from series.models import Series

FEED_SIZE = 30
DC = "http://purl.org/dc/elements/1.1/"


class ScholarlyRss(Rss201rev2Feed):
    """RSS 2.0 with one dc:creator per author and the DOI as dc:identifier."""

    def rss_attributes(self) -> dict:
        return {**super().rss_attributes(), "xmlns:dc": DC}

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        for name in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        if item["doi"]:
            handler.addQuickElement("dc:identifier", f"doi:{item['doi']}")


class ScholarlyAtom(Atom1Feed):
    """Atom with one <author> per author and the DOI as a related link and dc:identifier."""

    def root_attributes(self) -> dict:
        return {**super().root_attributes(), "xmlns:dc": DC}

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        for name in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        if item["doi"]:
            handler.addQuickElement("link", "", {"rel": "related", "href": doi_url(item["doi"])})
            handler.addQuickElement("dc:identifier", f"doi:{item['doi']}")


class PiecesFeed(Feed):
    """Every published piece, newest first (RSS); `PiecesAtomFeed` is the same in Atom."""

    feed_type = ScholarlyRss
    # Atom needs an author for entries that have none: the publisher.
    author_name = settings.PUBLISHER_NAME

    def get_feed(self, obj, request: HttpRequest):
        feed = super().get_feed(obj, request)
        # Absolute links name the public site, whatever host the request came through.
        feed.feed["feed_url"] = absolute_url(request.path)
        return feed

    def title(self, obj) -> str:
        return _("%(site)s: latest pieces") % {"site": settings.PUBLISHER_NAME}

    def description(self, obj) -> str:
        return _("The latest pieces published in English and Spanish.")

    def subtitle(self, obj) -> str:
        return self.description(obj)

    def link(self, obj) -> str:
        return absolute_url(reverse("articles:list"))

    def pieces(self, obj) -> ArticleQuerySet:
        return Article.objects.published()

    def items(self, obj) -> list[Article]:
        items = list(self.pieces(obj).for_listing()[:FEED_SIZE])
        # One query for every enclosure's length: the newest stored render of each PDF.
        renders = (
            PdfRender.objects.filter(
                kind=PdfRender.Kind.ARTICLE,
                object_id__in=[item.pk for item in items],
                language=get_language(),
            )
            .ready()
            .order_by("object_id", "rendered_at", "pk")
            .values_list("object_id", "size")
        )
        sizes = dict(renders)  # later renders overwrite earlier ones
        # On the items, not on the feed: one Feed instance serves every request.
        for item in items:
            item.pdf_size = sizes.get(item.pk, 0)
        return items

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_link(self, item: Article) -> str:
        return article_url(item, get_language())

    def item_guid(self, item: Article) -> str:
        return article_url(item, get_language())

    def item_pubdate(self, item: Article):
        return item.published_on()

    def item_updateddate(self, item: Article):
        return item.updated_at

    def item_categories(self, item: Article) -> list[str]:
        return [topic.name for topic in item.topics.all()]

    def item_enclosures(self, item: Article) -> list[Enclosure]:
        size = getattr(item, "pdf_size", 0)
        return [Enclosure(article_pdf_url(item, get_language()), str(size), "application/pdf")]

    def item_extra_kwargs(self, item: Article) -> dict:
        return {"authors": [authorship.name for authorship in item.authors()], "doi": item.doi}


class SeriesFeed(PiecesFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Series:
        return get_object_or_404(Series, slug=slug)

    def title(self, obj: Series) -> str:
        return _("%(site)s: %(series)s") % {"site": settings.PUBLISHER_NAME, "series": obj.title}

    def description(self, obj: Series) -> str:
        return _("The latest pieces in the series %(series)s.") % {"series": obj.title}

    def link(self, obj: Series) -> str:
        return absolute_url(obj.get_absolute_url())

    def pieces(self, obj: Series) -> ArticleQuerySet:
        return Article.objects.published().filter(volume__series=obj)


class TopicFeed(PiecesFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Topic:
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj: Topic) -> str:
        return _("%(site)s: %(topic)s") % {"site": settings.PUBLISHER_NAME, "topic": obj.name}

    def description(self, obj: Topic) -> str:
        return _("The latest pieces on %(topic)s.") % {"topic": obj.name}

    def link(self, obj: Topic) -> str:
        return absolute_url(obj.get_absolute_url())

    def pieces(self, obj: Topic) -> ArticleQuerySet:
        return Article.objects.published().filter(topics=obj)


class AuthorFeed(PiecesFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Contributor:
        contributor = get_object_or_404(Contributor, slug=slug)
        # Like the author's page: nobody with only drafts has a public feed.
        if (
            not Article.objects.published_anywhere()
            .filter(authorships__contributor=contributor)
            .exists()
        ):
            raise Http404
        return contributor

    def title(self, obj: Contributor) -> str:
        return _("%(site)s: %(author)s") % {
            "site": settings.PUBLISHER_NAME,
            "author": obj.display_name,
        }

    def description(self, obj: Contributor) -> str:
        return _("The latest pieces by %(author)s.") % {"author": obj.display_name}

    def link(self, obj: Contributor) -> str:
        return absolute_url(obj.get_absolute_url())

    def pieces(self, obj: Contributor) -> ArticleQuerySet:
        return Article.objects.published().filter(authorships__contributor=obj).distinct()


def atom(feed: type[PiecesFeed]) -> type[PiecesFeed]:
    """The same feed in Atom 1.0."""
    return type(f"{feed.__name__}Atom", (feed,), {"feed_type": ScholarlyAtom})
