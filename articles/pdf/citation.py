"""The citable back matter of a PDF: bibliography, "How to cite" and the licence statement,
and the citations in its text.

Each function takes a piece snapshot (articles.pdf.content.article_snapshot) and returns
escaped HTML in the active language; the series' CSL style formats the citations.
"""

import json
from functools import lru_cache
from types import SimpleNamespace

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

from articles.bibliography.citing import render_citations
from articles.citations import render_csl, render_reference
from articles.licences import ALL_RIGHTS_RESERVED

DEFAULT_STYLE = "oscola"


def citation_style(piece: dict) -> str:
    # A draft previewed before it is placed in a series uses the default style.
    return piece["series"]["citation_style"] if piece["series"] else DEFAULT_STYLE


@lru_cache(maxsize=4096)
def _formatted(item_json: str, style: str, language: str) -> SafeString:
    # citeproc takes ~10 ms an entry; a piece re-rendered after an edit keeps most of them.
    return render_csl(json.loads(item_json), style, language)


def csl_html(item: dict, style: str, language: str) -> SafeString:
    return _formatted(json.dumps(item, sort_keys=True), style, language)


def render_references(piece: dict) -> list[SafeString]:
    """The bibliography: the entries the series prints (content._references)."""
    style, language = citation_style(piece), piece["language"]
    return [
        csl_html(entry["csl"], style, language)
        if entry["csl"]
        else render_reference(SimpleNamespace(**entry), style, language)
        for entry in piece["references"]
        if entry["printed"]
    ]


def cited_body(piece: dict) -> str:
    """The piece's body with its citations formatted, its notes not yet numbered."""
    body = piece["body"]
    if "<cite" not in body:
        return body
    # The snapshot's entries stand in for the Reference rows: the renderer reads no database.
    references = [SimpleNamespace(**entry) for entry in piece["references"]]
    return render_citations(body, references, citation_style(piece), piece["language"])


def citation_item(piece: dict) -> dict:
    """The piece itself as a CSL-JSON item: a numbered post in its series."""
    title = piece["title"] + (f": {piece['subtitle']}" if piece["subtitle"] else "")
    item = {
        "type": "post-weblog",
        "title": title,
        "URL": piece["url"],
        # Styles title-case English titles only; without this a Spanish title would be too.
        "language": piece["language"],
    }
    if piece["series"]:
        container = piece["series"]["title"]
        if piece["volume"]:
            container = f"{container}, {piece['volume']['label']}"
        item["container-title"] = container
    authors = [a["csl_name"] for a in piece["authors"]]
    if authors:
        item["author"] = authors
    if piece["translators"] and piece["language"] != piece["original_language"]:
        item["translator"] = [t["csl_name"] for t in piece["translators"]]
    if piece["published_on"]:
        year, month, day = (int(part) for part in piece["published_on"].split("-"))
        item["issued"] = {"date-parts": [[year, month, day]]}
    return item


def how_to_cite(piece: dict) -> SafeString:
    """The citation in the series' style with the canonical URL, then the DOI when set.

    Styles print a DOI *instead of* the URL, so the item is formatted without it and the
    DOI follows as its resolver link.
    """
    citation = render_csl(
        citation_item(piece), piece["series"]["citation_style"], piece["language"]
    )
    if not piece["doi"]:
        return citation
    doi_url = f"https://doi.org/{piece['doi']}"
    return format_html('{} DOI: <a href="{}">{}</a>', citation, doi_url, doi_url)


def licence_statement(piece: dict) -> SafeString:
    names = [a["name"] for a in piece["authors"]]
    holders = escape(", ".join(names))
    year = (piece["published_on"] or "")[:4]
    url, label = piece["licence_url"], escape(piece["licence_label"])
    link = format_html('<a href="{}" rel="license">{}</a>', url, url) if url else ""
    if piece["licence"] == ALL_RIGHTS_RESERVED:
        text = pgettext("pdf", "© %(year)s %(holders)s. All rights reserved.")
    elif piece["licence"] == "CC0-1.0":
        text = pgettext(
            "pdf",
            "%(holders)s dedicated this work to the public domain under %(licence)s: %(url)s.",
        )
    else:
        text = pgettext(
            "pdf", "© %(year)s %(holders)s. This work is licensed under %(licence)s: %(url)s."
        )
    values = {"year": year, "holders": holders, "licence": label, "url": link}
    # The translated template is ours; every value in it was escaped above.
    return mark_safe((text % values).replace("©  ", "© ").strip())  # noqa: S308
