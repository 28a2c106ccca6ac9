"""Render-ahead tasks on a worker backend: safe to repeat, collections coalesced."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import PdfRender
from articles.pdf.content import article_source, articles_for_pdf
from articles.pdf.storage import ensure_render
from articles.pdf.tasks import (
    VOLUME,
    _token_key,
    enqueue_collection,
    render_article_pdfs,
    render_collection_pdfs,
)
from articles.renditions import FORMATS, rendition_name
from tests.factories import make_article

# Every test here renders PDFs, each in a forked child process.
pytestmark = [pytest.mark.django_db, pytest.mark.subprocess]

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _render_ahead(settings):
    # Every test here is about rendering ahead of readers, which the suite turns off.
    settings.PDF_RENDER_AHEAD = True


def test_a_task_delivered_twice_renders_each_version_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article()  # publishing renders ahead (the immediate backend)
    render_article_pdfs.call(article.pk)
    render_article_pdfs.call(article.pk)
    row = PdfRender.objects.get(kind="article", object_id=article.pk)
    assert row.render_count == 1
    source = article_source(articles_for_pdf().get(pk=article.pk), "en")
    assert ensure_render(source).pk == row.pk
    row.refresh_from_db()
    assert row.render_count == 1


def test_a_failed_render_retried_counts_twice():
    article = make_article(published=())
    source = article_source(articles_for_pdf().get(pk=article.pk), "en")
    row = PdfRender.objects.create(
        kind=source.kind, object_id=source.object_id, language="en", version=source.version
    )
    assert row.claim(timedelta(minutes=5), timedelta(0))
    PdfRender.objects.filter(pk=row.pk).update(
        status=PdfRender.Status.FAILED, claimed_at=timezone.now() - timedelta(seconds=1)
    )
    row.refresh_from_db()
    assert row.claim(timedelta(minutes=5), timedelta(0))
    row.refresh_from_db()
    assert row.render_count == 2


def test_a_superseded_collection_request_renders_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article()  # renders the piece, its volume and its series
    volume_rows = PdfRender.objects.filter(kind=VOLUME, object_id=article.volume_id)
    before = volume_rows.count()
    assert before == 1
    cache.set(_token_key(VOLUME, article.volume_id), "newer")
    assert render_collection_pdfs.call(VOLUME, article.volume_id, "older") == {"superseded": 1}
    volume_rows.update(version="an older version")  # so that a render would be needed
    assert render_collection_pdfs.call(VOLUME, article.volume_id, "older") == {"superseded": 1}
    assert volume_rows.count() == before
    assert render_collection_pdfs.call(VOLUME, article.volume_id, "newer")["ready"] == 1
    assert volume_rows.count() == before + 1


@override_settings(TASKS=DATABASE_TASKS, PDF_COLLECTION_DELAY=7)
def test_on_a_worker_backend_a_collection_waits_for_more_pieces():
    article = make_article(published=())
    before = timezone.now()
    enqueue_collection(VOLUME, article.volume_id)
    enqueue_collection(VOLUME, article.volume_id)
    tasks = DBTaskResult.objects.filter(task_path__endswith="render_collection_pdfs")
    assert tasks.count() == 2
    assert all(task.run_after >= before + timedelta(seconds=7) for task in tasks)
    # Whichever runs first, the older request does nothing and the newer one renders.
    results = [render_collection_pdfs.call(*task.args_kwargs["args"]) for task in tasks]
    assert results.count({"superseded": 1}) == 1


def test_publishing_makes_the_image_renditions_ahead_of_the_first_reader(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article()
    image = article.image
    for extension in FORMATS:
        name = rendition_name(image.file.name, image.file.size, image.width, extension)
        assert default_storage.exists(name)
