"""A picture's credit read from its WordPress caption, or a flag that an editor must add it.

Captions that follow the Creative Commons attribution pattern, "Title by Creator, Licence"
(in Spanish "Título por Autor, Licencia"), with the title often linked to the source and
the licence to its deed, are read into the credit's fields; a link to a Creative Commons
deed anywhere in the caption gives the licence. Anything else is "credit needed".

The credit is the end of a caption: what comes before it ("Families at the border.
Photo: …") is the caption proper. Prefixes such as "Photo:", "Foto:", "Image by" start it;
otherwise it starts with the title (a linked title, or the words after the last sentence
break before "by"), or, with no "by", with a short name just before the licence
("Jason Jacobs, CC BY-SA 4.0, via Wikimedia Commons").
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from lxml import html as lxml_html

from articles.licences import LICENCES, PUBLIC_DOMAIN

_HTTP_URL = URLValidator(schemes=["http", "https"])


@dataclass
class Credit:
    title: str
    creator: str
    licence: str  # an SPDX id from articles.licences, or "" when unknown
    source_url: str
    year: int | None
    caption: str  # what of the caption is not the credit, as plain text
    needed: bool  # True when title, creator or licence could not be read


@dataclass
class _Link:
    start: int
    end: int
    href: str


# A link to a deed: its path on creativecommons.org ("licenses/by-sa/4.0",
# "publicdomain/zero/1.0") names the licence, as the registry's deed URLs give it.
_DEED = re.compile(
    r"creativecommons\.org/(?P<path>(?:licen[cs]es|publicdomain)/[a-z-]+/\d\.\d)", re.IGNORECASE
)
_BY_DEED = {
    urlsplit(licence.deed_url).path.strip("/"): spdx
    for spdx, licence in LICENCES.items()
    if licence.deed_url
}
_CC_TEXT = re.compile(
    r"\bCC[\s-]*(?P<terms>BY(?:[\s-]+(?:NC|SA|ND)){0,2})[\s-]*(?P<version>\d\.\d)"
    r"(?:\s+(?:International|Internacional|Generic|Gen[ée]rica|Unported))?",
    re.IGNORECASE,
)
_CC_WORDS = re.compile(
    r"\bCreative\s+Commons\s+(?:Attribution|Atribuci[oó]n|Reconocimiento)"
    r"(?P<terms>(?:[\s-]+(?:NonCommercial|NoComercial|ShareAlike|CompartirIgual|"
    r"NoDerivs|NoDerivatives|SinObraDerivada|SinDerivadas)){0,2})"
    r"\s+(?P<version>\d\.\d)(?:\s+(?:International|Internacional|Generic|Gen[ée]rica|Unported))?"
    r"(?:\s+(?:License|Licence|Licencia))?",
    re.IGNORECASE,
)
_CC0_TEXT = re.compile(r"\bCC0(?:\s*1\.0)?(?:\s+Universal)?\b", re.IGNORECASE)
_PD_TEXT = re.compile(r"\b(?:public\s+domain|dominio\s+p[úu]blico)\b", re.IGNORECASE)
_TERM_WORDS = {
    "noncommercial": "NC", "nocomercial": "NC", "sharealike": "SA", "compartirigual": "SA",
    "noderivs": "ND", "noderivatives": "ND", "sinobraderivada": "ND", "sinderivadas": "ND",
}  # fmt: skip
_PREFIX_WORD = (
    r"(?:photo(?:graph)?|image|picture|illustration|credit|source|foto(?:graf[íi]a)?|imagen"
    r"|ilustraci[oó]n|cr[ée]dito|fuente|author|autora?)s?"
)
# "Photo:", "Image credit:", "Foto de", "Photo by"…
_PREFIX = re.compile(
    rf"(?:^|(?<=[\s.;:|(]))(?:{_PREFIX_WORD}\s+)*{_PREFIX_WORD}\s*(?:(?:by|de|por)\b)?\s*[:\uff1a]?\s*",
    re.IGNORECASE,
)
_BY = re.compile(r"\s(?:by|por)\s", re.IGNORECASE)
_BREAK = re.compile(r"(?:[.!?:|\u2013\u2014]\s+|\n)")
_LICENSED = re.compile(
    r"(?:[\s,;.|/\u2013\u2014(\[-]*(?:is\s+|are\s+)?"
    r"(?:licen[cs]ed\s+under|under|bajo(?:\s+(?:la\s+)?licencia)?|licencia|licen[cs]e)?[\s:,;.|/\u2013\u2014(\[-]*)$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:©\s*)?((?:19|20)\d{2})\b")
_VIA = re.compile(
    r"^[\s,;.|/\u2013\u2014-]*(?:via|from|on|en|vía|de)\s+\S+(?:\s+\S+)?[\s.]*$", re.IGNORECASE
)
_WHERE = re.compile(
    r"\s+(?:via|on|from|at|en|v[íi]a|de)\s+(?:Flickr|Wikimedia(?:\s+Commons)?|Wikipedia|"
    r"Unsplash|Pexels|Pixabay|Openverse|Commons)\b.*$",
    re.IGNORECASE,
)
_QUOTES = "\"'\u201c\u201d\u2018\u2019«»"
_SEPARATORS = " \t\n,;.|/\u2013\u2014-:()[]"


def parse_credit(caption_html: str, *, fallback_title: str = "") -> Credit:
    text, links = _flatten(caption_html or "")
    licence, span = _licence(text, links)
    whole = " ".join(text.split())
    if not licence or span is None:
        return _needed(whole, fallback_title)
    before = text[: span[0]]
    before = _LICENSED.sub("", before)
    after = text[span[1] :]
    start, title, title_link, creator = _credit_of(before, links, named=licence != PUBLIC_DOMAIN)
    year = None
    if match := _YEAR.search(creator):
        year = int(match.group(1))
        creator = _YEAR.sub("", creator)
    # "Jason Jacobs via Flickr", "Ana Ruiz en Wikimedia Commons": where, not who.
    creator = _clean(_WHERE.sub("", creator.replace("©", "")))
    title = _clean(title).strip(_QUOTES).strip() or fallback_title.strip()
    if not (title and creator):
        return _needed(whole, fallback_title)
    rest = " ".join(after.split())
    caption = " ".join(text[:start].split())
    rest = rest.strip(_SEPARATORS)
    if rest and not _VIA.match(rest):
        caption = f"{caption} {rest.strip(_SEPARATORS)}".strip()
    source = _web_address(title_link.href) if title_link else ""
    return Credit(title, creator, licence, source, year, caption, needed=False)


def _web_address(href: str) -> str:
    """`href` when it is an absolute http(s) address, else "". The source becomes the
    credit's link on public pages, built from the field rather than sanitised markup, so a
    javascript: or data: address would run in readers' browsers."""
    try:
        _HTTP_URL(href)
    except ValidationError:
        return ""
    return href


