"""Readers see why a piece changed: a correction notice on the page, a 410 with the reason."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from articles.models import Article
from articles.workflow.steps import publish_correction, unpublish_language, unpublish_with_reason
from tests.factories import make_article
from tests.site.html import read

pytestmark = pytest.mark.django_db


def _url(article: Article, language: str) -> str:
    with translation.override(language):
        return reverse("articles:detail", args=[article.slug])


def test_a_corrected_piece_shows_its_notice_and_date_in_a_note_near_the_top(client, editor):
    article = make_article(languages=("en", "es"))
    publish_correction(
        article, editor, {"en": "The second table was wrong.", "es": "La segunda tabla."}
    )
    article.refresh_from_db()
    html = client.get(_url(article, "en")).content.decode()
    note = html.index('role="note"')
    assert note < html.index("article__body")
    assert "The second table was wrong." in html and "La segunda tabla." not in html
    assert f'datetime="{article.corrected_at:%Y-%m-%d}"' in html[note:]
    assert html.count("<h1") == 1


def test_the_spanish_page_shows_the_spanish_notice_in_spanish(client, editor):
    article = make_article(languages=("en", "es"))
    publish_correction(article, editor, {"en": "Fixed a date.", "es": "Se corrigió una fecha."})
    html = client.get(_url(article, "es")).content.decode()
    assert "Se corrigió una fecha." in html and "Fixed a date." not in html
    assert "Corrección" in html


def test_a_notice_in_one_language_only_is_not_shown_on_the_other_page(client, editor):
    article = make_article(languages=("en", "es"))
    publish_correction(article, editor, {"en": "English only.", "es": ""})
    assert 'role="note"' not in client.get(_url(article, "es")).content.decode()


def test_a_piece_without_a_correction_shows_no_note(client):
    article = make_article()
    assert 'role="note"' not in client.get(_url(article, "en")).content.decode()


def test_the_correction_notice_costs_no_extra_query(client, editor):
    plain, corrected = make_article(), make_article()
    publish_correction(corrected, editor, {"en": "A fix."})
    counts = []
    for article in (plain, corrected):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(article, "en")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_an_unpublished_piece_answers_410_with_its_title_and_reason(client, editor):
    article = make_article(languages=("en", "es"))
    unpublish_with_reason(
        article, editor, {"en": "Withdrawn at the author's request.", "es": "A pedido."}
    )
    response = client.get(_url(article, "en"))
    assert response.status_code == 410
    html = response.content.decode()
    assert article.title_en in html
    assert "Withdrawn at the author&#x27;s request." in html
    assert '<meta name="robots" content="noindex">' in html
    assert read(response).count("h1") == 1


def test_the_410_page_is_in_the_readers_language(client, editor):
    article = make_article(languages=("en", "es"))
    unpublish_with_reason(article, editor, {"en": "Retracted.", "es": "Retirado por error."})
    response = client.get(_url(article, "es"))
    assert response.status_code == 410
    html = response.content.decode()
    assert article.title_es in html and "Retirado por error." in html
    assert "Retracted." not in html
    assert "Esta pieza ya no está disponible" in html


def test_the_410_page_falls_back_to_the_pieces_own_language_marked_as_such(client, editor):
    article = make_article(languages=("en",))
    unpublish_with_reason(article, editor, {"en": "Retracted."})
    response = client.get(_url(article, "es"))
    assert response.status_code == 410
    html = response.content.decode()
    assert f'<cite lang="en">{article.title_en}</cite>' in html
    assert 'lang="en"><p>Retracted.</p>' in html


def test_a_piece_taken_back_without_a_reason_is_still_a_404(client):
    article = make_article()
    unpublish_language(article, "en")
    assert client.get(_url(article, "en")).status_code == 404
