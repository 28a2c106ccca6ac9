"""OAI-PMH 2.0 at /oai/: every response is valid against the protocol's XML Schema."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from lxml import etree
from pymods import MODSReader

from articles.models import Article
from articles.workflow.steps import publish_language, unpublish_language
from tests.discovery.conftest import SITE, assert_valid
from tests.factories import make_article, make_volume

pytestmark = pytest.mark.django_db

NS = {
    "o": "http://www.openarchives.org/OAI/2.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "m": "http://www.loc.gov/mods/v3",
}
ID = "oai:colophon.example.org:"


def error_code(tree: etree._Element) -> str | None:
    error = tree.find("o:error", NS)
    return None if error is None else error.get("code")


def identifiers(tree: etree._Element) -> list[str]:
    return [e.text for e in tree.iterfind(".//o:header/o:identifier", NS)]


def test_identify_describes_the_repository(oai):
    tree = oai(verb="Identify")
    identify = tree.find("o:Identify", NS)
    assert identify.findtext("o:baseURL", namespaces=NS) == f"{SITE}/oai/"
    assert identify.findtext("o:protocolVersion", namespaces=NS) == "2.0"
    assert identify.findtext("o:deletedRecord", namespaces=NS) == "persistent"
    assert identify.findtext("o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert tree.find("o:request", NS).get("verb") == "Identify"
    assert identify.find(".//{*}repositoryIdentifier").text == "colophon.example.org"


def test_it_answers_post_as_it_answers_get(oai, library):
    assert identifiers(oai("post", verb="ListIdentifiers", metadataPrefix="oai_dc")) == (
        identifiers(oai(verb="ListIdentifiers", metadataPrefix="oai_dc"))
    )


def test_it_offers_oai_dc_and_mods(oai, library):
    tree = oai(verb="ListMetadataFormats")
    prefixes = [e.text for e in tree.iterfind(".//o:metadataPrefix", NS)]
    assert prefixes == ["oai_dc", "mods"]
    tree = oai(verb="ListMetadataFormats", identifier=f"{ID}both")
    assert len(tree.findall(".//o:metadataFormat", NS)) == 2


def test_sets_are_series_and_topics(oai, library):
    specs = [e.text for e in oai(verb="ListSets").iterfind(".//o:setSpec", NS)]
    assert specs[:2] == ["series", "series:displacement"]
    assert {"topic", "topic:idps"} <= set(specs)
    assert "series:dormant" not in specs  # it holds no records


def test_it_lists_every_public_piece_once_and_never_a_draft(oai, library):
    listed = identifiers(oai(verb="ListIdentifiers", metadataPrefix="oai_dc"))
    assert sorted(listed) == sorted(
        f"{ID}{slug}" for slug in ("both", "english-only", "solo-espanol", "scheduled")
    )


def test_a_record_in_oai_dc_describes_every_published_version(oai, library):
    tree = oai(verb="GetRecord", identifier=f"{ID}both", metadataPrefix="oai_dc")
    dc = tree.find(".//oai_dc:dc", NS)
    assert_valid("oai-pmh/oai_dc.xsd", dc)
    titles = {
        e.get("{http://www.w3.org/XML/1998/namespace}lang"): e.text
        for e in dc.iterfind("dc:title", NS)
    }
    assert titles == {"en": library.both.title_en, "es": library.both.title_es}
    assert [e.text for e in dc.iterfind("dc:creator", NS)] == ["López, María"]
    assert [e.text for e in dc.iterfind("dc:contributor", NS)] == ["Reed, Tom"]
    identifiers_ = [e.text for e in dc.iterfind("dc:identifier", NS)]
    assert f"{SITE}/en/articles/both/" in identifiers_
    assert f"{SITE}/es/articles/both/" in identifiers_
    assert [e.text for e in dc.iterfind("dc:language", NS)] == ["en", "es"]
    header = tree.find(".//o:header", NS)
    assert "series:displacement" in [e.text for e in header.iterfind("o:setSpec", NS)]


def test_a_record_in_mods_reads_back_with_pymods(oai, library):
    library.both.doi = "10.1234/both.1"
    library.both.save()
    library.author.orcid = "0000-0002-1825-0097"
    library.author.save()
    tree = oai(verb="GetRecord", identifier=f"{ID}both", metadataPrefix="mods")
    mods = tree.find(".//m:mods", NS)
    (record,) = MODSReader(io.BytesIO(etree.tostring(mods)))
    assert record.titles == [
        f"{library.both.title_en}: A subtitle",
        f"{library.both.title_es}: Un subtítulo",
    ]
    names = {name.text: name.role.code for name in record.names}
    assert names["López, María"] == "aut"
    assert names["Reed, Tom"] == "trl"
    assert [language.code for language in record.language] == ["en", "es"]
    assert record.publisher == ["Colophon"]
    assert "https://creativecommons.org/licenses/by/4.0/" in [r.uri for r in record.rights]
    assert {(i.type, i.text) for i in record.identifiers} >= {
        ("doi", "10.1234/both.1"),
        ("uri", f"{SITE}/en/articles/both/"),
    }
    assert mods.find("m:name/m:nameIdentifier", NS).text == "https://orcid.org/0000-0002-1825-0097"
    series = mods.find("m:relatedItem[@type='series']/m:titleInfo", NS)
    assert series.findtext("m:title", namespaces=NS) == library.series.title_en
    assert mods.findtext("m:part/m:detail[@type='volume']/m:number", namespaces=NS) == "4"


def test_sets_select_records(oai, library):
    other = make_article(make_volume(), slug="elsewhere")
    in_series = identifiers(
        oai(verb="ListIdentifiers", metadataPrefix="oai_dc", set="series:displacement")
    )
    assert f"{ID}elsewhere" not in in_series and f"{ID}both" in in_series
    by_topic = identifiers(oai(verb="ListIdentifiers", metadataPrefix="oai_dc", set="topic:idps"))
    assert f"{ID}both" in by_topic and f"{ID}elsewhere" not in by_topic
    everything = identifiers(oai(verb="ListIdentifiers", metadataPrefix="oai_dc", set="series"))
    assert f"{ID}{other.slug}" in everything


def move_to(article: Article, moment: datetime) -> None:
    """Date every change to `article`, and every public version of it, at `moment`."""
    dates = {"updated_at": moment}
    for code in ("en", "es"):
        if article.is_published(code):
            dates[f"published_at_{code}"] = moment
    Article.objects.filter(pk=article.pk).update(**dates)


def test_from_and_until_select_by_utc_datestamp(oai, library):
    old = datetime(2020, 5, 1, 12, 0, 0, tzinfo=UTC)
    for article in (library.english, library.spanish, library.scheduled):
        move_to(article, old)
    move_to(library.both, datetime(2024, 1, 1, tzinfo=UTC))
    older = sorted(f"{ID}{slug}" for slug in ("english-only", "solo-espanol", "scheduled"))

    def listed(**dates):
        tree = oai(verb="ListIdentifiers", metadataPrefix="oai_dc", **dates)
        return error_code(tree) or sorted(identifiers(tree))

    assert listed(**{"from": "2023-01-01"}) == [f"{ID}both"]
    assert listed(until="2020-05-01") == older
    assert listed(until="2020-05-01T11:59:59Z") == "noRecordsMatch"
    assert listed(**{"from": "2020-05-01T12:00:00Z", "until": "2020-05-01T12:00:00Z"}) == older
    tree = oai(verb="GetRecord", identifier=f"{ID}both", metadataPrefix="oai_dc")
    assert tree.findtext(".//o:datestamp", namespaces=NS) == "2024-01-01T00:00:00Z"


def test_a_scheduled_version_dates_the_record_when_it_goes_public(oai, library):
    later = datetime.now(UTC) - timedelta(minutes=5)
    Article.objects.filter(pk=library.both.pk).update(
        updated_at=datetime(2020, 1, 1, tzinfo=UTC), published_at_es=later
    )
    stamp = oai(verb="GetRecord", identifier=f"{ID}both", metadataPrefix="oai_dc").findtext(
        ".//o:datestamp", namespaces=NS
    )
    assert stamp == later.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_a_withdrawn_piece_stays_as_a_deleted_record(oai, library):
    unpublish_language(library.english, "en")
    tree = oai(verb="ListRecords", metadataPrefix="oai_dc")
    header = next(
        h
        for h in tree.iterfind(".//o:header", NS)
        if h.findtext("o:identifier", namespaces=NS) == f"{ID}english-only"
    )
    assert header.get("status") == "deleted"
    record = header.getparent()
    assert record.find("o:metadata", NS) is None
    tree = oai(verb="GetRecord", identifier=f"{ID}english-only", metadataPrefix="mods")
    assert tree.find(".//o:header", NS).get("status") == "deleted"
    assert (
        error_code(oai(verb="ListMetadataFormats", identifier=f"{ID}english-only"))
        == "noMetadataFormats"
    )
    publish_language(library.english, "en")
    tree = oai(verb="GetRecord", identifier=f"{ID}english-only", metadataPrefix="oai_dc")
    assert tree.find(".//o:header", NS).get("status") is None


def test_a_draft_that_was_never_public_is_not_a_deleted_record(oai, library):
    assert (
        error_code(oai(verb="GetRecord", identifier=f"{ID}draft", metadataPrefix="oai_dc"))
        == "idDoesNotExist"
    )


def test_resumption_tokens_page_through_the_list(oai, library, settings):
    settings.OAI_PAGE_SIZE = 2
    tree = oai(verb="ListRecords", metadataPrefix="oai_dc")
    token = tree.find(".//o:resumptionToken", NS)
    assert token.get("completeListSize") == "4"
    assert token.get("cursor") == "0"
    assert token.get("expirationDate")
    seen = identifiers(tree)
    tree = oai(verb="ListRecords", resumptionToken=token.text)
    token = tree.find(".//o:resumptionToken", NS)
    assert token.get("cursor") == "2"
    assert token.text is None  # the last page ends with an empty token
    seen += identifiers(tree)
    assert len(seen) == len(set(seen)) == 4


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Dance"}, "badVerb"),
        ({"verb": ["Identify", "Identify"]}, "badVerb"),
        ({"verb": "Identify", "extra": "1"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "GetRecord", "identifier": f"{ID}both"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "yesterday"}, "badArgument"),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2024-01-01",
                "until": "2024-01-02T00:00:00Z",
            },
            "badArgument",
        ),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2024-02-01",
                "until": "2024-01-01",
            },
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "x"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "resumptionToken": "forged"}, "badResumptionToken"),
        ({"verb": "ListSets", "resumptionToken": "anything"}, "badResumptionToken"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        (
            {"verb": "GetRecord", "identifier": f"{ID}both", "metadataPrefix": "marc21"},
            "cannotDisseminateFormat",
        ),
        (
            {"verb": "GetRecord", "identifier": f"{ID}nothing", "metadataPrefix": "oai_dc"},
            "idDoesNotExist",
        ),
        (
            {
                "verb": "GetRecord",
                "identifier": "oai:elsewhere.org:both",
                "metadataPrefix": "oai_dc",
            },
            "idDoesNotExist",
        ),
        ({"verb": "ListMetadataFormats", "identifier": f"{ID}nothing"}, "idDoesNotExist"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "topic:no-such-topic"},
            "noRecordsMatch",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "not a set"}, "badArgument"),
    ],
)
def test_it_answers_each_protocol_error(oai, library, params, code):
    tree = oai(**params)
    assert error_code(tree) == code
    request = tree.find("o:request", NS)
    if code in {"badVerb", "badArgument"}:
        assert request.attrib == {}  # the request is not echoed back


def test_an_empty_repository_has_no_set_hierarchy_and_no_records(oai):
    assert error_code(oai(verb="ListSets")) == "noSetHierarchy"
    assert error_code(oai(verb="ListRecords", metadataPrefix="oai_dc")) == "noRecordsMatch"


def test_hostile_text_becomes_valid_xml(oai):
    # Control characters are not XML (and NUL cannot even be stored on PostgreSQL).
    make_article(slug="hostile-oai", title_en="Bell\x07 and <b>tags</b> & \x0b controls")
    tree = oai(verb="GetRecord", identifier=f"{ID}hostile-oai", metadataPrefix="oai_dc")
    assert tree.findtext(".//dc:title", namespaces=NS) == "Bell and <b>tags</b> &  controls"
