"""Search at /<lang>/search/?q=: published pieces in the reader's language, ranked, with
highlighted snippets, filters and pagination; full-text on PostgreSQL, a fallback on SQLite."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.models import Q

from articles.models import Article, SearchDocument
from articles.search.index import rebuild
from tests.factories import make_article, make_contributor, make_series, make_topic, make_volume
from tests.site.html import read

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.postgres(
    reason="stemming, unaccent and the GIN index are PostgreSQL features; CI runs on both",
)


def found(client, language: str = "en", **params) -> list[str]:
    response = client.get(f"/{language}/search/", params)
    assert response.status_code == 200
    page = read(response)
    return [
        a["href"].split("/")[-2]
        for a in page.find_all("a")
        if "/articles/" in a.get("href", "") and a.get("href", "").count("/") == 4
    ]


@pytest.fixture
def shelf():
    series = make_series(slug="papers", title_en="Papers", title_es="Documentos")
    volume = make_volume(series, number=1)
    climate = make_topic(slug="climate", name_en="Climate mobility", name_es="Movilidad climática")
    migration = make_article(
        volume,
        slug="migration",
        languages=("en", "es"),
        title_en="Migration after the storm",
        title_es="Migración después de la tormenta",
        summary_en="How families moved after hurricanes.",
        summary_es="Cómo se desplazaron las familias tras los huracanes.",
        body_en="<p>Relocation plans left <em>coastal</em> villages behind.</p>",
        body_es="<p>Los planes de reubicación dejaron atrás aldeas costeras.</p>",
        keywords_en="hurricanes, planned relocation",
        keywords_es="huracanes, reubicación planificada",
    )
    migration.topics.add(climate)
    courts = make_article(
        volume,
        slug="courts",
        title_en="Courts and eviction",
        summary_en="Judges and the right to housing.",
        body_en="<p>Eviction cases rarely mention migration.</p>",
        keywords_en="housing",
    )
    Article.objects.filter(pk=courts.pk).update(published_at_en=datetime(2023, 6, 1, tzinfo=UTC))
    author = make_contributor(slug="wangari", given_name="Wangari", family_name="Otieno")
    courts.authorships.create(contributor=author, position=5)
    make_article(volume, slug="hidden-draft", title_en="Migration draft", published=())
    make_article(volume, slug="solo", languages=("es",), title_es="Migración sin inglés")
    return series


def test_it_finds_published_pieces_in_the_readers_language(client, shelf):
    assert set(found(client, q="migration")) == {"migration", "courts"}
    assert "hidden-draft" not in found(client, q="draft")
    assert set(found(client, "es", q="migración")) == {"migration", "solo"}
    assert "solo" not in found(client, q="migración")


def test_a_match_in_the_title_ranks_first(client, shelf):
    assert found(client, q="migration") == ["migration", "courts"]


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("storm", "migration"),  # title
        ("hurricanes", "migration"),  # summary
        ("coastal", "migration"),  # body, through its markup
        ("Otieno", "courts"),  # author
        ("housing", "courts"),  # keyword
        ("climate mobility", "migration"),  # topic
    ],
)
def test_it_searches_titles_summaries_bodies_authors_keywords_and_topics(
    client, shelf, query, slug
):
    assert found(client, q=query) == [slug]


def test_accents_do_not_matter(client, shelf):
    assert found(client, "es", q="reubicacion")[0] == "migration"
    assert set(found(client, "es", q="MIGRACIÓN")) == {"migration", "solo"}


def test_snippets_highlight_the_words_and_escape_the_text(client, shelf):
    Article.objects.filter(slug="courts").update(summary_en="<b>Eviction</b> & the courts.")
    SearchDocument.objects.all().delete()
    rebuild()
    html = client.get("/en/search/", {"q": "eviction"}).content.decode()
    snippet = html[html.index('class="search-result__snippet"') :].split("</p>", 1)[0]
    assert "<mark>Eviction</mark>" in snippet
    assert "<b>" not in snippet  # PostgreSQL drops the tag, SQLite escapes it
    assert "&amp; the courts" in snippet


def test_filters_narrow_by_series_topic_and_year(client, shelf):
    other = make_article(make_volume(make_series(slug="other")), slug="other-migration",
                         title_en="Migration elsewhere")  # fmt: skip
    assert "other-migration" in found(client, q="migration")
    assert "other-migration" not in found(client, q="migration", series="papers")
    assert found(client, q="migration", topic="climate") == ["migration"]
    assert found(client, q="migration", year="2023") == ["courts"]
    assert found(client, series="papers", year="2023") == ["courts"]  # filters alone browse
    assert other.slug in found(client, series="other")


def test_results_are_paginated_and_keep_the_query(client, shelf, settings):
    settings.PAGE_SIZE = 2
    volume = make_volume(shelf)
    for n in range(3):
        make_article(volume, slug=f"many-{n}", title_en=f"Migration {n}")
    page = read(client.get("/en/search/", {"q": "migration", "series": "papers"}))
    assert page.find_all("a", href="?q=migration&series=papers&page=2", rel="next")
    second = read(client.get("/en/search/", {"q": "migration", "series": "papers", "page": 3}))
    assert "Página" not in second.text
    assert client.get("/en/search/", {"q": "migration", "page": 9}).status_code == 404


def test_the_empty_page_offers_the_form_and_no_results(client, shelf):
    page = read(client.get("/es/search/"))
    assert page.count("h1") == 1
    assert page.find_all("input", name="q")
    assert page.find_all("meta", name="robots", content="noindex")
    assert not page.find_all("ol")


def test_nothing_found_says_so(client, shelf):
    page = read(client.get("/es/search/", {"q": "xylophone"}))
    assert "0 resultados" in page.text


def test_the_search_page_costs_a_constant_number_of_queries(
    client, shelf, django_assert_max_num_queries
):
    volume = make_volume(shelf)
    for n in range(5):
        make_article(volume, slug=f"more-{n}", title_en=f"Migration {n}", authors=3, topics=2)
    with django_assert_max_num_queries(9):
        client.get("/en/search/", {"q": "migration", "series": "papers", "topic": "climate"})


def test_the_index_follows_edits_bylines_and_topics(client, shelf):
    article = Article.objects.get(slug="courts")
    article.title_en = "Tribunals and eviction"
    article.save()
    assert found(client, q="tribunals") == ["courts"]
    article.authorships.filter(contributor__slug="wangari").delete()
    assert found(client, q="Otieno") == []
    topic = make_topic(slug="housing-rights", name_en="Zoning")
    article.topics.add(topic)
    assert found(client, q="zoning") == ["courts"]
    topic.name_en = "Tenancy"
    topic.save()
    assert found(client, q="tenancy") == ["courts"]
    topic.delete()
    assert found(client, q="tenancy") == []
    article.delete()
    assert not SearchDocument.objects.filter(article_id=article.pk).exists()


def test_rebuilding_indexes_every_written_language(shelf):
    SearchDocument.objects.all().delete()
    written = rebuild()
    assert written == SearchDocument.objects.count() == 5  # both languages of one, 3 in one
    assert not SearchDocument.objects.filter(Q(language="es"), article__slug="courts").exists()


@postgres_only
def test_postgres_stems_words_in_each_language(client, shelf):
    assert found(client, q="relocating") == ["migration"]  # relocation
    assert found(client, "es", q="familia")[0] == "migration"  # familias


@postgres_only
def test_postgres_keeps_a_gin_indexed_vector(shelf):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'articles_searchdocument'"
        )
        definitions = " ".join(row[0] for row in cursor.fetchall())
    assert "USING gin (vector)" in definitions
    assert not SearchDocument.objects.filter(vector__isnull=True).exists()


@postgres_only
def test_postgres_understands_phrases_and_exclusions(client, shelf):
    assert found(client, q='"planned relocation"') == ["migration"]
    assert found(client, q="migration -eviction") == ["migration"]


def test_a_spanish_results_page_has_one_h1_and_no_english_labels(client, library):
    from tests.site.test_translations import messages, untranslated

    response = client.get("/es/search/", {"q": "pieza", "series": "displacement"})
    page = read(response)
    assert page.count("h1") == 1
    assert page.find_all("mark")
    assert untranslated(page.text_in("es"), messages()) == set()
