"""Citing a piece: "Cite this" in three styles, and BibTeX, RIS and CSL-JSON downloads.

The piece is described once, as a CSL-JSON item (`article_item`); the formatted
citations are rendered from it by citeproc-py, and the downloads are written from it.
"""

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import override

from articles.bibliography.citing import printed_references
from articles.citations import render_csl
from articles.discovery.metadata import article_url, authors
from articles.doi import doi_url
from articles.models import Article
from series.models import CitationStyle

if TYPE_CHECKING:
    from series.models import Volume

# How bibliography managers name languages (BibTeX's babel names; RIS and CSL use codes).
BABEL_NAMES = {"en": "english", "es": "spanish"}


@dataclass(frozen=True)
class Export:
    extension: str
    content_type: str


EXPORTS = {
    "bib": Export("bib", "application/x-bibtex; charset=utf-8"),
    "ris": Export("ris", "application/x-research-info-systems; charset=utf-8"),
    "json": Export("json", "application/vnd.citationstyles.csl+json; charset=utf-8"),
}


def _date_parts(moment) -> list[int]:
    local = timezone.localtime(moment)
    return [local.year, local.month, local.day]


def article_item(article: Article, language: str, with_doi: bool = True) -> dict:
    """The language version as a CSL-JSON item: a numbered post in its series."""
    with override(language):
        volume = cast("Volume", article.volume)  # a piece is published only with a volume
        title = article.title + (f": {article.subtitle}" if article.subtitle else "")
        item: dict[str, Any] = {
            "id": article.slug,
            "type": "post-weblog",
            "title": title,
            "container-title": f"{volume.series.title}, {volume.label}",
            "publisher": settings.PUBLISHER_NAME,
            "URL": article_url(article, language),
            "language": language,
            "issued": {"date-parts": [_date_parts(article.published_on(language))]},
        }
        names = [authorship.contributor.csl_name() for authorship in authors(article)]
        if names:
            item["author"] = names
        if language != article.original_language and article.translators():
            item["translator"] = [a.contributor.csl_name() for a in article.translators()]
        if article.summary:
            item["abstract"] = article.summary
        if article.keywords:
            item["keyword"] = ", ".join(article.keyword_list())
    if with_doi and article.doi:
        item["DOI"] = article.doi
    return item


def formatted_citations(article: Article, language: str) -> list[tuple[str, SafeString]]:
    """(style name, citation) in each style, the series' own style first.

    Styles print a DOI instead of the URL, so the DOI follows the citation as a link.
    """
    item = article_item(article, language, with_doi=False)
    first = cast("Volume", article.volume).series.citation_style
    styles = sorted(CitationStyle, key=lambda style: style != first)
    citations = []
    for style in styles:
        citation = render_csl(item, style.value, language)
        if article.doi:
            url = doi_url(article.doi)
            citation = format_html('{} <a href="{}">{}</a>', citation, url, url)
        citations.append((str(style.label), citation))
    return citations


# BibTeX --------------------------------------------------------------------------------

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "#": r"\#",
    "_": r"\_", "$": r"\$", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}  # fmt: skip
_BIBTEX_PATTERN = re.compile("|".join(re.escape(char) for char in _BIBTEX_SPECIAL))
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def bibtex_escape(text: str) -> str:
    return _BIBTEX_PATTERN.sub(lambda m: _BIBTEX_SPECIAL[m.group(0)], " ".join(text.split()))


def _bibtex_name(name: dict) -> str:
    if "literal" in name:
        return "{" + bibtex_escape(name["literal"]) + "}"  # an organisation: never split
    given = name.get("given", "")
    family = bibtex_escape(name["family"])
    return f"{family}, {bibtex_escape(given)}" if given else family


