"""The metadata formats OAI-PMH disseminates: Dublin Core (oai_dc) and MODS 3.7.

A record describes the whole piece: every published language version of it, each title,
summary and address marked with its language.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.utils import timezone
from lxml import etree

from articles.discovery.metadata import article_pdf_url, article_url, first_published
from articles.doi import doi_url
from articles.models import Article, Authorship
from colophon.lib.xml import XML_LANG, XSI, clean

if TYPE_CHECKING:
    from series.models import Volume
XLINK = "http://www.w3.org/1999/xlink"
DC = "http://purl.org/dc/elements/1.1/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
MODS = "http://www.loc.gov/mods/v3"
COAR_WORKING_PAPER = "http://purl.org/coar/resource_type/c_8042"


def sub(parent: etree._Element, tag: str, text=None, **attributes) -> etree._Element:
    element = etree.SubElement(parent, tag, {k: clean(v) for k, v in attributes.items()})
    if text is not None:
        element.text = clean(text)
    return element


@dataclass(frozen=True)
class Format:
    prefix: str
    schema: str
    namespace: str
    build: Callable[[Article], etree._Element]


def _versions(article: Article) -> list[str]:
    return article.published_languages()


def _people(article: Article, role: str) -> list[Authorship]:
    return [a for a in article.authorships.all() if a.role == role]


def _sorted_name(authorship: Authorship) -> str:
    contributor = authorship.contributor
    if contributor.is_organisation or not contributor.family_name:
        return authorship.name
    given = contributor.given_name
    return f"{contributor.family_name}, {given}" if given else contributor.family_name


def _date(article: Article) -> str:
    first = first_published(article)
    return timezone.localtime(first).date().isoformat() if first else ""


# oai_dc ----------------------------------------------------------------------------------


def oai_dc(article: Article) -> etree._Element:
    root = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} {FORMATS['oai_dc'].schema}")

    def dc(name: str, text: str, language: str | None = None) -> None:
        if text:
            element = sub(root, f"{{{DC}}}{name}", text)
            if language:
                element.set(XML_LANG, language)

    languages = _versions(article)
    for code in languages:
        dc("title", article.localized("title", code), code)
    for authorship in _people(article, Authorship.Role.AUTHOR):
        dc("creator", _sorted_name(authorship))
    for code in languages:
        for word in (article.localized("keywords", code) or "").split(","):
            dc("subject", word.strip(), code)
    for topic in article.topics.all():
        dc("subject", topic.name)
    for code in languages:
        dc("description", article.localized("summary", code), code)
    dc("publisher", settings.PUBLISHER_NAME)
    for authorship in _people(article, Authorship.Role.TRANSLATOR):
        dc("contributor", _sorted_name(authorship))
    dc("date", _date(article))
    dc("type", "Text")
    dc("format", "text/html")
    dc("format", "application/pdf")
    for code in languages:
        dc("identifier", article_url(article, code))
    dc("identifier", doi_url(article.doi))
    for code in languages:
        dc("language", code)
    volume = cast("Volume", article.volume)  # a piece is published only with a volume
    dc("relation", f"{volume.series.title}, {volume.label}")
    dc("rights", article.licence_url or article.licence_label)
    return root


# MODS ------------------------------------------------------------------------------------


def m(parent: etree._Element, name: str, text=None, **attributes) -> etree._Element:
    return sub(parent, f"{{{MODS}}}{name}", text, **attributes)


def _mods_name(parent: etree._Element, authorship: Authorship, role: tuple[str, str]) -> None:
    contributor = authorship.contributor
    personal = not contributor.is_organisation
    name = m(parent, "name", type="personal" if personal else "corporate")
    if personal and contributor.family_name:
        if contributor.given_name:
            m(name, "namePart", contributor.given_name, type="given")
        m(name, "namePart", contributor.family_name, type="family")
        m(name, "displayForm", authorship.name)
    else:
        m(name, "namePart", authorship.name)
    if authorship.affiliation:
        m(name, "affiliation", authorship.affiliation)
    element = m(name, "role")
    m(element, "roleTerm", role[0], type="code", authority="marcrelator")
    m(element, "roleTerm", role[1], type="text", authority="marcrelator")
    if contributor.orcid:
        m(name, "nameIdentifier", contributor.orcid_url, type="orcid")


def _mods_texts(root: etree._Element, article: Article, languages: list[str]) -> None:
    original = article.original_language
    for code in languages:
        title = m(root, "titleInfo")
        title.set(XML_LANG, code)
        if code != original and original in languages:
            title.set("type", "translated")
        m(title, "title", article.localized("title", code))
        if article.localized("subtitle", code):
            m(title, "subTitle", article.localized("subtitle", code))
    for code in languages:
        if article.localized("summary", code):
            m(root, "abstract", article.localized("summary", code)).set(XML_LANG, code)
        words = [w.strip() for w in (article.localized("keywords", code) or "").split(",")]
        if any(words):
            subject = m(root, "subject")
            subject.set(XML_LANG, code)
            for word in filter(None, words):
                m(subject, "topic", word)


def _mods_locations(root: etree._Element, article: Article, languages: list[str]) -> None:
    for code in languages:
        m(root, "identifier", article_url(article, code), type="uri")
    if article.doi:
        m(root, "identifier", article.doi, type="doi")
    location = m(root, "location")
    for code in languages:
        page = m(location, "url", article_url(article, code), access="object in context")
        if code == article.original_language:
            page.set("usage", "primary display")
        m(location, "url", article_pdf_url(article, code), access="raw object")


def mods(article: Article) -> etree._Element:
    root = etree.Element(f"{{{MODS}}}mods", nsmap={None: MODS, "xlink": XLINK, "xsi": XSI})
    root.set("version", "3.7")
    root.set(f"{{{XSI}}}schemaLocation", f"{MODS} {FORMATS['mods'].schema}")
    languages = _versions(article)
    _mods_texts(root, article, languages)
    for authorship in _people(article, Authorship.Role.AUTHOR):
        _mods_name(root, authorship, ("aut", "author"))
    for authorship in _people(article, Authorship.Role.TRANSLATOR):
        _mods_name(root, authorship, ("trl", "translator"))
    m(root, "typeOfResource", "text")
    m(root, "genre", "working paper", authority="coar", valueURI=COAR_WORKING_PAPER)
    origin = m(root, "originInfo", eventType="publication")
    m(origin, "publisher", settings.PUBLISHER_NAME)
    m(origin, "dateIssued", _date(article), encoding="w3cdtf", keyDate="yes")
    for code in languages:
        m(m(root, "language"), "languageTerm", code, type="code", authority="rfc5646")
    for topic in article.topics.all():
        m(m(root, "subject", authority="local"), "topic", topic.name)
    volume = cast("Volume", article.volume)  # a piece is published only with a volume
    series = m(m(root, "relatedItem", type="series"), "titleInfo")
    m(series, "title", volume.series.title)
    m(series, "partNumber", volume.label)
    _mods_locations(root, article, languages)
    licence = m(root, "accessCondition", article.licence_label, type="use and reproduction")
    if article.licence_url:
        licence.set(f"{{{XLINK}}}href", article.licence_url)
    m(m(m(root, "part"), "detail", type="volume"), "number", volume.number)
    changed = timezone.localtime(article.updated_at).date().isoformat()
    m(m(root, "recordInfo"), "recordChangeDate", changed, encoding="w3cdtf")
    return root


FORMATS = {
    "oai_dc": Format("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC, oai_dc),
    "mods": Format("mods", "http://www.loc.gov/standards/mods/v3/mods-3-7.xsd", MODS, mods),
}
