"""OAI-PMH arguments holding characters XML cannot carry: a protocol error, never a crash.

The response echoes a valid request's arguments, so a NUL or a control character in one
used to reach lxml and end in a server error instead of the protocol's badArgument.
"""

import pytest

from tests.discovery.test_oai import ID, NS, error_code

pytestmark = pytest.mark.django_db

NOT_XML = ["\x00", "\x01", "\ufffe"]
REQUESTS = [
    {"verb": "GetRecord", "identifier": f"{ID}both{{bad}}", "metadataPrefix": "oai_dc"},
    {"verb": "GetRecord", "identifier": f"{ID}both", "metadataPrefix": "oai{bad}dc"},
    {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "series{bad}"},
    {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "from": "2020-01-01{bad}"},
    {"verb": "ListRecords", "resumptionToken": "{bad}"},
    {"verb": "ListMetadataFormats", "identifier": "{bad}"},
    {"verb": "Identify", "{bad}": "1"},
]


@pytest.mark.parametrize("bad", NOT_XML, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize(
    "params", REQUESTS, ids=[f"{r['verb']}-{i}" for i, r in enumerate(REQUESTS)]
)
def test_an_argument_xml_cannot_carry_is_a_bad_argument(oai, bad, params):
    filled = {k.format(bad=bad): v.format(bad=bad) for k, v in params.items()}
    tree = oai(**filled)  # well-formed and valid against the OAI-PMH schema
    assert error_code(tree) == "badArgument"
    assert tree.find("o:request", NS).attrib == {}  # nothing of the request echoed back


def test_a_posted_argument_xml_cannot_carry_is_a_bad_argument_too(oai):
    tree = oai("post", verb="GetRecord", identifier=f"{ID}\x00", metadataPrefix="oai_dc")
    assert error_code(tree) == "badArgument"


def test_the_response_never_holds_the_character_raw(client, site):
    response = client.get(
        "/oai/", {"verb": "GetRecord", "identifier": f"{ID}\x00", "metadataPrefix": "oai_dc"}
    )
    assert response.status_code == 200
    assert b"\x00" not in response.content
    assert b'code="badArgument"' in response.content