def bibtex(article: Article, language: str) -> str:
    item = article_item(article, language)
    year, month, _day = item["issued"]["date-parts"][0]
    fields = [
        ("author", " and ".join(_bibtex_name(n) for n in item.get("author", []))),
        ("title", "{" + bibtex_escape(item["title"]) + "}"),
        ("howpublished", bibtex_escape(item["container-title"])),
        ("publisher", bibtex_escape(item["publisher"])),
        ("year", str(year)),
        ("month", _MONTHS[month - 1]),
        ("url", item["URL"]),
        ("doi", item.get("DOI", "")),
        ("language", BABEL_NAMES.get(language, language)),
        ("keywords", bibtex_escape(item.get("keyword", ""))),
        ("abstract", bibtex_escape(item.get("abstract", ""))),
    ]
    lines = [f"@misc{{{article.slug},"]
    lines += [
        f"  {name} = {value}," if name == "month" else f"  {name} = {{{value}}},"
        for name, value in fields
        if value
    ]
    lines.append("}")
    return "\n".join(lines) + "\n"


# RIS -----------------------------------------------------------------------------------


def _ris_name(name: dict) -> str:
    if "literal" in name:
        return name["literal"]
    return f"{name['family']}, {name['given']}" if name.get("given") else name["family"]


def ris(article: Article, language: str) -> str:
    item = article_item(article, language)
    year, month, day = item["issued"]["date-parts"][0]
    volume = cast("Volume", article.volume)  # a piece is published only with a volume
    lines = [("TY", "BLOG")]
    lines += [("AU", _ris_name(name)) for name in item.get("author", [])]
    lines += [
        ("TI", item["title"]),
        ("T2", item["container-title"]),
        ("T3", volume.series.title),
        ("VL", str(volume.number)),
        ("PY", str(year)),
        ("DA", f"{year:04d}/{month:02d}/{day:02d}"),
        ("PB", item["publisher"]),
        ("LA", language),
        ("UR", item["URL"]),
    ]
    if "DOI" in item:
        lines.append(("DO", item["DOI"]))
    if "abstract" in item:
        lines.append(("AB", item["abstract"]))
    lines += [("KW", word) for word in article.keyword_list()]
    lines.append(("ER", ""))
    # One line per tag: a value never spans lines.
    return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines)


def csl_json(article: Article, language: str) -> str:
    return json.dumps([article_item(article, language)], ensure_ascii=False, indent=2) + "\n"


WRITERS = {"bib": bibtex, "ris": ris, "json": csl_json}


# A piece's bibliography ------------------------------------------------------------------
# The entries as stored (CSL-JSON items), each with its key, written in the same three
# formats so that readers can take the works a piece cites into their own library. CSL-JSON
# keeps everything; BibTeX and RIS keep what their fields can say (docs/references.md).

REFERENCE_BIBTEX_TYPES = {
    "book": "book", "chapter": "incollection", "article-journal": "article",
    "article-newspaper": "article", "report": "techreport", "webpage": "online",
    "thesis": "thesis", "legislation": "legislation", "treaty": "treaty",
    "legal_case": "jurisdiction",
}  # fmt: skip
# CSL variable -> BibTeX field; biblatex names where plain BibTeX has none.
REFERENCE_BIBTEX_FIELDS = {
    "container-title": "booktitle", "collection-title": "series", "publisher": "publisher",
    "publisher-place": "address", "volume": "volume", "issue": "issue", "number": "number",
    "page": "pages", "edition": "edition", "genre": "type", "medium": "medium",
    "URL": "url", "DOI": "doi", "note": "note", "event-title": "eventtitle",
    "number-of-pages": "pagetotal", "language": "language", "authority": "authority",
    "title-short": "shorttitle", "container-title-short": "shortjournal",
    "section": "chapter", "jurisdiction": "jurisdiction",
}  # fmt: skip
REFERENCE_BIBTEX_NAMES = {
    "author": "author", "editor": "editor", "translator": "translator",
    "container-author": "bookauthor", "collection-editor": "serieseditor",
}  # fmt: skip
REFERENCE_RIS_TYPES = {
    "book": "BOOK", "chapter": "CHAP", "article-journal": "JOUR", "report": "RPRT",
    "webpage": "ELEC", "legislation": "STAT", "treaty": "LEGAL", "legal_case": "CASE",
    "thesis": "THES", "article-newspaper": "NEWS",
}  # fmt: skip
REFERENCE_RIS_TAGS = {
    "title": "TI", "container-title": "T2", "collection-title": "T3", "publisher": "PB",
    "publisher-place": "CY", "volume": "VL", "edition": "ET", "genre": "M3", "URL": "UR",
    "DOI": "DO", "note": "N1", "language": "LA", "title-short": "ST",
    "container-title-short": "J2", "section": "SE",
}  # fmt: skip
REFERENCE_RIS_NAMES = {
    "author": "AU", "editor": "A2", "collection-editor": "A3", "translator": "A4",
}  # fmt: skip


