"""Serving the stored PDFs: addresses, headers, conditional GETs, drafts, versions."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from articles.models import Article, PdfRender
from articles.pdf.content import article_source, articles_for_pdf
from articles.pdf.storage import RenderUnavailable, ensure_render, stored_render
from articles.workflow.steps import publish_language
from contributors.models import Contributor
from series.models import Series, Volume
from tests.factories import image_bytes, make_article
from tests.pdf.conftest import make_piece, pdf_text

pytestmark = pytest.mark.django_db


def pdf_url(article, language="en", name="article"):
    with override(language):
        return reverse(f"pdf:{name}", args=[article.slug, article.slug])


def version(article, language="en") -> str:
    return article_source(articles_for_pdf().get(pk=article.pk), language).version


def test_a_published_piece_is_served_beside_its_page(client, renders):
    article = make_article(slug="gaps")
    response = client.get("/en/articles/gaps/gaps.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="gaps-en.pdf"'
    assert response["ETag"] == f'"{version(article)}"'
    assert response["Last-Modified"].endswith("GMT")
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-")
    assert int(response["Content-Length"]) == len(body)
    assert len(renders) == 1


def test_the_spanish_address_serves_the_spanish_pdf(client):
    article = make_piece()
    response = client.get(pdf_url(article, "es"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'filename="{article.slug}-es.pdf"')
    assert response["Content-Language"] == "es"
    assert article.title_es in pdf_text(b"".join(response.streaming_content))


def test_a_second_download_does_not_render_again(client, renders):
    article = make_article()
    first = client.get(pdf_url(article))
    second = client.get(pdf_url(article))
    assert first["ETag"] == second["ETag"]
    assert b"".join(first.streaming_content) == b"".join(second.streaming_content)
    assert len(renders) == 1


def test_a_cached_download_costs_one_query(client, django_assert_num_queries):
    article = make_article()
    client.get(pdf_url(article))
    with django_assert_num_queries(1):  # is it public, and when did it last change?
        response = client.get(pdf_url(article))
    assert response.status_code == 200


def test_an_edit_beside_the_piece_reaches_readers_through_render_ahead(
    client, settings, django_capture_on_commit_callbacks
):
    article = make_piece()
    first = client.get(pdf_url(article))
    settings.PDF_RENDER_AHEAD = True
    with django_capture_on_commit_callbacks(execute=True):
        reference = article.references.get(csl__isnull=True)
        reference.text = "A corrected entry, 2022."
        reference.save()  # the piece itself is not saved: its updated_at stays
    again = client.get(pdf_url(article))
    assert again["ETag"] != first["ETag"]
    assert "A corrected entry, 2022." in pdf_text(b"".join(again.streaming_content))


def test_a_conditional_get_is_answered_with_304(client, renders):
    article = make_article()
    first = client.get(pdf_url(article))
    by_etag = client.get(pdf_url(article), headers={"if-none-match": first["ETag"]})
    by_date = client.get(pdf_url(article), headers={"if-modified-since": first["Last-Modified"]})
    assert by_etag.status_code == 304
    assert by_date.status_code == 304
    assert by_etag["ETag"] == first["ETag"]
    assert len(renders) == 1


def test_an_old_etag_gets_the_new_version_after_an_edit(client):
    article = make_article()
    first = client.get(pdf_url(article))
    article.title_en = "A corrected title"
    article.save()
    again = client.get(pdf_url(article), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "A corrected title" in pdf_text(b"".join(again.streaming_content))


def test_a_draft_is_not_served_to_readers(client):
    draft = make_article(published=())
    assert client.get(pdf_url(draft)).status_code == 404
    assert client.get(pdf_url(draft, name="article_preview")).status_code == 404
    assert not PdfRender.objects.exists()


def test_a_language_version_that_is_not_published_is_not_served(client):
    article = make_article(languages=("en", "es"), published=("en",))
    assert client.get(pdf_url(article, "en")).status_code == 200
    assert client.get(pdf_url(article, "es")).status_code == 404


def test_a_scheduled_version_is_not_served_before_its_time(client):
    article = make_article(published=())
    publish_language(article, "en", at=timezone.now() + timedelta(days=2))
    assert client.get(pdf_url(article)).status_code == 404


def test_a_misspelt_file_name_is_not_found(client):
    article = make_article(slug="right")
    assert client.get("/en/articles/right/wrong.pdf").status_code == 404
    assert client.get(pdf_url(article)).status_code == 200


def test_an_editor_can_preview_a_draft(superuser_client, renders):
    draft = make_article(published=())
    response = superuser_client.get(pdf_url(draft, name="article_preview"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(b"".join(response.streaming_content))
    assert draft.title_en in text
    assert "Draft preview: not published" in text


def test_a_staff_member_without_access_to_articles_cannot_preview(client, django_user_model):
    draft = make_article(published=())
    client.force_login(django_user_model.objects.create_user("intern", is_staff=True))
    assert client.get(pdf_url(draft, name="article_preview")).status_code == 404


def test_an_edit_makes_a_new_version_and_an_unchanged_save_does_not():
    article = make_piece()
    before = version(article)
    Article.objects.get(pk=article.pk).save()
    assert version(article) == before
    article = Article.objects.get(pk=article.pk)
    article.body_en += "<p>A new paragraph.</p>"
    article.save()
    assert version(article) != before
    assert version(article, "es") != before


def _replace_image_bytes(article):
    name = article.image.file.name
    default_storage.delete(name)
    default_storage.save(name, ContentFile(image_bytes(color=(1, 2, 3))))


EDITS = {
    # Queryset updates send no signal: the version is computed from the data itself.
    "reference": lambda a: a.references.filter(csl__isnull=True).update(text="Another entry."),
    "byline": lambda a: a.authorships.update(affiliation_en="Another institute"),
    "bio": lambda a: Contributor.objects.filter(authorships__article=a).update(bio_en="New."),
    "volume": lambda a: Volume.objects.filter(pk=a.volume_id).update(title_en="Renamed"),
    "series": lambda a: Series.objects.filter(volumes__articles=a).update(title_en="Renamed"),
    "image-file": _replace_image_bytes,
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_anything_printed_in_the_pdf_changes_the_version(edit):
    article = make_piece()
    before = version(article)
    edit(article)
    assert version(article) != before


def test_the_version_does_not_depend_on_the_moment_of_publication():
    article = make_article()
    before = version(article)
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now())
    assert version(article) == before


def test_publication_renders_ahead_of_the_first_reader(
    client, settings, renders, django_capture_on_commit_callbacks
):
    article = make_article(languages=("en", "es"), published=())
    settings.PDF_RENDER_AHEAD = True
    with django_capture_on_commit_callbacks(execute=True):
        publish_language(article, "en")
    source = article_source(articles_for_pdf().get(pk=article.pk), "en")
    assert stored_render(source) is not None
    rendered = len(renders)
    assert client.get(pdf_url(article)).status_code == 200
    assert len(renders) == rendered


def test_an_edit_of_a_published_piece_renders_ahead_and_an_unchanged_save_does_not(
    settings, renders, django_capture_on_commit_callbacks
):
    article = make_article()
    settings.PDF_RENDER_AHEAD = True
    with django_capture_on_commit_callbacks(execute=True):
        article.title_en = "Edited after publication"
        article.save()
        article.references.first().save()  # one transaction: scheduled once
    article_renders = [r for r, _s in renders if r.kind == "article"]
    assert len(article_renders) == 1
    assert stored_render(article_source(articles_for_pdf().get(pk=article.pk), "en"))
    renders.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.get(pk=article.pk).save()
    assert renders == []


def test_a_draft_is_not_rendered_ahead(settings, renders, django_capture_on_commit_callbacks):
    settings.PDF_RENDER_AHEAD = True
    with django_capture_on_commit_callbacks(execute=True):
        make_article(published=())
    assert renders == []


def test_the_volume_and_series_pdfs_are_served(client):
    article = make_piece()
    volume, series = article.volume, article.volume.series
    with override("en"):
        name = f"{series.slug}-{volume.number}"
        volume_url = reverse("pdf:volume", args=[series.slug, volume.number, name])
        series_url = reverse("pdf:series", args=[series.slug, series.slug])
    assert volume_url == f"/en/series/{series.slug}/{volume.number}/{name}.pdf"
    expected = {volume_url: f"{name}-en.pdf", series_url: f"{series.slug}-en.pdf"}
    for url, filename in expected.items():
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith(f'filename="{filename}"')
        assert article.title_en in pdf_text(b"".join(response.streaming_content))


def test_a_volume_without_published_pieces_has_no_pdf(client):
    draft = make_article(published=())
    series = draft.volume.series
    url = f"/en/series/{series.slug}/{draft.volume.number}/{series.slug}-{draft.volume.number}.pdf"
    assert client.get(url).status_code == 404


def test_a_failed_render_answers_503_and_is_not_retried_at_once(client, monkeypatch, renders):
    article = make_article()

    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint fell over")

    monkeypatch.setattr("articles.pdf.storage.render_source", broken)
    first = client.get(pdf_url(article))
    assert first.status_code == 503
    assert first["Retry-After"]
    monkeypatch.undo()
    assert client.get(pdf_url(article)).status_code == 503
    row = PdfRender.objects.get()
    assert row.status == PdfRender.Status.FAILED
    assert "fell over" in row.error
    assert renders == []


def test_a_render_over_its_time_limit_fails_cleanly(settings):
    settings.PDF_RENDER_TIME_LIMIT = 0
    article = make_article()
    with pytest.raises(RenderUnavailable, match="time"):
        ensure_render(article_source(articles_for_pdf().get(pk=article.pk), "en"))
