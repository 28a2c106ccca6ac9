"""Searching published pieces in the reader's language.

PostgreSQL: full-text search with the language's stemming configuration (with unaccent),
ranked by ts_rank over the weighted, GIN-indexed vector, with ts_headline snippets.
SQLite: every word of the query must appear in the unaccented text; pieces whose title
holds the words rank first, then the newest. Snippets are cut around the first match.
"""

import re
from collections.abc import Iterable
from html import escape

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import (
    Case,
    F,
    FilteredRelation,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.utils.safestring import SafeString, mark_safe
from modeltranslation.utils import build_localized_fieldname

from articles.search.index import fold, is_postgres, postgres_config

# Control characters never reach the index (the index strips them), so they can mark
# the matches in a snippet until it has been escaped.
_START, _STOP = "\x02", "\x03"
SNIPPET_WORDS = 35
_TERM = re.compile(r"\w+")
_WORD = re.compile(r"\w(?:[\w'\u2019-]*\w)?")


def terms(query: str) -> list[str]:
    return _TERM.findall(fold(query))


def search[Pieces: QuerySet](articles: Pieces, query: str, language: str) -> Pieces:
    """`articles` that match `query` in `language`, annotated with `search_rank`."""
    articles = articles.annotate(
        search_doc=FilteredRelation(
            "search_documents", condition=Q(search_documents__language=language)
        )
    )
    published = build_localized_fieldname("published_at", language)
    if is_postgres():
        tsquery = SearchQuery(query, search_type="websearch", config=postgres_config(language))
        text = Concat(
            F("search_doc__summary"), Value(" "), F("search_doc__body"), output_field=TextField()
        )
        return (
            articles.filter(search_doc__vector=tsquery)
            .annotate(
                search_rank=SearchRank(F("search_doc__vector"), tsquery),
                search_headline=SearchHeadline(
                    text,
                    tsquery,
                    config=postgres_config(language),
                    start_sel=_START,
                    stop_sel=_STOP,
                    max_words=SNIPPET_WORDS,
                    min_words=SNIPPET_WORDS // 2,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .order_by("-search_rank", f"-{published}", "-pk")
        )
    words = terms(query)
    if not words:
        return articles.none()
    for word in words:
        articles = articles.filter(search_doc__words__contains=word)
    in_title = [When(search_doc__heading__icontains=word, then=Value(1)) for word in words]
    rank = sum(
        (Case(when, default=Value(0), output_field=IntegerField()) for when in in_title),
        start=Value(0),
    )
    return articles.annotate(
        search_rank=rank,
        search_summary=F("search_doc__summary"),
        search_body=F("search_doc__body"),
    ).order_by("-search_rank", f"-{published}", "-pk")


def attach_snippets(articles: Iterable, query: str) -> None:
    """Give each found piece a `snippet`: escaped text with the matches in <mark>."""
    words = terms(query)
    for article in articles:
        if not words:  # browsing by filters alone
            article.snippet = None
            continue
        raw = getattr(article, "search_headline", None)
        if raw is None:
            raw = cut_snippet(f"{article.search_summary} {article.search_body}", words)
        article.snippet = marked(raw)


def marked(raw: str) -> SafeString:
    html = escape(raw, quote=False)
    # Our own markers around escaped text.
    return mark_safe(html.replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308


def cut_snippet(text: str, words: list[str], length: int = SNIPPET_WORDS) -> str:
    """About `length` words of `text` around the first match, matches between markers."""
    tokens = text.split()
    folded = [fold(token) for token in tokens]
    hits = [i for i, token in enumerate(folded) if any(word in token for word in words)]
    start = max(0, (hits[0] if hits else 0) - length // 3)
    matched = set(hits)
    shown = []
    for i in range(start, min(len(tokens), start + length)):
        token = tokens[i]
        if i in matched:
            # Mark the word, not the punctuation around it ("desalojos," marks "desalojos").
            token = _WORD.sub(lambda m: f"{_START}{m.group(0)}{_STOP}", token, count=1)
        shown.append(token)
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + length < len(tokens) else ""
    return prefix + " ".join(shown) + suffix