def exported_references(article: Article) -> list[dict]:
    """The printed bibliography's structured entries in order, each CSL item carrying its
    key as its id (free-text entries have no fields to export)."""
    return [
        {"id": reference.key, **reference.csl}
        for reference in printed_references(article)
        if reference.csl
    ]


def _full_bibtex_name(name: dict) -> str:
    if "literal" in name:
        return _bibtex_name(name)
    family = " ".join(
        part for part in (name.get("non-dropping-particle"), name.get("family")) if part
    )
    parts = [bibtex_escape(family)]
    if name.get("suffix"):
        parts.append(bibtex_escape(name["suffix"]))
    if name.get("given"):
        parts.append(bibtex_escape(name["given"]))
    return ", ".join(parts)


def _iso(date: dict) -> str:
    return "-".join(f"{n:02d}" if i else str(n) for i, n in enumerate(date["date-parts"][0]))


def reference_bibtex_entry(item: dict) -> str:
    kind = REFERENCE_BIBTEX_TYPES.get(item["type"], "misc")
    fields = []
    for variable, name in REFERENCE_BIBTEX_NAMES.items():
        if item.get(variable):
            fields.append((name, " and ".join(_full_bibtex_name(n) for n in item[variable])))
    fields.append(("title", "{" + bibtex_escape(item["title"]) + "}"))
    for variable, name in REFERENCE_BIBTEX_FIELDS.items():
        if variable in item:
            if item["type"].startswith("article") and variable in ("container-title", "issue"):
                name = {"container-title": "journal", "issue": "number"}[variable]
            value = str(item[variable])
            fields.append((name, value if name in ("url", "doi") else bibtex_escape(value)))
    if item["type"] == "article-newspaper":
        fields.append(("entrysubtype", "newspaper"))
    if "issued" in item:
        fields.append(("date", _iso(item["issued"])))
        fields.append(("year", str(item["issued"]["date-parts"][0][0])))
    if "accessed" in item:
        fields.append(("urldate", _iso(item["accessed"])))
    lines = [f"@{kind}{{{item['id']},"] + [f"  {name} = {{{value}}}," for name, value in fields]
    return "\n".join([*lines, "}"]) + "\n"


def reference_ris_record(item: dict) -> str:
    lines = [("TY", REFERENCE_RIS_TYPES.get(item["type"], "GEN"))]
    for variable, tag in REFERENCE_RIS_NAMES.items():
        lines += [(tag, _ris_name(name)) for name in item.get(variable, [])]
    lines += [(tag, str(item[v])) for v, tag in REFERENCE_RIS_TAGS.items() if v in item]
    for variable in ("issue", "number"):
        if variable in item:
            lines.append(("IS", str(item[variable])))
    if "page" in item:
        start, _dash, end = str(item["page"]).partition("-")
        lines += [("SP", start)] + ([("EP", end)] if end else [])
    if "issued" in item:
        parts = item["issued"]["date-parts"][0]
        lines.append(("PY", str(parts[0])))
        lines.append(("DA", "/".join(f"{n:02d}" if i else str(n) for i, n in enumerate(parts))))
    if "accessed" in item:
        parts = item["accessed"]["date-parts"][0]
        lines.append(("Y2", "/".join(f"{n:02d}" if i else str(n) for i, n in enumerate(parts))))
    lines += [("ID", item["id"]), ("ER", "")]
    return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines)


def references_bibtex(article: Article, language: str) -> str:
    return "\n".join(reference_bibtex_entry(item) for item in exported_references(article))


def references_ris(article: Article, language: str) -> str:
    return "\r\n".join(reference_ris_record(item) for item in exported_references(article))


def references_csl_json(article: Article, language: str) -> str:
    return json.dumps(exported_references(article), ensure_ascii=False, indent=2) + "\n"


REFERENCE_WRITERS = {"bib": references_bibtex, "ris": references_ris, "json": references_csl_json}
