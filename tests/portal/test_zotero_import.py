"""A .docx with Zotero citations, uploaded in the text step, gives the submission its
citations and one reference per cited work, and says what it imported."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, Reference
from colophon.lib.canonical import cited_keys
from colophon.lib.sanitise import clean_html
from tests.personas import client_for
from tests.zotero_docx import Cite, Footnote, document, work

pytestmark = pytest.mark.django_db

VARGA = work("Varga", 2019, "Fleeing the Cartels", 1, DOI="10.1000/VARGA", abstract="Long.")
IDMC = work("IDMC", 2022, "Global Report on Internal Displacement", 2)
PIECE = document(
    [
        ["Families flee ", Cite([VARGA], "(Varga 2019)"), " at night."],
        ["Most return.", Footnote([Cite([{**VARGA, "locator": "4"}, IDMC], "Varga 4; IDMC.")])],
    ],
    bibliography=["Varga, A. (2019). Fleeing the Cartels.", "IDMC (2022). Global Report."],
)


def start_draft(client, series) -> Article:
    client.post(
        "/en/submit/", {"language": "en", "title": "A piece", "series": series.pk, "go": "text"}
    )
    return Article.objects.get()


def upload(client, article, data: bytes = PIECE):
    return client.post(
        f"/en/submissions/{article.pk}/edit/text/",
        {"body_format": "docx", "docx": SimpleUploadedFile("piece.docx", data), "go": "text"},
    )


def test_the_cited_works_become_references_that_the_stored_citations_name(contributor, series):
    client = client_for(contributor)
    article = start_draft(client, series)
    response = upload(client, article)
    assert response.status_code == 302
    article.refresh_from_db()
    references = list(article.references.all())
    assert [(r.key, r.csl["title"], r.position) for r in references] == [
        ("varga-2019", "Fleeing the Cartels", 0),
        ("idmc-2022", "Global Report on Internal Displacement", 1),
    ]
    assert cited_keys(article.body_en) == {"varga-2019", "idmc-2022"}
    assert clean_html(article.body_en) == article.body_en
    assert (
        '<span data-note=""><cite data-ref="varga-2019" data-label="page" data-locator="4">'
        in (article.body_en)
    )
    assert "Global Report." not in article.body_en


def test_the_contributor_is_told_what_was_imported_and_what_was_left_out(contributor, series):
    client = client_for(contributor)
    article = start_draft(client, series)
    response = upload(client, article)
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert "Imported 3 citations of 2 works from Zotero; check the References step." in shown
    assert "Fields Colophon does not keep were left out: abstract." in shown


def test_importing_the_same_document_twice_does_not_duplicate_references(contributor, series):
    client = client_for(contributor)
    article = start_draft(client, series)
    upload(client, article)
    upload(client, article)
    assert Reference.objects.filter(article=article).count() == 2


def test_a_work_the_piece_already_has_is_cited_under_that_entry_s_key(contributor, series):
    client = client_for(contributor)
    article = start_draft(client, series)
    Reference.objects.create(
        article=article,
        key="mine",
        csl={"type": "book", "title": "Another title", "DOI": "10.1000/varga"},
    )
    Reference.objects.create(
        article=article,
        key="varga-2019",
        csl={"type": "report", "title": "Global report on internal displacement",
             "issued": {"date-parts": [[2022]]}},
    )  # fmt: skip
    upload(client, article)
    article.refresh_from_db()
    assert cited_keys(article.body_en) == {"mine", "varga-2019"}
    assert article.references.count() == 2


def test_a_new_work_whose_key_is_taken_gets_another(contributor, series):
    client = client_for(contributor)
    article = start_draft(client, series)
    Reference.objects.create(article=article, key="varga-2019", text="Varga, an earlier entry.")
    upload(client, article)
    article.refresh_from_db()
    assert cited_keys(article.body_en) == {"varga-2019b", "idmc-2022"}
    assert article.references.get(key="varga-2019b").csl["title"] == "Fleeing the Cartels"


def test_nothing_is_written_when_the_save_fails(contributor, series, monkeypatch):
    client = client_for(contributor)
    article = start_draft(client, series)

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("portal.submissions.progress_after", fail)
    with pytest.raises(RuntimeError):
        upload(client, article)
    article.refresh_from_db()
    assert article.references.count() == 0
    assert "cite" not in article.body_en


def test_the_summary_is_translated(contributor, series):
    client = client_for(contributor)
    article = start_draft(client, series)
    response = client.post(
        f"/es/submissions/{article.pk}/edit/text/",
        {"body_format": "docx", "docx": SimpleUploadedFile("piece.docx", PIECE), "go": "text"},
    )
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert "Se importaron 3 citas de 2 obras desde Zotero; revise el paso Referencias." in shown


def test_a_document_whose_only_citation_is_damaged_says_so_and_imports_nothing(
    contributor, series
):
    client = client_for(contributor)
    article = start_draft(client, series)
    damaged = Cite([], "(Varga 2019)", code=" ADDIN ZOTERO_ITEM CSL_CITATION {broken")
    response = upload(client, article, document([["Families flee ", damaged, "."]]))
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert not any(message.startswith("Imported") for message in shown)
    assert any("“(Varga 2019)”" in message for message in shown)
    article.refresh_from_db()
    assert article.body_en == "<p>Families flee (Varga 2019).</p>"
    assert article.references.count() == 0
