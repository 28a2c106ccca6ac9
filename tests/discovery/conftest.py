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


MODS_STUB = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           targetNamespace="http://www.loc.gov/mods/v3" elementFormDefault="qualified">
  <!-- The MODS XSD is not vendored: this stub lets the official OAI-PMH
       schema check the envelope around MODS records; their content is read with pymods. -->
  <xs:element name="mods">
    <xs:complexType>
      <xs:sequence>
        <xs:any processContents="skip" minOccurs="0" maxOccurs="unbounded"/>
      </xs:sequence>
      <xs:anyAttribute processContents="skip"/>
    </xs:complexType>
  </xs:element>
</xs:schema>
"""


@pytest.fixture(scope="session")
def oai_schema(tmp_path_factory) -> etree.XMLSchema:
    """OAI-PMH 2.0 with oai_dc and oai-identifier (vendored), plus the MODS stub."""
    folder = tmp_path_factory.mktemp("oai-schema")
    (folder / "mods-stub.xsd").write_text(MODS_STUB, encoding="utf-8")
    imports = [
        ("http://www.openarchives.org/OAI/2.0/", SCHEMAS / "oai-pmh" / "OAI-PMH.xsd"),
        ("http://www.openarchives.org/OAI/2.0/oai_dc/", SCHEMAS / "oai-pmh" / "oai_dc.xsd"),
        (
            "http://www.openarchives.org/OAI/2.0/oai-identifier",
            SCHEMAS / "oai-pmh" / "oai-identifier.xsd",
        ),
        ("http://www.loc.gov/mods/v3", folder / "mods-stub.xsd"),
    ]
    body = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{path.as_uri()}"/>' for ns, path in imports
    )
    bundle = folder / "bundle.xsd"
    bundle.write_text(
        f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{body}</xs:schema>',
        encoding="utf-8",
    )
    parser = etree.XMLParser(no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(bundle), parser))
