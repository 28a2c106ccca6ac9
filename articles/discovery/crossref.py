"""Crossref deposits (schema 5.3.1): each piece as `posted_content` of type "report".

A deposit describes the piece in its original language, with its series as group title,
its volume as item number, its authors (ORCID, affiliation), licence, abstract and
references; the DOI resolves to the original-language page. Sending it to Crossref is
off unless CROSSREF_DEPOSIT is on; `deposit_xml()` works without it, for review.
"""

import re
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, cast
from urllib.request import Request, urlopen

from django.conf import settings
from django.utils import timezone
from django.utils.translation import override
from lxml import etree

from articles.bibliography.citing import printed_references
from articles.discovery.metadata import article_url, plain_reference
from articles.models import Article, Authorship
from colophon.lib.xml import XML_LANG, XSI, clean

if TYPE_CHECKING:
    from series.models import Volume

CROSSREF = "http://www.crossref.org/schema/5.3.1"
JATS = "http://www.ncbi.nlm.nih.gov/JATS1"
AI = "http://www.crossref.org/AccessIndicators.xsd"
SCHEMA = "https://www.crossref.org/schemas/crossref5.3.1.xsd"
# The schema's pattern for a DOI; a reference whose DOI does not match is deposited as text.
_CROSSREF_DOI = re.compile(r"^10\.[0-9]{4,9}/.{1,200}$")


class DepositError(Exception):
    """A piece cannot be deposited, or Crossref refused the deposit; says which and why."""


def _el(parent: etree._Element, tag: str, text=None, namespace: str = CROSSREF, **attrs):
    element = etree.SubElement(parent, f"{{{namespace}}}{tag}", attrs)
    if text is not None:
        element.text = clean(text)
    return element


def depositable(article: Article) -> str:
    """Why `article` cannot be deposited, or "" if it can."""
    if not article.doi:
        suggestion = article.suggested_doi()
        hint = f" (suggested: {suggestion})" if suggestion else ""
        return f"“{article}” has no DOI{hint}."
    if not article.is_published(article.original_language):
        return f"“{article}” is not published in its original language."
    return ""


def _contributors(parent: etree._Element, article: Article) -> None:
    people = [a for a in article.authorships.all() if a.role == Authorship.Role.AUTHOR]
    if not people:
        return
    contributors = _el(parent, "contributors")
    for position, authorship in enumerate(people):
        contributor = authorship.contributor
        attrs = {
            "sequence": "first" if position == 0 else "additional",
            "contributor_role": "author",
        }
        if contributor.is_organisation or not contributor.family_name:
            _el(contributors, "organization", authorship.name, **attrs)
            continue
        person = _el(contributors, "person_name", **attrs)
        if contributor.given_name:
            _el(person, "given_name", contributor.given_name)
        _el(person, "surname", contributor.family_name)
        if authorship.affiliation:
            institution = _el(_el(person, "affiliations"), "institution")
            _el(institution, "institution_name", authorship.affiliation)
        if contributor.orcid:
            _el(person, "ORCID", contributor.orcid_url, authenticated="false")


def posted_content(parent: etree._Element, article: Article) -> None:
    language = article.original_language
    volume = cast("Volume", article.volume)  # a piece is published only with a volume
    with override(language):
        content = _el(parent, "posted_content", type="report", language=language)
        _el(content, "group_title", volume.series.title)
        _contributors(content, article)
        titles = _el(content, "titles")
        _el(titles, "title", article.title)
        if article.subtitle:
            _el(titles, "subtitle", article.subtitle)
        published = timezone.localtime(article.published_on(language))
        posted = _el(content, "posted_date")
        _el(posted, "month", f"{published.month:02d}")
        _el(posted, "day", f"{published.day:02d}")
        _el(posted, "year", str(published.year))
        _el(content, "item_number", str(volume.number), item_number_type="volume")
        if article.summary:
            abstract = _el(content, "abstract", namespace=JATS, **{XML_LANG: language})
            _el(abstract, "p", article.summary, namespace=JATS)
        if article.licence_url:
            program = _el(content, "program", namespace=AI, name="AccessIndicators")
            _el(program, "license_ref", article.licence_url, namespace=AI)
        doi_data = _el(content, "doi_data")
        _el(doi_data, "doi", article.doi)
        _el(doi_data, "resource", article_url(article, language))
        references = printed_references(article)
        if references:
            citations = _el(content, "citation_list")
            style = volume.series.citation_style
            for position, reference in enumerate(references, start=1):
                citation = _el(citations, "citation", key=f"ref{position}")
                doi = (reference.csl or {}).get("DOI", "")
                if _CROSSREF_DOI.match(str(doi)):
                    _el(citation, "doi", doi)
                text = plain_reference(reference, style, language)
                _el(citation, "unstructured_citation", text)


def deposit_xml(articles: Iterable[Article]) -> bytes:
    """One doi_batch for `articles`; raises DepositError naming every piece that can't go."""
    articles = list(articles)
    problems = [problem for problem in map(depositable, articles) if problem]
    if problems:
        raise DepositError(" ".join(problems))
    nsmap = {None: CROSSREF, "jats": JATS, "ai": AI, "xsi": XSI}
    root = etree.Element(f"{{{CROSSREF}}}doi_batch", nsmap=nsmap, version="5.3.1")
    root.set(f"{{{XSI}}}schemaLocation", f"{CROSSREF} {SCHEMA}")
    now = timezone.now()
    head = _el(root, "head")
    _el(head, "doi_batch_id", f"colophon-{now:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}")
    # Crossref keeps the deposit with the highest timestamp for a DOI.
    _el(head, "timestamp", now.strftime("%Y%m%d%H%M%S%f")[:17])
    depositor = _el(head, "depositor")
    _el(depositor, "depositor_name", settings.CROSSREF_DEPOSITOR_NAME)
    _el(depositor, "email_address", settings.CROSSREF_DEPOSITOR_EMAIL)
    _el(head, "registrant", settings.PUBLISHER_NAME)
    body = _el(root, "body")
    for article in articles:
        posted_content(body, article)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def depositable_articles(queryset) -> list[Article]:
    return list(
        queryset.select_related("volume__series", "series").prefetch_related(
            "authorships__contributor", "references"
        )
    )


def deposit(xml: bytes, timeout: float = 60) -> str:
    """Send a deposit to Crossref's deposit endpoint; returns Crossref's answer.

    Refuses (DepositError) unless CROSSREF_DEPOSIT is on: tests and reviews never reach
    the network.
    """
    if not settings.CROSSREF_DEPOSIT:
        raise DepositError("Deposits are off: set CROSSREF_DEPOSIT=1 to send them.")
    boundary = uuid.uuid4().hex
    fields = {
        "operation": "doMDUpload",
        "login_id": settings.CROSSREF_USERNAME,
        "login_passwd": settings.CROSSREF_PASSWORD,
    }
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="fname"; '
        'filename="deposit.xml"\r\nContent-Type: application/xml\r\n\r\n'
    )
    body = "".join(parts).encode() + xml + f"\r\n--{boundary}--\r\n".encode()
    request = Request(  # noqa: S310 (an http(s) URL from settings, checked by env_url)
        settings.CROSSREF_DEPOSIT_URL,
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        method="POST",
    )
    try:
        with urlopen(request, timeout=timeout) as response:  # noqa: S310
            answer = response.read().decode("utf-8", "replace")
    except OSError as error:
        raise DepositError(f"Crossref could not be reached: {error}") from error
    if "FAILURE" in answer.upper():
        raise DepositError(f"Crossref refused the deposit: {answer[:500]}")
    return answer
