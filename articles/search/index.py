"""Keeping the search index current: one SearchDocument per piece and written language.

Every save of a piece, a byline, a topic or the piece's list of topics re-indexes the
pieces it touches (signals below, connected in ArticlesConfig.ready). `rebuild()` indexes
everything at once, for the first migration, the benchmark and `manage.py rebuild_search`.
"""

import html
import re
import unicodedata
from collections.abc import Iterable
from contextlib import AbstractContextManager

import nh3
from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Model, Prefetch, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from modeltranslation.utils import build_localized_fieldname

from articles.models import Article, ArticleEvent, Authorship, SearchDocument, Topic
from articles.workflow.events import step_taken
from colophon.lib.deferral import Deferral
from pagecache.generation import bump as bump_page_cache

# PostgreSQL's built-in stemming configurations; `colophon_<name>` is each one with unaccent
# added (created by the search migration). A language without one gets `simple`.
POSTGRES_CONFIGS = {
    "ar": "arabic", "ca": "catalan", "da": "danish", "de": "german", "el": "greek",
    "en": "english", "es": "spanish", "fi": "finnish", "fr": "french", "hu": "hungarian",
    "id": "indonesian", "it": "italian", "nl": "dutch", "no": "norwegian", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sv": "swedish", "tr": "turkish",
}  # fmt: skip

