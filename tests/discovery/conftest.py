"""Fixtures for what machines read: the vendored XML Schemas (tests/schemas/) and a small
library."""

from functools import cache
from pathlib import Path

import pytest
from lxml import etree

# The bilingual library the reading-site tests use (one piece in both languages, one in
# each, a draft and a scheduled version).
from tests.site.conftest import library  # noqa: F401

# Vendored with their sources and licences (tests/schemas/README.md). A missing file fails
# the tests that need it: a schema test that skips would prove nothing.
SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
SITE = "https://colophon.example.org"


@cache
def schema(relative: str) -> etree.XMLSchema:
    """A vendored XML Schema, compiled once per test process."""
    parser = etree.XMLParser(no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(SCHEMAS / relative), parser))


def assert_valid(schema_path: str, document: bytes | etree._Element) -> etree._Element:
    tree = etree.fromstring(document) if isinstance(document, bytes) else document
    compiled = schema(schema_path)
    assert compiled.validate(tree), compiled.error_log
    return tree


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE
    settings.OAI_REPOSITORY_IDENTIFIER = "colophon.example.org"
    return SITE


# OAI-PMH.xsd takes the content of <metadata> strictly from another namespace, so a
# response validates only with the schema of each format it carries loaded beside it.
# Relative imports resolve against the bundle's base URL, inside tests/schemas/.
OAI_BUNDLE = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/"
             schemaLocation="oai-pmh/OAI-PMH.xsd"/>
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai_dc/"
             schemaLocation="oai-pmh/oai_dc.xsd"/>
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai-identifier"
             schemaLocation="oai-pmh/oai-identifier.xsd"/>
  <xs:import namespace="http://www.loc.gov/mods/v3" schemaLocation="mods/mods-3-7.xsd"/>
</xs:schema>
"""


@pytest.fixture(scope="session")
def oai_schema() -> etree.XMLSchema:
    """OAI-PMH 2.0 with both formats the endpoint serves, oai_dc and MODS 3.7, and
    oai-identifier: every part of a response is checked against its official schema."""
    parser = etree.XMLParser(no_network=True, load_dtd=False)
    bundle = etree.fromstring(OAI_BUNDLE.encode(), parser, base_url=str(SCHEMAS / "bundle.xsd"))
    return etree.XMLSchema(bundle)


@pytest.fixture
def oai(client, oai_schema, site):
    """GET (or POST) /oai/ and return the response document, valid against `oai_schema`."""

    def request(method: str = "get", **params) -> etree._Element:
        response = getattr(client, method)("/oai/", params)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/xml; charset=utf-8"
        tree = etree.fromstring(response.content)
        assert oai_schema.validate(tree), oai_schema.error_log
        return tree

    return request
