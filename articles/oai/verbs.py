"""The six OAI-PMH verbs, each adding its element to the response (articles/oai/provider.py has the
repository, the arguments and the errors)."""

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone
from lxml import etree

from articles.models import Article
from articles.oai.formats import FORMATS, sub
from articles.oai.provider import (
    OAI,
    OAI_IDENTIFIER,
    OAI_SCHEMA,
    TOKEN_LIFETIME,
    Harvest,
    OaiError,
    RecordState,
    all_sets,
    base_url,
    datestamp,
    earliest_datestamp,
    harvest_from,
    identifier,
    oai_element,
    parse_arguments,
    records,
    repository_identifier_is_a_domain,
    selected,
    set_specs,
    slug_of,
)
from colophon.lib.xml import XSI

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    Record = WithAnnotations[Article, RecordState]  # a piece as records() gives it


def respond(params: dict[str, list[str]]) -> bytes:
    """The whole OAI-PMH response to a request with these parameters."""
    root = oai_element(None, "OAI-PMH")
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} {OAI_SCHEMA}")
    oai_element(root, "responseDate", datestamp(timezone.now()))
    request = oai_element(root, "request", base_url())
    try:
        verb, arguments = parse_arguments(params)
        # Only a request without badVerb or badArgument errors is echoed back.
        request.attrib.update({"verb": verb, **arguments})
        HANDLERS[verb](root, arguments)
    except OaiError as error:
        if error.code in {"badVerb", "badArgument"}:
            request.attrib.clear()
        for child in root[2:]:
            root.remove(child)
        oai_element(root, "error", error.message, code=error.code)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def identify(root: etree._Element, arguments: dict) -> None:
    element = oai_element(root, "Identify")
    oai_element(element, "repositoryName", settings.PUBLISHER_NAME)
    oai_element(element, "baseURL", base_url())
    oai_element(element, "protocolVersion", "2.0")
    oai_element(element, "adminEmail", settings.ADMIN_EMAIL)
    oai_element(element, "earliestDatestamp", datestamp(earliest_datestamp()))
    oai_element(element, "deletedRecord", "persistent")
    oai_element(element, "granularity", "YYYY-MM-DDThh:mm:ssZ")
    if repository_identifier_is_a_domain():
        description = oai_element(element, "description")
        scheme = etree.SubElement(
            description, f"{{{OAI_IDENTIFIER}}}oai-identifier", nsmap={None: OAI_IDENTIFIER}
        )
        scheme.set(f"{{{XSI}}}schemaLocation", f"{OAI_IDENTIFIER} {OAI_IDENTIFIER}.xsd")
        for name, text in [
            ("scheme", "oai"),
            ("repositoryIdentifier", settings.OAI_REPOSITORY_IDENTIFIER),
            ("delimiter", ":"),
            ("sampleIdentifier", f"oai:{settings.OAI_REPOSITORY_IDENTIFIER}:a-piece"),
        ]:
            sub(scheme, f"{{{OAI_IDENTIFIER}}}{name}", text)


def _record_for(oai_identifier: str) -> "Record":
    article = records().filter(slug=slug_of(oai_identifier)).first()
    if article is None:
        raise OaiError("idDoesNotExist", f"There is no record {oai_identifier}.")
    return article


def list_metadata_formats(root: etree._Element, arguments: dict) -> None:
    if "identifier" in arguments and not _record_for(arguments["identifier"]).is_public:
        raise OaiError("noMetadataFormats", "The record has been withdrawn.")
    element = oai_element(root, "ListMetadataFormats")
    for metadata_format in FORMATS.values():
        entry = oai_element(element, "metadataFormat")
        oai_element(entry, "metadataPrefix", metadata_format.prefix)
        oai_element(entry, "schema", metadata_format.schema)
        oai_element(entry, "metadataNamespace", metadata_format.namespace)


def list_sets(root: etree._Element, arguments: dict) -> None:
    if "resumptionToken" in arguments:
        raise OaiError("badResumptionToken", "Sets are listed in one response.")
    sets = all_sets()
    if not sets:
        raise OaiError("noSetHierarchy", "There are no sets yet.")
    element = oai_element(root, "ListSets")
    for spec, name in sets:
        entry = oai_element(element, "set")
        oai_element(entry, "setSpec", spec)
        oai_element(entry, "setName", name)


def _header(parent: etree._Element, article: "Record") -> None:
    header = oai_element(parent, "header")
    if not article.is_public:
        header.set("status", "deleted")
    oai_element(header, "identifier", identifier(article))
    oai_element(header, "datestamp", datestamp(article.datestamp))
    for spec in set_specs(article):
        oai_element(header, "setSpec", spec)


def _record(parent: etree._Element, article: "Record", prefix: str) -> None:
    record = oai_element(parent, "record")
    _header(record, article)
    if article.is_public:
        oai_element(record, "metadata").append(FORMATS[prefix].build(article))


def get_record(root: etree._Element, arguments: dict) -> None:
    article = _record_for(arguments["identifier"])
    if arguments["metadataPrefix"] not in FORMATS:
        raise OaiError("cannotDisseminateFormat", "That metadata format is not offered here.")
    _record(oai_element(root, "GetRecord"), article, arguments["metadataPrefix"])


def _list(root: etree._Element, arguments: dict, verb: str) -> None:
    harvest: Harvest = harvest_from(arguments)
    found = selected(harvest)
    size = settings.OAI_PAGE_SIZE
    page = list(found.filter(pk__gt=harvest.after)[: size + 1])
    if not page:
        raise OaiError("noRecordsMatch", "No records match these arguments.")
    more, page = len(page) > size, page[:size]
    element = oai_element(root, verb)
    for article in page:
        if verb == "ListRecords":
            _record(element, article, harvest.prefix)
        else:
            _header(element, article)
    if more or harvest.cursor:
        token = oai_element(
            element, "resumptionToken", completeListSize=found.count(), cursor=harvest.cursor
        )
        if more:
            token.text = harvest.token(after=page[-1].pk, cursor=harvest.cursor + len(page))
            expires = datetime.now(UTC) + TOKEN_LIFETIME
            token.set("expirationDate", datestamp(expires))


HANDLERS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": lambda root, arguments: _list(root, arguments, "ListIdentifiers"),
    "ListRecords": lambda root, arguments: _list(root, arguments, "ListRecords"),
}
