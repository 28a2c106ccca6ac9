"""Authors import references into their own draft from the Bibliography step: preview
first (nothing written), then the ticked entries are added; nobody else may."""

import pytest
from django.urls import reverse

from articles.bibliography.doi_lookup import Lookup
from tests.personas import (  # noqa: F401  (fixtures)
    client_for,
    contributor,
    make_submission,
    other_contributor,
    series,
)

pytestmark = pytest.mark.django_db

RIS = """TY  - BOOK
AU  - Varga, Anna
TI  - Violence and Flight
PB  - Routledge
PY  - 2018
KW  - displacement
ER  -
TY  - ELEC
AU  - IDMC
TI  - Global Report
UR  - https://www.internal-displacement.org/
ER  -
"""


def _url(article, language="en"):
    return reverse("submissions:reference_import", args=[article.pk]).replace(
        "/en/", f"/{language}/", 1
    )


def test_the_bibliography_step_links_to_the_import(contributor, series):  # noqa: F811
    article = make_submission(contributor, series)
    page = client_for(contributor).get(
        reverse("submissions:step", args=[article.pk, "references"])
    )
    assert _url(article) in page.content.decode()


def test_the_author_previews_then_adds_the_ticked_entries(contributor, series):  # noqa: F811
    article = make_submission(contributor, series)
    client = client_for(contributor)
    preview = client.post(_url(article), {"text": RIS, "preview": "1"})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Violence and Flight" in html and "Global Report" in html
    assert "Left out: keywords" in html
    assert article.references.count() == 0
    done = client.post(_url(article), {"text": RIS, "confirm": "1", "pick": ["1"]}, follow=True)
    assert done.redirect_chain[-1][0].endswith(f"/submissions/{article.pk}/edit/references/")
    assert "Added 1 reference." in done.content.decode()
    (reference,) = article.references.all()
    assert reference.csl["title"] == "Global Report"
    assert reference.csl["type"] == "webpage"


def test_another_contributor_gets_not_found(contributor, other_contributor, series):  # noqa: F811
    article = make_submission(contributor, series)
    response = client_for(other_contributor).post(
        _url(article), {"text": RIS, "confirm": "1", "pick": ["0"]}
    )
    assert response.status_code == 404
    assert article.references.count() == 0


def test_a_submitted_piece_cannot_be_changed_by_import(contributor, series):  # noqa: F811
    article = make_submission(contributor, series, status_path=["submit"])
    response = client_for(contributor).post(
        _url(article), {"text": RIS, "confirm": "1", "pick": ["0"]}
    )
    assert response.status_code == 302
    assert article.references.count() == 0


def test_visitors_must_sign_in(client, contributor, series):  # noqa: F811
    article = make_submission(contributor, series)
    response = client.get(_url(article))
    assert response.status_code == 302
    assert "login" in response["Location"] or "sign" in response["Location"]


def test_the_import_is_rate_limited_before_anything_is_looked_up(
    contributor,  # noqa: F811
    series,  # noqa: F811
    monkeypatch,
):
    # Each post of a list of DOIs may ask Crossref up to fifty times.
    monkeypatch.setattr("portal.reference_import.IMPORT_RATE_PER_HOUR", 2)
    looked_up = []

    def lookup(doi):
        looked_up.append(doi)
        return Lookup(None, "Crossref is not asked in tests.")

    monkeypatch.setattr("articles.bibliography.doi_lookup.lookup", lookup)
    article = make_submission(contributor, series)
    client = client_for(contributor)
    statuses = [
        client.post(_url(article), {"text": "10.1234/one\n10.1234/two"}).status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert len(looked_up) == 4
    assert article.references.count() == 0
