"""MODS records from /oai/ are valid MODS 3.7, checked against the Library of Congress
schema vendored in tests/schemas/mods/, for every shape of piece the site publishes."""

import pytest
from lxml import etree

from articles.licences import ALL_RIGHTS_RESERVED
from tests.discovery.conftest import assert_valid, schema
from tests.discovery.test_oai import ID, NS
from tests.factories import make_article, make_contributor, make_organisation

pytestmark = pytest.mark.django_db

MODS_XSD = "mods/mods-3-7.xsd"


@pytest.fixture
def shelf(library):
    """The library, widened so that every branch of the MODS builder is taken: an ORCID,
    a DOI and keywords in both languages; an organisation with an affiliation and a person
    with a family name only; a piece all rights reserved, so with no licence link; and a
    title with characters XML cannot carry."""
    library.both.doi = "10.1234/both.1"
    library.both.keywords_en = "displacement, cities"
    library.both.keywords_es = "desplazamiento, ciudades"
    library.both.save()
    library.author.orcid = "0000-0002-1825-0097"
    library.author.save()
    observatory = make_organisation(
        name="Observatorio de Desplazamiento", affiliation_en="A research network"
    )
    family_only = make_contributor(given_name="", family_name="Okafor")
    library.plain = make_article(
        library.volume,
        slug="plain",
        authors=0,
        licence=ALL_RIGHTS_RESERVED,
        doi="",
        subtitle_en="",
        keywords_en="",
        title_en="Bell\x07 and <b>tags</b> & \x0b controls",
    )
    library.plain.authorships.create(contributor=observatory, position=0)
    library.plain.authorships.create(contributor=family_only, position=1)
    return library


def mods_records(tree: etree._Element) -> dict[str, etree._Element]:
    """Each record's MODS document, by OAI identifier, as a harvester would store it."""
    return {
        record.findtext("o:header/o:identifier", namespaces=NS): etree.fromstring(
            etree.tostring(record.find("o:metadata/m:mods", NS))
        )
        for record in tree.iterfind(".//o:record", NS)
    }


def test_every_record_listed_in_mods_is_valid_mods_3_7(oai, shelf, settings):
    settings.OAI_PAGE_SIZE = 100
    records = mods_records(oai(verb="ListRecords", metadataPrefix="mods"))
    assert set(records) == {
        f"{ID}{slug}" for slug in ("both", "english-only", "solo-espanol", "scheduled", "plain")
    }
    for mods in records.values():
        assert_valid(MODS_XSD, mods)


def test_a_record_got_in_mods_is_valid_mods_3_7_with_every_optional_part(oai, shelf):
    (mods,) = mods_records(
        oai(verb="GetRecord", identifier=f"{ID}both", metadataPrefix="mods")
    ).values()
    assert_valid(MODS_XSD, mods)
    # The parts the schema constrains most are there to be checked.
    assert mods.get("version") == "3.7"
    assert mods.find("m:name/m:nameIdentifier[@type='orcid']", NS) is not None
    assert mods.find("m:identifier[@type='doi']", NS) is not None
    assert mods.find("m:titleInfo[@type='translated']", NS) is not None
    assert mods.find("m:subject/m:topic", NS) is not None
    assert mods.find("m:location/m:url[@usage='primary display']", NS) is not None
    assert mods.find("m:accessCondition", NS).get("{http://www.w3.org/1999/xlink}href")


def test_a_record_got_in_mods_without_the_optional_parts_is_valid_mods_3_7(oai, shelf):
    (mods,) = mods_records(
        oai(verb="GetRecord", identifier=f"{ID}plain", metadataPrefix="mods")
    ).values()
    assert_valid(MODS_XSD, mods)
    assert [name.get("type") for name in mods.iterfind("m:name", NS)] == [
        "corporate",
        "personal",
    ]
    assert mods.findtext("m:titleInfo/m:title", namespaces=NS) == (
        "Bell and <b>tags</b> &  controls"
    )
    assert mods.find("m:identifier[@type='doi']", NS) is None
    assert mods.find("m:accessCondition", NS).attrib == {"type": "use and reproduction"}


def test_the_schemas_refuse_a_record_that_is_not_mods_3_7(oai, oai_schema, shelf):
    """What the validation above is worth: a record the MODS schema does not allow fails
    both the MODS schema and the whole OAI-PMH response's schema."""
    tree = oai(verb="GetRecord", identifier=f"{ID}both", metadataPrefix="mods")
    url = tree.find(".//m:location/m:url", NS)
    url.set("access", "download")  # not one of MODS 3.7's three values
    mods = etree.fromstring(etree.tostring(tree.find(".//m:mods", NS)))
    assert not schema(MODS_XSD).validate(mods)
    assert not oai_schema.validate(tree)
    assert "access" in str(oai_schema.error_log)
