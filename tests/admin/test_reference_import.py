"""Editors import references on the article form: paste or upload, preview (nothing is
written), then add the ticked entries after the existing ones, in one transaction."""

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Reference
from tests.factories import make_article, make_series, make_volume
from tests.personas import client_for, editor, series, series_editor  # noqa: F401

pytestmark = pytest.mark.django_db

BIBTEX = """@book{varga, author = {Varga, Anna}, title = {Violence and Flight}, year = 2018,
  publisher = {Routledge}, abstract = {Long}}
@misc{idmc, author = {{IDMC}}, title = {Global Report}, url = {https://www.internal-displacement.org/}}
@book{dup, title = {Piece reference 0}}
"""


def _url(article):
    return reverse("admin:articles_article_reference_import", args=[article.pk])


def test_the_change_form_links_to_the_import_under_the_bibliography(superuser_client):
    article = make_article()
    page = superuser_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    html = page.content.decode()
    assert _url(article) in html
    assert html.index('id="references-group"') < html.index(_url(article))


def test_a_preview_shows_each_entry_and_writes_nothing(superuser_client):
    article = make_article(references=0)
    Reference.objects.create(article=article, csl={"type": "book", "title": "Piece reference 0"})
    response = superuser_client.post(_url(article), {"text": BIBTEX, "preview": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Violence and Flight" in html
    assert "Unknown type @misc mapped to webpage." in html
    assert "Left out: abstract" in html
    assert "Possible duplicate of" in html
    assert html.count('name="pick"') == 3
    assert html.count("checked") == 2  # the duplicate is not ticked
    assert article.references.count() == 1


def test_confirming_adds_the_ticked_entries_after_the_existing_ones(superuser_client):
    article = make_article(references=2)
    response = superuser_client.post(
        _url(article), {"text": BIBTEX, "confirm": "1", "pick": ["0", "1"]}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse(
        "admin:articles_article_change", args=[article.pk]
    )
    assert "Added 2 references." in response.content.decode()
    added = list(article.references.order_by("position"))[2:]
    assert [r.csl["title"] for r in added] == ["Violence and Flight", "Global Report"]
    assert [r.position for r in added] == [2, 3]


def test_an_uploaded_ris_file_is_previewed(superuser_client):
    article = make_article()
    upload = SimpleUploadedFile("refs.ris", b"TY  - BOOK\nTI  - Uploaded\nPY  - 2020\nER  - \n")
    response = superuser_client.post(_url(article), {"file": upload, "preview": "1"})
    assert "Uploaded" in response.content.decode()


def test_unreadable_input_is_refused_with_a_message(superuser_client):
    article = make_article()
    response = superuser_client.post(_url(article), {"text": "just words", "preview": "1"})
    assert response.status_code == 400
    assert "does not look like BibTeX" in response.content.decode()
    upload = SimpleUploadedFile("refs.bib", "@book{a, title={Ñ}}".encode("latin-1"))
    response = superuser_client.post(_url(article), {"file": upload, "preview": "1"})
    assert "not UTF-8" in response.content.decode()


def test_a_failure_while_adding_leaves_nothing_behind(superuser_client):
    article = make_article(references=0)
    real_save = Reference.save
    calls = []

    def fail_second(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_save(self, *args, **kwargs)

    superuser_client.raise_request_exception = False
    with mock.patch.object(Reference, "save", fail_second):
        response = superuser_client.post(
            _url(article), {"text": BIBTEX, "confirm": "1", "pick": ["0", "1"]}
        )
    assert response.status_code == 500
    assert article.references.count() == 0


def test_a_series_editor_cannot_import_into_another_series(series_editor):  # noqa: F811
    other = make_article(volume=make_volume(make_series()))
    response = client_for(series_editor).post(_url(other), {"text": BIBTEX, "confirm": "1"})
    assert response.status_code == 404
    assert other.references.count() == 2


def test_a_series_editor_imports_into_their_own_series(series_editor, series):  # noqa: F811
    article = make_article(volume=make_volume(series), references=0)
    client = client_for(series_editor)
    response = client.post(_url(article), {"text": BIBTEX, "confirm": "1", "pick": ["0"]})
    assert response.status_code == 302
    assert article.references.count() == 1