def _needed(whole: str, fallback_title: str) -> Credit:
    return Credit(fallback_title.strip(), "", "", "", None, whole, needed=True)


def _flatten(caption_html: str) -> tuple[str, list[_Link]]:
    """The caption's text, and where each link's text is in it."""
    if not caption_html.strip():
        return "", []
    root = lxml_html.fragment_fromstring(caption_html, create_parent="div")
    parts: list[str] = []
    links: list[_Link] = []
    length = 0

    def add(value: str | None) -> None:
        nonlocal length
        if value:
            value = re.sub(r"\s+", " ", value)
            parts.append(value)
            length += len(value)

    def walk(element: lxml_html.HtmlElement) -> None:
        nonlocal length
        if element.tag == "br":
            add("\n")
        start = length
        add(element.text)
        for child in element:
            if isinstance(child.tag, str):
                walk(child)
            add(child.tail)
        if element.tag == "a" and element.get("href"):
            links.append(_Link(start, length, element.get("href", "").strip()))
        if element.tag in ("p", "div") and element is not root:
            add("\n")

    walk(root)
    return "".join(parts), links


def _licence(text: str, links: list[_Link]) -> tuple[str, tuple[int, int] | None]:
    """The SPDX id the caption gives and where in the text it is said."""
    for link in links:
        spdx = _deed_licence(link.href)
        if spdx:
            return spdx, (link.start, link.end)
    for pattern in (_CC_TEXT, _CC_WORDS):
        if match := pattern.search(text):
            spdx = _cc_id(match.group("terms"), match.group("version"))
            if spdx:
                return spdx, match.span()
    if match := _CC0_TEXT.search(text):
        return "CC0-1.0", match.span()
    if match := _PD_TEXT.search(text):
        return PUBLIC_DOMAIN, match.span()
    return "", None


def _deed_licence(href: str) -> str:
    match = _DEED.search(href)
    if match is None:
        return ""
    path = match.group("path").lower().replace("licences/", "licenses/", 1)
    return _BY_DEED.get(path, "")


def _cc_id(terms: str, version: str) -> str:
    words = re.split(r"[\s-]+", terms.strip())
    codes = ["BY"] + [
        _TERM_WORDS.get(word.lower(), word.upper()) for word in words if word.upper() != "BY"
    ]
    codes = [code for code in codes if code in ("BY", "NC", "SA", "ND")]
    # SPDX writes NC before SA or ND, whatever order the caption used.
    ordered = ["BY", *(code for code in ("NC", "SA", "ND") if code in codes)]
    spdx = f"CC-{'-'.join(ordered)}-{version}"
    return spdx if spdx in LICENCES else ""


def _credit_of(
    before: str, links: list[_Link], *, named: bool
) -> tuple[int, str, _Link | None, str]:
    """Where the credit starts in `before`, its title (and the title's link), its creator.

    `named`: the licence asks for attribution, so a short phrase just before it, with no
    "by", is the creator's name (a public-domain work's caption names no one that way).
    """
    offset = 0
    prefixes = list(_PREFIX.finditer(before))
    if prefixes:
        offset = prefixes[-1].end()
    by = None
    for match in _BY.finditer(before, offset):
        by = match
    if by is None:
        if prefixes:
            return prefixes[-1].start(), "", None, before[offset:]
        # No "by": a short name just before the licence is the creator.
        breaks = list(_BREAK.finditer(before))
        start = breaks[-1].end() if breaks else 0
        name = before[start:]
        if not named or len(name.split()) > 6:
            return len(before), "", None, ""
        return start, "", None, name
    title_link = next(
        (
            link
            for link in links
            if link.end <= by.start() + 1
            and before[link.end : by.start()].strip(_QUOTES + " ") == ""
            and link.start >= offset
            and not _deed_licence(link.href)
        ),
        None,
    )
    if title_link is not None:
        start = title_link.start
        # A quotation mark opening the linked title belongs to it.
        while start > offset and before[start - 1] in _QUOTES:
            start -= 1
    elif prefixes:
        start = offset
    else:
        breaks = [m for m in _BREAK.finditer(before, 0, by.start())]
        start = breaks[-1].end() if breaks else 0
    title = before[start : by.start()]
    credit_start = prefixes[-1].start() if prefixes and not title_link else start
    return credit_start, title, title_link, before[by.end() :]


def _clean(value: str) -> str:
    return " ".join(value.split()).strip(_SEPARATORS).strip()
