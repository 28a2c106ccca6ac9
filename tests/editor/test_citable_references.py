"""The references a piece's text may cite, as the editor's picker reads them: in the admin
for those who may change the piece, in the portal for its author while it is editable."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article, Reference
from tests.factories import make_article
from tests.personas import client_for, make_submission

pytestmark = pytest.mark.django_db

VARGA = {
    "type": "book",
    "title": "Fleeing <script>alert(1)</script> the cities",
    "author": [{"family": "Varga", "given": "Ana"}],
    "publisher": "Press & Co",
    "issued": {"date-parts": [[2019]]},
}
IDMC = {
    "type": "report",
    "title": "Global report",
    "author": [{"literal": "IDMC"}],
    "issued": {"date-parts": [[2022]]},
}


def cite_list(piece: Article, *references: dict | str) -> Article:
    for position, entry in enumerate(references):
        fields = {"text": entry} if isinstance(entry, str) else {"csl": entry}
        Reference.objects.create(article=piece, position=position, key=f"r{position}", **fields)
    return piece


def admin_url(piece: Article) -> str:
    return reverse("admin:articles_article_citable_references", args=[piece.pk])


def portal_url(piece: Article, language: str = "en") -> str:
    return f"/{language}/submissions/{piece.pk}/citable-references/"


def test_an_editor_gets_each_reference_with_its_key_label_text_and_printed_entry(editor):
    piece = cite_list(make_article(references=0), VARGA, IDMC, "Smith, J. Old notes (1999).")
    response = client_for(editor).get(admin_url(piece))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    references = response.json()["references"]
    assert [(r["key"], r["label"]) for r in references] == [
        ("r0", "Varga 2019"),
        ("r1", "IDMC 2022"),
        ("r2", "Smith 1999"),
    ]
    assert set(references[0]) == {"key", "label", "text", "html"}
    assert references[0]["text"].startswith("Varga A, Fleeing")
    assert references[2]["text"] == "Smith, J. Old notes (1999)."


def test_markup_in_an_entry_is_escaped_in_the_html_and_plain_in_the_text(editor):
    piece = cite_list(make_article(references=0), VARGA)
    (reference,) = client_for(editor).get(admin_url(piece)).json()["references"]
    assert "<script>" not in reference["html"]
    assert "&lt;script&gt;" in reference["html"]
    assert "Press &amp; Co" in reference["html"]
    assert "Fleeing <script>alert(1)</script> the" in reference["text"]
    assert "Press & Co" in reference["text"]


def test_a_piece_without_references_lists_none(editor):
    piece = make_article(references=0)
    assert client_for(editor).get(admin_url(piece)).json() == {"references": []}


def test_a_series_editor_gets_their_series_and_not_another(
    series_editor, contributor, series, other_series
):
    mine = cite_list(make_submission(contributor, series, status_path=["submit"]), IDMC)
    far = cite_list(
        make_submission(contributor, other_series, status_path=["submit"], slug="far"), IDMC
    )
    client = client_for(series_editor)
    assert client.get(admin_url(mine)).status_code == 200
    assert client.get(admin_url(far)).status_code == 404


def test_contributors_and_readers_never_reach_the_admin_list(contributor, other_contributor):
    piece = cite_list(make_submission(contributor, status_path=["submit"]), IDMC)
    for client in (client_for(contributor), client_for(other_contributor), Client()):
        response = client.get(admin_url(piece))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_the_author_gets_the_list_of_their_draft_in_the_portal(contributor):
    piece = cite_list(make_submission(contributor), VARGA, IDMC)
    response = client_for(contributor).get(portal_url(piece))
    assert response.status_code == 200
    assert [r["label"] for r in response.json()["references"]] == ["Varga 2019", "IDMC 2022"]
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_another_contributor_gets_404_and_a_reader_is_sent_to_sign_in(
    contributor, other_contributor
):
    piece = cite_list(make_submission(contributor), IDMC)
    assert client_for(other_contributor).get(portal_url(piece)).status_code == 404
    response = Client().get(portal_url(piece))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_author_is_refused_once_the_piece_is_with_the_editors(contributor):
    piece = cite_list(make_submission(contributor, status_path=["submit"]), IDMC)
    assert client_for(contributor).get(portal_url(piece)).status_code == 403


def test_the_change_form_points_each_body_editor_at_the_list(editor):
    piece = make_article(references=0)
    html = client_for(editor).get(reverse("admin:articles_article_change", args=[piece.pk]))
    assert html.content.decode().count(f'data-citations-url="{admin_url(piece)}"') == 2
    assert "Add entries to the bibliography below and save" in html.content.decode()


def test_a_new_piece_and_a_page_have_no_citations(editor):
    client = client_for(editor)
    for url in (reverse("admin:articles_article_add"), reverse("admin:pages_page_add")):
        assert "data-citations-url" not in client.get(url).content.decode()


def test_the_text_step_of_a_draft_points_its_editor_at_the_portal_list(contributor):
    piece = make_submission(contributor)
    page = client_for(contributor).get(f"/en/submissions/{piece.pk}/edit/text/")
    content = page.content.decode()
    assert f'data-citations-url="{portal_url(piece)}"' in content
    assert "data-citations-hint=" in content
