"""Step 5 of the submission, the bibliography: the same structured form as the admin's."""

import pytest
from django.test import Client

from articles.models import Reference
from tests.bibliography.form_seed import EXPECTED, bibliography, posted
from tests.personas import client_for, make_submission
from tests.portal.test_steps import step_url

pytestmark = pytest.mark.django_db

PREVIEW = "/en/portal/reference-preview/"


def test_the_seed_bibliography_is_entered_through_the_step_alone(contributor, series):
    article = make_submission(contributor, series)
    client = client_for(contributor)
    response = client.post(step_url(article, "references"), bibliography() | {"save": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert [r.csl for r in article.references.order_by("position")] == EXPECTED
    page = client.get(step_url(article, "references")).content.decode()
    assert "Convention Relating to the Status of Refugees" in page
    # CSL-JSON is only named as a format the import page reads, never as a field to fill.
    assert "structured entry (CSL-JSON)" not in page
    assert 'name="references-0-csl"' not in page


def test_saving_the_step_again_keeps_each_entrys_key(contributor, series):
    article = make_submission(contributor, series)
    kept = Reference.objects.create(article=article, key="varga", text="Varga (2019).")
    client = client_for(contributor)
    data = {
        "references-TOTAL_FORMS": "2",
        "references-INITIAL_FORMS": "1",
        "references-0-id": str(kept.pk),
        "references-0-article": str(article.pk),
        "references-0-key": "varga",
        "references-0-type": "text",
        "references-0-text": "Varga, A. (2019). Corrected.",
        **posted("references-1", {"type": "book", "title": "New book"}),
        "save": "1",
    }
    response = client.post(step_url(article, "references"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    kept.refresh_from_db()
    assert (kept.key, kept.text) == ("varga", "Varga, A. (2019). Corrected.")
    new = article.references.exclude(pk=kept.pk).get()
    assert new.csl == {"type": "book", "title": "New book"}
    assert new.position == 1


def test_an_entry_the_text_cites_is_not_deleted(contributor, series):
    article = make_submission(contributor, series)
    article.body_en = '<p>See<cite data-ref="varga"></cite>.</p>'
    article.save()
    kept = Reference.objects.create(article=article, key="varga", text="Varga (2019).")
    data = {
        "references-TOTAL_FORMS": "1",
        "references-INITIAL_FORMS": "1",
        "references-0-id": str(kept.pk),
        "references-0-key": "varga",
        "references-0-type": "text",
        "references-0-text": "Varga (2019).",
        "references-0-DELETE": "on",
        "save": "1",
    }
    response = client_for(contributor).post(step_url(article, "references"), data)
    assert response.status_code == 400
    assert "is cited in the text; remove the citation first." in response.content.decode()
    assert article.references.count() == 1


def test_a_mistake_is_shown_on_its_field(contributor, series):
    article = make_submission(contributor, series)
    data = {
        "references-TOTAL_FORMS": "1",
        "references-INITIAL_FORMS": "0",
        **posted("references-0", {"type": "chapter", "title": "A chapter", "issued": "12"}),
        "save": "1",
    }
    response = client_for(contributor).post(step_url(article, "references"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "A chapter needs the book&#x27;s title." in page
    assert "Year must be four digits." in page
    assert article.references.count() == 0


def test_the_preview_formats_an_entry_in_the_proposed_series_style(contributor, series):
    article = make_submission(contributor, series)
    data = posted("r", {"type": "book", "title": "Forced Migration", "issued": "2018"})
    response = client_for(contributor).post(
        PREVIEW, data | {"prefix": "r", "article": str(article.pk)}
    )
    assert response.status_code == 200
    assert response.json()["errors"] == {}
    assert "<i>Forced Migration</i>" in response.json()["html"]
    bad = client_for(contributor).post(PREVIEW, {"prefix": "r", "r-doi": "x", "r-type": "book"})
    assert bad.json()["errors"]["doi"] == ["The DOI must look like 10.1234/abc."]


def test_the_preview_is_only_for_the_pieces_author(contributor, other_contributor, series):
    article = make_submission(contributor, series)
    assert (
        client_for(other_contributor).post(PREVIEW, {"article": str(article.pk)}).status_code
        == 404
    )
    assert client_for(contributor).post(PREVIEW, {"article": "x"}).status_code == 403
    assert client_for(contributor).get(PREVIEW).status_code == 405
    assert Client().post(PREVIEW, {}).status_code == 302  # to the login page


@pytest.mark.parametrize(
    "junk",
    [
        {"article": "9" * 30},
        {"prefix": "<script>", "type": "book"},
        {"prefix": "r", "r-type": "book", "r-title": "T", "r-issued": "0000-99"},
        {"prefix": "r", "r-title": "T", "r-accessed": "yesterday", "r-name-0-extra": "{"},
        {"prefix": "r", "r-type": "nonsense", "r-name-999-family": "x"},
    ],
)
def test_the_preview_answers_bad_input_without_a_server_error(contributor, junk):
    response = client_for(contributor).post(PREVIEW, junk)
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert response.json()["html"] == "" and response.json()["errors"]


def test_the_preview_is_rate_limited(contributor, series, monkeypatch):
    monkeypatch.setattr("portal.reference_preview.PREVIEW_RATE_PER_HOUR", 2)
    client = client_for(contributor)
    statuses = [client.post(PREVIEW, {"prefix": "r"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_the_step_speaks_spanish(contributor, series):
    article = make_submission(contributor, series, language="es")
    data = {
        "references-TOTAL_FORMS": "1",
        "references-INITIAL_FORMS": "0",
        **posted("references-0", {"type": "chapter", "title": "Un capítulo", "issued": "12"}),
        "save": "1",
    }
    response = client_for(contributor).post(step_url(article, "references", "es"), data)
    page = response.content.decode()
    assert "Autores, editores y traductores" in page
    assert "Un capítulo necesita el título del libro." in page
    assert "El año debe tener cuatro cifras." in page
    # The script's own words (row buttons) come from the JavaScript catalogue.
    assert "Quitar el nombre %s" in client_for(contributor).get("/es/jsi18n/").content.decode()


@pytest.mark.parametrize("posted_key", ["other", "", "Not A Key!"])
def test_a_saved_entry_keeps_the_key_its_citations_name_whatever_key_is_posted(
    contributor, series, posted_key
):
    article = make_submission(contributor, series)
    article.body_en = '<p>See<cite data-ref="varga"></cite>.</p>'
    article.save()
    kept = Reference.objects.create(article=article, key="varga", text="Varga (2019).")
    data = {
        "references-TOTAL_FORMS": "1",
        "references-INITIAL_FORMS": "1",
        "references-0-id": str(kept.pk),
        "references-0-key": posted_key,
        "references-0-type": "text",
        "references-0-text": "Varga (2019). Corrected.",
        "save": "1",
    }
    response = client_for(contributor).post(step_url(article, "references"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    kept.refresh_from_db()
    assert (kept.key, kept.text) == ("varga", "Varga (2019). Corrected.")
