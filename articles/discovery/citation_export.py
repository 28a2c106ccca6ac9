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