# A note (<span data-note>) is part of the text and is indexed with it (docs/notes.md); its
# edges are word breaks, as the note sits against the word that calls it.
_BLOCK_END = re.compile(
    r"</(?:p|h[1-6]|li|blockquote|div|dd|dt|figcaption|td|th)>|<br\s*/?>|</?span\b[^>]*>"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def postgres_config(language: str) -> str:
    return f"colophon_{POSTGRES_CONFIGS.get(language, 'simple')}"


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def fold(text: str) -> str:
    """Lower case without accents, so that "Migración" and "migracion" are the same word."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def plain_text(markup: str) -> str:
    """The words of sanitised HTML, one space between blocks, without control characters."""
    text = html.unescape(nh3.clean(_BLOCK_END.sub(" ", markup or ""), tags=set()))
    return " ".join(_CONTROL.sub(" ", text).split())


def _text(value: str | None) -> str:
    return " ".join(_CONTROL.sub(" ", value or "").split())


def _topic_name(topic: Topic, language: str) -> str:
    return getattr(topic, build_localized_fieldname("name", language)) or topic.name


def document_for(article: Article, language: str) -> SearchDocument:
    """The unsaved index row of one language version (authorships and topics prefetched)."""

    def field(name: str) -> str:
        return getattr(article, build_localized_fieldname(name, language)) or ""

    names = [authorship.name for authorship in article.authorships.all()]
    names += [_topic_name(topic, language) for topic in article.topics.all()]
    names.append(field("keywords").replace(",", " "))
    document = SearchDocument(
        article=article,
        language=language,
        heading=_text(f"{field('title')} {field('subtitle')}"),
        names=_text(" ".join(names)),
        summary=_text(field("summary")),
        body=plain_text(field("body")),
    )
    parts = (document.heading, document.names, document.summary, document.body)
    document.words = fold(" ".join(parts))
    return document


def _written_languages(article: Article) -> list[str]:
    codes = [code for code, _name in settings.LANGUAGES]
    return [code for code in codes if (article.localized("title", code) or "").strip()]


def _fill_vectors(documents: QuerySet) -> None:
    if not is_postgres():
        return
    for code in documents.values_list("language", flat=True).distinct():
        config = postgres_config(code)
        documents.filter(language=code).update(
            vector=SearchVector("heading", config=config, weight="A")
            + SearchVector("names", config=config, weight="B")
            + SearchVector("summary", config=config, weight="C")
            + SearchVector("body", config=config, weight="D")
        )


def _with_relations(articles: QuerySet) -> QuerySet:
    return articles.prefetch_related(
        Prefetch("authorships", queryset=Authorship.objects.order_by("position", "pk")),
        "topics",
    )


# Inside indexing_deferred(): the pieces to index when the block ends.
_deferred: Deferral[int] = Deferral("noted_search_pieces")


def indexing_deferred() -> AbstractContextManager[None]:
    """Inside, re-indexing only notes the pieces; they are indexed once when the block
    ends without an error (still inside any transaction around it).

    Writing one piece saves it, its bylines and its topics, each of which would re-index
    it: an import indexed every piece five or six times over.
    """
    return _deferred.held(index_articles)


def index_articles(pks: Iterable[int]) -> None:
    """Re-index the given pieces in every language they are written in."""
    pks = list(pks)
    if not pks:
        return
    if _deferred.note_all(pks):
        return
    articles = list(_with_relations(Article.objects.filter(pk__in=pks)))
    SearchDocument.objects.filter(article_id__in=pks).delete()
    documents = [
        document_for(article, code) for article in articles for code in _written_languages(article)
    ]
    SearchDocument.objects.bulk_create(documents)
    _fill_vectors(SearchDocument.objects.filter(article_id__in=pks))


def rebuild(chunk: int = 500) -> int:
    """Index every piece from scratch; returns the number of index rows written."""
    SearchDocument.objects.all().delete()
    written = 0
    pks = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), chunk):
        articles = _with_relations(Article.objects.filter(pk__in=pks[start : start + chunk]))
        documents = [
            document_for(article, code)
            for article in articles
            for code in _written_languages(article)
        ]
        written += len(SearchDocument.objects.bulk_create(documents))
    _fill_vectors(SearchDocument.objects.all())
    # Search result pages may change; the rows above were written without signals.
    bump_page_cache()
    return written


def index_if_empty(using: str = "default", **kwargs) -> None:
    """After `migrate`: index existing pieces the first time there is an index to fill."""
    if not SearchDocument.objects.using(using).exists() and Article.objects.using(using).exists():
        rebuild()


# Signals ---------------------------------------------------------------------------------


def _deleting_articles(origin: Model | QuerySet | None) -> bool:
    # A cascade from deleting the piece itself: there is nothing left to index.
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return model is Article


def _article_saved(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    if not raw:
        index_articles([instance.pk])


def _byline_saved(sender, instance: Authorship, raw: bool = False, **kwargs) -> None:
    if not raw:
        index_articles([instance.article_id])


def _byline_deleted(sender, instance: Authorship, origin=None, **kwargs) -> None:
    if not _deleting_articles(origin):
        index_articles([instance.article_id])


def _topics_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if action == "pre_clear" and reverse:
        instance._search_pks = list(instance.articles.values_list("pk", flat=True))
    elif action in {"post_add", "post_remove", "post_clear"}:
        if not reverse:
            index_articles([instance.pk])
        else:
            index_articles(pk_set if pk_set is not None else getattr(instance, "_search_pks", []))


def _topic_saved(sender, instance: Topic, raw: bool = False, **kwargs) -> None:
    if not raw:
        index_articles(instance.articles.values_list("pk", flat=True))


def _topic_deleting(sender, instance: Topic, **kwargs) -> None:
    # Carried to post_delete, when the topic's pieces can no longer be asked for.
    instance._search_pks = list(instance.articles.values_list("pk", flat=True))  # type: ignore[attr-defined]


def _topic_deleted(sender, instance: Topic, **kwargs) -> None:
    index_articles(getattr(instance, "_search_pks", []))


# Steps that change whether a piece can be found at all. Other steps change no indexed
# text, and searches filter by publication when they run.
_CHANGES_FINDABILITY = frozenset({"delete", "restore"})


def _step_taken(sender, event: ArticleEvent, **kwargs) -> None:
    if event.action in _CHANGES_FINDABILITY:
        index_articles([event.article_id])


def connect() -> None:
    """Keep the index current as pieces, bylines and topics change (called in ready())."""
    step_taken.connect(_step_taken, dispatch_uid="search_step_taken")
    post_save.connect(_article_saved, sender=Article, dispatch_uid="search_article_saved")
    post_save.connect(_byline_saved, sender=Authorship, dispatch_uid="search_byline_saved")
    post_delete.connect(_byline_deleted, sender=Authorship, dispatch_uid="search_byline_deleted")
    m2m_changed.connect(
        _topics_changed, sender=Article.topics.through, dispatch_uid="search_topics_changed"
    )
    post_save.connect(_topic_saved, sender=Topic, dispatch_uid="search_topic_saved")
    pre_delete.connect(_topic_deleting, sender=Topic, dispatch_uid="search_topic_deleting")
    post_delete.connect(_topic_deleted, sender=Topic, dispatch_uid="search_topic_deleted")
