"""Readers asking at once for a PDF nobody has rendered yet get one render between them."""

import threading
import time

import pytest
from django.db import connection

from articles.models import PdfRender
from articles.pdf.content import article_source, articles_for_pdf
from articles.pdf.storage import ensure_render
from tests.factories import make_article

READERS = 4


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_render_a_version_once(monkeypatch, renders, settings):
    settings.PDF_WAIT_SECONDS = 60  # a loaded machine must not turn waiting into a 503
    article = make_article()
    # Every reader computes the version first, as a view does, before anyone renders.
    sources = [article_source(articles_for_pdf().get(pk=article.pk), "en") for _ in range(READERS)]
    assert len({source.version for source in sources}) == 1

    import articles.pdf.storage as storage

    real_render = storage.render_source

    def slow_render(source, modified=None):
        # Runs in the render's child process: what it counts is counted by `renders`.
        time.sleep(0.5)  # long enough for every other reader to arrive and wait
        return real_render(source, modified)

    monkeypatch.setattr(storage, "render_source", slow_render)
    start = threading.Barrier(READERS)
    results, errors = [None] * READERS, []

    def reader(index):
        try:
            start.wait()
            results[index] = ensure_render(sources[index])
        except Exception as error:  # reported below, with the thread's traceback lost
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(renders) == 1
    assert PdfRender.objects.get().render_count == 1
    assert {row.pk for row in results} == {PdfRender.objects.get().pk}
    assert all(row.is_ready for row in results)
    assert len({row.file.name for row in results}) == 1
