"""Redirects from every address of the old site to the Colophon page that replaced it.

Old paths keep the old site's folder (a site at example.org/blog has /blog/?p=12), so
they work whatever its permalink structure was; redirects/paths.py spells them the way
requests are looked up.
"""

from collections.abc import Callable
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Topic
from articles.pdf.content import article_pdf_url
from colophon.lib.languages import language_codes
from pages.models import Page
from redirects.models import Redirect
from redirects.paths import normalise, path_of
from series.models import Series
from wordpress.importing.catalogue import Attachment, Catalogue
from wordpress.importing.grouping import site_language
from wordpress.importing.mapping import Mapping
from wordpress.importing.wxr import Site, Term

# Every feed address WordPress answers, relative to the site (or a category, or a tag).
FEEDS = ("feed/", "feed/rss2/", "feed/rss/", "feed/atom/", "feed/rdf/")
QUERY_FEEDS = ("rss2", "rss", "atom", "rdf")


def in_language[T](language: str, make: Callable[[], T]) -> T:
    with translation.override(language):
        return make()


def piece_url(article: Article, language: str) -> str:
    return in_language(language, article.get_absolute_url)


def page_url(page: Page, language: str) -> str:
    return in_language(language, page.get_absolute_url)


class Links:
    """Points old paths at new ones, counting and listing what it made."""

    def __init__(
        self, site: Site, count: Callable[[str, str], None], warn: Callable[[str], None]
    ) -> None:
        base = urlsplit(site.base_site_url or site.link)
        self.prefix = base.path.rstrip("/")
        # The language WordPress served without a prefix (Polylang puts /es/ before others).
        self.site_language = site_language(site.language) or settings.LANGUAGE_CODE
        self.count = count
        self.warn = warn
        self.made: list[tuple[str, str]] = []
        # Old paths already pointed: a draft's permalink is its ?p=ID, a category's feed
        # may be spelt twice; each is made (and counted) once.
        self.pointed: set[str] = set()

    def old_path(self, url: str) -> str:
        """The path (and query) of an old URL; "" for one that leads nowhere of its own."""
        old = path_of(url) if url else None
        return "" if old is None or old in {"/", normalise(self.prefix + "/")} else old

    def at(self, relative: str) -> str:
        """An old path relative to the site's root: "?p=12" → "/blog/?p=12"."""
        return f"{self.prefix}/{relative}"

    def point(self, old: str, new: str, note: str) -> None:
        if (
            not old
            or not new
            or normalise(old) == normalise(new)
            or normalise(old) in self.pointed
        ):
            return
        self.pointed.add(normalise(old))
        try:
            outcome = Redirect.objects.point(old, new, note)
        except ValidationError as exc:
            self.warn(f"no redirect from {old}: {' '.join(exc.messages)}")
            return
        self.count("redirects", outcome)
        if outcome != "unchanged":
            self.made.append((normalise(old), new))

    # Posts and pages -----------------------------------------------------------------------

    def post(
        self,
        *,
        kind: str,
        wordpress_id: int,
        link: str,
        guid: str,
        new: str,
        attachments: list[Attachment],
        pdfs: list[str],
        pdf_url: str,
    ) -> None:
        what = f"WordPress {kind} {wordpress_id}"
        self.point(self.old_path(link), new, f"{what}, permalink")
        self.point(self.at(f"?p={wordpress_id}"), new, f"{what}, ?p=")
        if kind == "page":
            self.point(self.at(f"?page_id={wordpress_id}"), new, f"{what}, ?page_id=")
        # A guid that is one of the addresses above is skipped by point(), already pointed.
        self.point(self.old_path(guid), new, f"{what}, guid")
        for attachment in attachments:
            note = f"WordPress attachment {attachment.id}, used by {kind} {wordpress_id}"
            self.point(self.old_path(attachment.link), new, note)
            self.point(self.at(f"?attachment_id={attachment.id}"), new, note)
        for pdf in pdfs:
            self.point(self.old_path(pdf), pdf_url, f"{what}, uploaded PDF")

    def piece(self, article: Article, language: str, **post) -> None:
        self.post(
            kind="post",
            new=piece_url(article, language),
            pdf_url=in_language(language, lambda: article_pdf_url(article, language)),
            **post,
        )

    # Archives and feeds ---------------------------------------------------------------------

    def archives(self, catalogue: Catalogue, mapping: Mapping) -> None:
        """Category and tag archives, their feeds, and the site's own feeds."""
        for (taxonomy, _slug), term in catalogue.terms.items():
            if taxonomy == "category":
                self._category(catalogue, mapping, term)
            elif taxonomy == "post_tag":
                self._tag(mapping, term)
        for language in self._languages():
            lang_prefix = "" if language == self.site_language else f"{language}/"
            if self.prefix:
                # A blog in a subfolder had its own home page there, the address most
                # often cited; at the site's root it is this site's home page already.
                home = in_language(language, lambda: reverse("articles:home"))
                self.point(self.at(lang_prefix), home, "WordPress home page")
            feed = in_language(language, lambda: reverse("feeds:pieces_rss"))
            atom = in_language(language, lambda: reverse("feeds:pieces_atom"))
            for path in FEEDS:
                target = atom if "atom" in path else feed
                self.point(self.at(lang_prefix + path), target, "WordPress feed")
                self.point(self.at(lang_prefix + "comments/" + path), feed, "WordPress feed")
        for name in QUERY_FEEDS:
            target = reverse("feeds:pieces_atom" if name == "atom" else "feeds:pieces_rss")
            self.point(self.at(f"?feed={name}"), target, "WordPress feed")

    def _languages(self) -> list[str]:
        codes = language_codes()
        return [self.site_language, *[c for c in codes if c != self.site_language]]

    def _category(self, catalogue: Catalogue, mapping: Mapping, term: Term) -> None:
        rule = mapping.categories.get(term.slug)
        if rule is None or rule.becomes not in {"series", "topic"}:
            return
        chain, parent, seen = [term.slug], term.parent, {term.slug}
        while parent and parent not in seen:
            seen.add(parent)
            chain.insert(0, parent)
            above = catalogue.terms.get(("category", parent))
            parent = above.parent if above else ""
        slug = rule.slug or term.slug
        series = Series.objects.filter(slug=slug).first() if rule.becomes == "series" else None
        topic = Topic.objects.filter(slug=slug).first() if rule.becomes == "topic" else None
        if series is None and topic is None:
            return
        feed_name = "feeds:series_rss" if series else "feeds:topic_rss"
        note = f"WordPress category {term.slug}"
        for language in self._languages():
            target = cast_url(language, series or topic)
            feed = in_language(language, lambda: reverse(feed_name, args=[slug]))
            lang_prefix = "" if language == self.site_language else f"{language}/"
            paths = [f"category/{'/'.join(chain)}/"]
            if len(chain) > 1:
                paths.append(f"category/{term.slug}/")
            for path in paths:
                self.point(self.at(lang_prefix + path), target, note)
                for feed_path in FEEDS:
                    self.point(self.at(lang_prefix + path + feed_path), feed, note + ", feed")
            if language == self.site_language:
                self.point(self.at(f"?category_name={term.slug}"), target, note)
                term_id = getattr(term, "id", 0)
                if term_id:
                    self.point(self.at(f"?cat={term_id}"), target, note)
                    self.point(self.at(f"?cat={term_id}&feed=rss2"), feed, note + ", feed")

    def _tag(self, mapping: Mapping, term: Term) -> None:
        note = f"WordPress tag {term.slug}"
        topic = Topic.objects.filter(slug=term.slug).first() if mapping.tags == "topics" else None
        for language in self._languages():
            if topic is not None:
                target = cast_url(language, topic)
            else:
                search = in_language(language, lambda: reverse("articles:search"))
                target = f"{search}?q={quote(term.name)}"
            lang_prefix = "" if language == self.site_language else f"{language}/"
            self.point(self.at(f"{lang_prefix}tag/{term.slug}/"), target, note)
            if language == self.site_language:
                self.point(self.at(f"?tag={term.slug}"), target, note)


def cast_url(language: str, obj: Series | Topic | None) -> str:
    return in_language(language, obj.get_absolute_url) if obj is not None else ""
