"""The admin's bibliography as editors use it: fields, not JSON, with a live preview."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Reference
from tests.admin.formdata import form_errors, get_form_data
from tests.bibliography.form_seed import EXPECTED, bibliography, posted
from tests.factories import make_article, make_volume

pytestmark = pytest.mark.django_db

PREVIEW = "/admin/articles/article/reference-preview/"


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def without_references(data: dict) -> dict:
    return {k: v for k, v in data.items() if not k.startswith("references-")}


def test_the_seed_bibliography_is_entered_through_the_form_alone(superuser_client):
    article = make_article(references=0)
    data = without_references(get_form_data(superuser_client, change_url(article)))
    response = superuser_client.post(change_url(article), data | bibliography())
    assert response.status_code == 302, form_errors(response)
    stored = list(article.references.order_by("position"))
    assert [reference.csl for reference in stored] == EXPECTED
    assert [reference.position for reference in stored] == [0, 1, 2, 3, 4, 5]
    assert len({reference.key for reference in stored}) == 6


def test_the_change_form_has_no_json_to_type_and_shows_each_entry_as_printed(superuser_client):
    article = make_article(references=1)
    page = superuser_client.get(change_url(article)).content.decode()
    # CSL-JSON is only named as a format the import page reads, never as a field to fill.
    assert "structured entry (CSL-JSON)" not in page
    assert 'name="references-0-csl"' not in page
    assert 'name="references-0-title" value="Book 0"' in page
    assert 'name="references-0-name-0-family" value="Doe"' in page
    assert 'name="references-0-name-2-family"' in page  # two blank rows after the one name
    assert 'aria-live="polite"' in page
    assert "<i>Book 0</i>" in page  # the preview, rendered on load
    assert "js/references.js" in page and "css/references.css" in page


def test_an_edit_through_the_form_keeps_the_fields_it_does_not_show(superuser_client):
    article = make_article(references=0)
    csl = {
        "type": "report",
        "title": "Old title",
        "author": [{"literal": "IDMC"}],
        "collection-title": "GRID",
        "language": "en",
    }
    Reference.objects.create(article=article, key="grid", csl=csl)
    data = get_form_data(superuser_client, change_url(article))
    assert "Other fields kept:" in superuser_client.get(change_url(article)).content.decode()
    data["references-0-title"] = "New title"
    response = superuser_client.post(change_url(article), data)
    assert response.status_code == 302, form_errors(response)
    reference = article.references.get()
    assert reference.key == "grid"
    assert reference.csl == {**csl, "title": "New title"}


def test_a_mistake_is_named_on_its_field_and_nothing_is_saved(superuser_client):
    article = make_article(references=0)
    data = get_form_data(superuser_client, change_url(article))
    data |= posted("references-0", {"type": "article-journal", "title": "T", "issued": "99"})
    data["title_en"] = "A changed title"
    response = superuser_client.post(change_url(article), data)
    errors = form_errors(response)["references-0"]
    assert errors["container_title"] == ["A journal article needs the journal's title."]
    assert errors["issued"] == ["Year must be four digits."]
    article.refresh_from_db()
    assert article.title_en != "A changed title"
    assert article.references.count() == 0


def cited(article: Article) -> None:
    Reference.objects.create(article=article, key="varga", text="Varga (2019).")
    article.body_en = '<p>As shown<cite data-ref="varga"></cite>.</p>'
    article.save()


def test_a_reference_cited_in_the_text_cannot_be_deleted(superuser_client):
    article = make_article(references=0)
    cited(article)
    data = get_form_data(superuser_client, change_url(article))
    data["references-0-DELETE"] = "on"
    response = superuser_client.post(change_url(article), data)
    assert response.status_code == 200
    [message] = form_errors(response)["references"]
    assert message == ("Entry 1 (Varga (2019).) is cited in the text; remove the citation first.")
    assert article.references.count() == 1


def test_a_reference_may_go_with_the_citation_removed_in_the_same_save(superuser_client):
    article = make_article(references=0)
    cited(article)
    data = get_form_data(superuser_client, change_url(article))
    data["references-0-DELETE"] = "on"
    data["body_en"] = "<p>As shown.</p>"
    response = superuser_client.post(change_url(article), data)
    assert response.status_code == 302, form_errors(response)
    assert article.references.count() == 0


def test_the_preview_formats_the_posted_fields_in_the_pieces_style(superuser_client):
    article = make_article(references=0)
    data = posted("references-0", {"type": "book", "title": "Forced Migration", "issued": "2018"})
    response = superuser_client.post(
        PREVIEW, data | {"prefix": "references-0", "article": str(article.pk)}
    )
    assert response.status_code == 200
    assert response.json()["errors"] == {}
    assert "<i>Forced Migration</i>" in response.json()["html"]


def test_the_preview_names_what_is_wrong_and_never_fails_on_bad_input(superuser_client):
    response = superuser_client.post(
        PREVIEW, {"prefix": "x", "x-type": "book", "x-doi": "nope", "x-issued": "1"}
    )
    assert response.status_code == 200
    assert response.json()["errors"] == {
        "title": ["A structured entry needs a title."],
        "issued": ["Year must be four digits."],
        "doi": ["The DOI must look like 10.1234/abc."],
    }
    for junk in ({"prefix": "<script>"}, {"article": "abc"}, {"x-type": "nonsense"}):
        assert superuser_client.post(PREVIEW, junk).status_code in (200, 403)
    assert superuser_client.get(PREVIEW).status_code == 405


def test_the_preview_is_for_editors_who_may_handle_the_piece(client, series_editor, series):
    theirs = make_article(make_volume(series), references=0)
    elsewhere = make_article(references=0)
    client.force_login(series_editor)
    assert client.post(PREVIEW, {"article": str(theirs.pk)}).status_code == 200
    assert client.post(PREVIEW, {"article": str(elsewhere.pk)}).status_code == 403
    client.logout()
    assert client.post(PREVIEW, {}).status_code == 302  # to the admin's login


def test_the_change_form_costs_the_same_queries_with_more_entries(superuser_client, series):
    counts = []
    for entries in (1, 6):
        article = make_article(references=entries)
        article.volume = None  # a submission: its style comes from the proposed series
        article.series = series
        article.save()
        superuser_client.get(change_url(article))  # warm the formatting cache
        with CaptureQueriesContext(connection) as queries:
            assert superuser_client.get(change_url(article)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
