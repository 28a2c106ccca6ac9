"""Crossref deposits: posted_content valid against the 5.3.1 schema, from an admin action
and a command; the deposit client is off by default and never reaches the network here."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree

from articles.discovery import crossref
from articles.discovery.crossref import DepositError, deposit, deposit_xml, depositable_articles
from articles.models import Article
from tests.discovery.conftest import SITE, assert_valid
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db

CR = {"c": "http://www.crossref.org/schema/5.3.1", "jats": "http://www.ncbi.nlm.nih.gov/JATS1"}


@pytest.fixture
def pieces(library, site):
    library.both.doi = "10.5555/displacement.4.1"
    library.both.save()
    library.author.orcid = "0000-0002-1825-0097"
    library.author.save()
    library.spanish.doi = "10.5555/displacement.4.3"
    library.spanish.save()
    library.spanish.authorships.create(contributor=make_organisation(name="UNHCR"), position=9)
    library.spanish.references.create(
        csl={"type": "report", "title": "Trends", "DOI": "10.1234/x"}
    )
    return library


def test_a_batch_is_valid_against_the_crossref_schema(pieces):
    xml = deposit_xml(depositable_articles(Article.objects.exclude(doi="").order_by("pk")))
    tree = assert_valid("crossref/crossref5.3.1.xsd", xml)
    contents = tree.findall(".//c:posted_content", CR)
    assert [c.get("type") for c in contents] == ["report", "report"]
    assert [c.get("language") for c in contents] == ["en", "es"]


def test_a_deposit_carries_the_pieces_metadata(pieces):
    tree = etree.fromstring(deposit_xml(depositable_articles(Article.objects.filter(slug="both"))))
    content = tree.find(".//c:posted_content", CR)
    assert content.findtext("c:group_title", namespaces=CR) == pieces.series.title_en
    person = content.find("c:contributors/c:person_name", CR)
    assert person.get("sequence") == "first"
    assert person.findtext("c:given_name", namespaces=CR) == "María"
    assert person.findtext("c:surname", namespaces=CR) == "López"
    assert person.findtext("c:ORCID", namespaces=CR) == "https://orcid.org/0000-0002-1825-0097"
    assert content.findtext("c:titles/c:title", namespaces=CR) == pieces.both.title_en
    assert content.findtext("c:item_number", namespaces=CR) == "4"
    assert content.findtext("jats:abstract/jats:p", namespaces=CR) == pieces.both.summary_en
    assert content.findtext("c:doi_data/c:doi", namespaces=CR) == "10.5555/displacement.4.1"
    assert content.findtext("c:doi_data/c:resource", namespaces=CR) == f"{SITE}/en/articles/both/"
    assert len(content.findall("c:citation_list/c:citation", CR)) == 2


def test_organisations_and_reference_dois_are_deposited(pieces):
    tree = etree.fromstring(
        deposit_xml(depositable_articles(Article.objects.filter(slug="solo-espanol")))
    )
    assert tree.findtext(".//c:organization", namespaces=CR) == "UNHCR"
    assert tree.findtext(".//c:citation/c:doi", namespaces=CR) == "10.1234/x"


def test_pieces_without_a_doi_are_named_with_a_suggestion(pieces, settings):
    settings.DOI_PREFIX = "10.5555"
    with pytest.raises(
        DepositError, match=r"has no DOI \(suggested: 10\.5555/displacement\.4\.2\)"
    ):
        deposit_xml(depositable_articles(Article.objects.filter(slug="english-only")))


def test_a_doi_must_look_like_one(library):
    from django.core.exceptions import ValidationError

    library.both.doi = "https://doi.org/10.1/x"
    with pytest.raises(ValidationError, match="is not a DOI"):
        library.both.full_clean()


def test_the_admin_action_downloads_the_deposit(superuser_client, pieces):
    url = reverse("admin:articles_article_changelist")
    response = superuser_client.post(
        url,
        {
            "action": "crossref_deposit_xml",
            "_selected_action": [pieces.both.pk, pieces.spanish.pk],
        },
    )
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="crossref-')
    assert_valid("crossref/crossref5.3.1.xsd", response.content)


def test_the_admin_action_explains_what_is_missing(superuser_client, pieces):
    url = reverse("admin:articles_article_changelist")
    response = superuser_client.post(
        url,
        {"action": "crossref_deposit_xml", "_selected_action": [pieces.english.pk]},
        follow=True,
    )
    assert "has no DOI" in response.content.decode()


def test_the_command_writes_a_deposit_and_says_so(pieces, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "deposit.xml"
    call_command("crossref_deposit", "both", "--output", str(target), stdout=out, stderr=err)
    assert_valid("crossref/crossref5.3.1.xsd", target.read_bytes())
    assert err.getvalue().strip() == f"Wrote the deposit of 1 piece(s) to {target}."
    call_command("crossref_deposit", "--all", stdout=out, stderr=io.StringIO())
    assert out.getvalue().count("<posted_content") == 2


def test_the_command_fails_clearly(pieces):
    with pytest.raises(CommandError, match="No piece with the slug"):
        call_command("crossref_deposit", "nope", stdout=io.StringIO())
    with pytest.raises(CommandError, match="has no DOI"):
        call_command("crossref_deposit", "english-only", stdout=io.StringIO())


def test_depositing_is_off_unless_configured(pieces):
    with pytest.raises(DepositError, match="Deposits are off"):
        deposit(b"<doi_batch/>")
    with pytest.raises(CommandError, match="Deposits are off"):
        call_command("crossref_deposit", "both", "--send", stdout=io.StringIO())


def test_the_client_posts_the_file_with_the_credentials(pieces, settings, monkeypatch):
    settings.CROSSREF_DEPOSIT = True
    settings.CROSSREF_USERNAME, settings.CROSSREF_PASSWORD = "member/role", "secret"
    sent = {}

    class Answer(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def fake_urlopen(request, timeout):
        sent["url"], sent["body"] = request.full_url, request.data
        return Answer(b"<html><h2>SUCCESS</h2></html>")

    monkeypatch.setattr(crossref, "urlopen", fake_urlopen)
    assert "SUCCESS" in deposit(b"<doi_batch/>")
    assert sent["url"] == "https://test.crossref.org/servlet/deposit"
    assert b'name="login_id"\r\n\r\nmember/role' in sent["body"]
    assert b'filename="deposit.xml"' in sent["body"] and b"<doi_batch/>" in sent["body"]
    monkeypatch.setattr(crossref, "urlopen", lambda request, timeout: Answer(b"FAILURE"))
    with pytest.raises(DepositError, match="refused"):
        deposit(b"<doi_batch/>")
