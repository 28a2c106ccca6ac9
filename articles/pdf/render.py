"""Rendering reader PDFs with WeasyPrint: snapshot -> HTML (Django templates) -> PDF/UA-1.

The one entry point is `render_source()`. It never touches the database: everything it
prints comes from the source's snapshot (articles.pdf.content), so what is hashed is
what is printed. Safety limits live here too: contributor HTML reaches WeasyPrint only
with presentational hints off, through SafeURLFetcher, under a time, page and size budget,
and with every attachment stripped before the PDF is written.
"""

import logging
import os
import re
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from html import unescape
from typing import cast

from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import override
from weasyprint import HTML
from weasyprint.logger import PROGRESS_LOGGER
from weasyprint.text.fonts import FontConfiguration

from articles.pdf.citation import (
    cited_body,
    csl_html,
    how_to_cite,
    licence_statement,
    render_references,
)
from articles.pdf.content import ARTICLE, PdfSource
from articles.pdf.fetcher import RenderLimitExceeded, SafeURLFetcher, media_url
from articles.pdf.figures import print_figures
from articles.pdf.labels import (
    LABELS,
    about_heading,
    image_credit,
    names,
    translated_by,
    volumes_label,
)
from colophon.lib.notes import for_pdf as footnotes
from colophon.lib.sanitise import short_html_to_text
from series.models import CitationStyle

PDF_VARIANT = "pdf/ua-1"
TEMPLATES = {
    ARTICLE: "pdf/article.html",
    "volume": "pdf/collection.html",
    "series": "pdf/collection.html",
}

# Budgets: contributor HTML must not be able to tie a worker up or fill a disk. Each can
# be set in settings (PDF_RENDER_TIME_LIMIT, ...); these are the defaults.
DEFAULT_LIMITS = {
    "PDF_RENDER_TIME_LIMIT": 120,  # seconds, enforced by killing the render (pdf_process)
    "PDF_RENDER_MEMORY_LIMIT": 1536,  # MB of address space for the render's process
    "PDF_MAX_HTML_BYTES": 8 * 1024 * 1024,
    "PDF_MAX_PAGES": 1000,
    "PDF_MAX_RESOURCE_BYTES": 64 * 1024 * 1024,  # fonts, stylesheets and images together
    "PDF_MAX_BYTES": 200 * 1024 * 1024,
}


def limit(name: str) -> int:
    return getattr(settings, name, DEFAULT_LIMITS[name])


logger = logging.getLogger(__name__)


@dataclass
class RenderedPdf:
    data: bytes
    pages: int
    seconds: float
    refused: list[str]


# The budget ---------------------------------------------------------------------------


class _Budget(threading.local):
    deadline: float | None = None
    max_pages: int | None = None


_budget = _Budget()


class _BudgetCheck(logging.Filter):
    """Stops a render between WeasyPrint's steps and pages once its budget is spent.

    WeasyPrint reports progress ("Step 5 - Creating layout - Page 12") on its progress
    logger; a logger-level filter runs in the rendering thread, outside WeasyPrint's own
    exception handling, so raising here ends the render cleanly. The records are dropped.
    """

    _page = re.compile(r"Page (\d+)")

    def filter(self, record: logging.LogRecord) -> bool:
        if _budget.deadline is not None and time.monotonic() > _budget.deadline:
            raise RenderLimitExceeded("the render took longer than its time limit")
        if _budget.max_pages is not None and record.args:
            match = self._page.search(record.getMessage())
            if match and int(match.group(1)) > _budget.max_pages:
                raise RenderLimitExceeded(f"the document has more than {_budget.max_pages} pages")
        return False


if not any(isinstance(f, _BudgetCheck) for f in PROGRESS_LOGGER.filters):
    PROGRESS_LOGGER.addFilter(_BudgetCheck())
# The filter only runs for records the logger lets through, whatever LOG_LEVEL says.
PROGRESS_LOGGER.setLevel(logging.INFO)


# HTML ---------------------------------------------------------------------------------

_ANCHOR = re.compile(r"<a\s(?P<attrs>[^>]*)>(?P<text>(?:(?!</a>).)*)</a>", re.I | re.S)
_HREF = re.compile(r'href="(?P<href>[^"]*)"', re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def print_body(html: str, prefix: str = "link") -> tuple[SafeString, list[str]]:
    """The sanitised body with a lettered reference after each external link, and the URLs.

    Print has no hover, so a link's URL is listed after the body. A link whose text
    already is its URL gets no reference. Nothing from the body is moved or re-emitted
    unescaped: a listed URL is the href, unescaped and escaped again.

    The list stays apart from the author's notes (colophon.lib.notes, printed as
    footnotes): readers cite those by number ("n 3"), so their numbers must be the
    reading page's, which has no link list. Merging would renumber them; letters (a, b,
    c) keep the two kinds of superscript apart.
    """
    notes: list[str] = []

    def mark(match: re.Match) -> str:
        href = _HREF.search(match.group("attrs"))
        url = unescape(href.group("href")).strip() if href else ""
        if not url.startswith(("http://", "https://")):
            return match.group(0)
        text = unescape(_TAG.sub("", match.group("text"))).strip()
        attrs, inner = match.group("attrs"), match.group("text")
        if text.rstrip("/") == url.rstrip("/") or text.startswith(("http://", "https://")):
            return f'<a class="url bare" {attrs}>{inner}</a>'
        notes.append(url)
        number = len(notes)
        return (
            f'<a class="url" {attrs}>{inner}</a><sup class="link-ref">'
            f'<a href="#{prefix}-{number}">{link_letter(number)}</a></sup>'
        )

    html = _ANCHOR.sub(mark, html)
    return mark_safe(html), notes  # noqa: S308 - adds classes and numbered references


def link_letter(number: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa: CSS's lower-alpha, which numbers the list of links."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


_SPLIT_TAGS = re.compile(r"(<[^>]*>)")
_QUOTES = [
    (re.compile(r"(?<=\w)'(?=\w)"), "\u2019"),  # don't, state's
    (re.compile(r"(^|[\s(\[\u2014\u2013/-])'"), "\\1\u2018"),  # opening single
    (re.compile(r"'"), "\u2019"),  # closing single, apostrophe after a word
    (re.compile(r'(^|[\s(\[\u2014\u2013/-])"'), "\\1\u201c"),  # opening double
    (re.compile(r'"'), "\u201d"),  # closing double
]


def curly_quotes(text: str) -> str:
    """Typewriter quotes and apostrophes as typeset ones (plain text, no markup)."""
    for pattern, replacement in _QUOTES:
        text = pattern.sub(replacement, text)
    return text


def curly_quotes_html(html: str) -> str:
    """curly_quotes() on the text between tags only: attribute values stay as they were."""
    out, before = [], " "
    for part in _SPLIT_TAGS.split(html):
        if part.startswith("<") or not part:
            out.append(part)
            continue
        # The character before the tag decides, as in "<em>asylum</em>'s".
        out.append(curly_quotes(before + part)[1:])
        before = part[-1]
    return "".join(out)


def short_title(title: str, limit: int = 60) -> str:
    """The running-head title: the part before a colon, cut at a word near `limit`."""
    head = title.split(":", 1)[0].strip() or title
    if len(head) <= limit:
        return head
    cut = head[:limit].rsplit(" ", 1)[0].rstrip(",;:.-\u2013\u2014")
    return f"{cut}…"


def bio_html(bio: str) -> SafeString:
    """A bio (short rich text) as inline markup, to follow the name in the PDF's one
    paragraph per author: its paragraphs become line breaks."""
    # Sanitised on every save of the contributor (clean_short_fields), as a body is.
    paragraphs = bio.removeprefix("<p>").removesuffix("</p>")
    return mark_safe(paragraphs.replace("</p><p>", "<br>"))  # noqa: S308


def _piece_context(piece: dict) -> dict:
    image = piece["image"]
    # Citations first: in a note style they print in notes, which become footnotes below.
    body, notes = print_body(cited_body(piece), prefix=f"links-{piece['slug']}")
    # Ids of notes carry the piece's slug: a volume prints many pieces in one document.
    body = footnotes(body, prefix=f"piece-{piece['slug']}-")
    return {
        **piece,
        # Figures last, so that their credit's addresses get no link notes or curly quotes.
        "body_html": print_figures(
            curly_quotes_html(body), piece.get("figures", []), piece["language"]
        ),
        "link_notes": notes,
        "summary_text": curly_quotes(piece["summary"]),
        "short_title": short_title(piece["title"]),
        "references_html": render_references(piece),
        "citation_html": how_to_cite(piece),
        "licence_html": licence_statement(piece),
        "image_src": media_url(image["name"]) if image else "",
        "credit_html": image_credit(image) if image else "",
        "authors_line": names(piece["authors"]),
        "bios": [{**author, "bio_html": bio_html(author["bio"])} for author in piece["authors"]],
        "about_heading": about_heading(len(piece["authors"])),
        "translators_line": (
            translated_by(piece["translators"])
            if piece["translators"] and piece["language"] != piece["original_language"]
            else ""
        ),
        "published_date": _parse_date(piece["published_on"]),
    }


def _parse_date(value: str | None):
    return datetime.fromisoformat(value).date() if value else None


def document_context(source: PdfSource, modified: datetime) -> dict:
    snapshot = source.snapshot
    context = {
        "source": source,
        "language": source.language,
        "modified": modified,
        "labels": LABELS,
    }
    if source.kind == ARTICLE:
        piece = _piece_context(snapshot)
        return {**context, "piece": piece, "pieces": [piece], "meta": _meta([piece], piece)}
    volumes = snapshot.get("volumes") or [{**snapshot["volume"], "pieces": snapshot["pieces"]}]
    volumes = [
        {**volume, "pieces": [_piece_context(p) for p in volume["pieces"]]} for volume in volumes
    ]
    pieces = [piece for volume in volumes for piece in volume["pieces"]]
    years = sorted({p["published_on"][:4] for p in pieces if p["published_on"]})
    return {
        "years": "\u2013".join(dict.fromkeys([years[0], years[-1]])) if years else "",
        "volumes_label": volumes_label(volumes[0]["number"], volumes[-1]["number"]),
        **context,
        "series": snapshot["series"],
        "volume": snapshot.get("volume"),
        # The cover's one-paragraph blurb: descriptions are short rich text, shown plain.
        "cover_description": short_html_to_text(
            (snapshot.get("volume") or snapshot["series"]).get("description", "")
        ),
        "volumes": volumes,
        "pieces": pieces,
        "meta": _meta(pieces, None, snapshot),
    }


def _meta(pieces: list[dict], piece: dict | None, snapshot: dict | None = None) -> dict:
    """Title, authors, subject and keywords for the PDF's metadata."""
    authors = list(dict.fromkeys(a["name"] for p in pieces for a in p["authors"]))
    keywords = list(dict.fromkeys(k for p in pieces for k in p["keywords"]))[:40]
    if piece is not None:
        title = piece["title"] + (f": {piece['subtitle']}" if piece["subtitle"] else "")
        return {
            "title": title,
            "authors": authors,
            "subject": piece["summary"],
            "keywords": keywords,
        }
    snapshot = cast(dict, snapshot)  # a collection's PDF: given whenever piece is None
    series = snapshot["series"]
    volume = snapshot.get("volume")
    if volume:
        title = f"{series['title']} · {volume['label']}" + (
            f": {volume['title']}" if volume["title"] else ""
        )
        subject = short_html_to_text(volume["description"])
    else:
        title = series["title"]
        subject = short_html_to_text(series.get("description", ""))
    published = [p["published_on"] for p in pieces if p["published_on"]]
    return {
        "title": title,
        "authors": authors,
        "subject": subject,
        "keywords": keywords,
        "created": min(published) if published else None,
    }


def source_html(source: PdfSource, modified: datetime | None = None) -> str:
    """The final HTML of a PDF, exactly as WeasyPrint receives it."""
    modified = modified or timezone.now()
    with override(source.language):
        return render_to_string(TEMPLATES[source.kind], document_context(source, modified))


# WeasyPrint ---------------------------------------------------------------------------


def render_html(html: str) -> RenderedPdf:
    """HTML -> PDF/UA-1 bytes under the safety budget; raises RenderLimitExceeded."""
    max_html = limit("PDF_MAX_HTML_BYTES")
    if len(html.encode()) > max_html:
        raise RenderLimitExceeded(f"the document's HTML is larger than {max_html} bytes")
    started = time.monotonic()
    deadline = started + limit("PDF_RENDER_TIME_LIMIT")
    fetcher = SafeURLFetcher(deadline=deadline, max_bytes=limit("PDF_MAX_RESOURCE_BYTES"))
    _budget.deadline, _budget.max_pages = deadline, limit("PDF_MAX_PAGES")
    try:
        # base_url only resolves relative links in the body to the public site; nothing is
        # ever fetched from it (the fetcher refuses http and https).
        document = HTML(string=html, base_url=f"{settings.SITE_URL}/", url_fetcher=fetcher).render(
            font_config=FontConfiguration(), presentational_hints=False
        )
        _strip_attachments(document)
        data = document.write_pdf(pdf_variant=PDF_VARIANT, presentational_hints=False)
    finally:
        _budget.deadline = _budget.max_pages = None
    if len(data) > limit("PDF_MAX_BYTES"):
        raise RenderLimitExceeded("the PDF is larger than PDF_MAX_BYTES")
    if fetcher.refused:
        logger.warning(
            "PDF render refused %d resource(s): %s", len(fetcher.refused), fetcher.refused[:5]
        )
    return RenderedPdf(data, len(document.pages), time.monotonic() - started, fetcher.refused)


_WARM_HTML = (
    '<html lang="en"><head><link rel="stylesheet" href="colophon-static:pdf/pdf.css">'
    "</head><body><h1>Colophon</h1><p>A page to load the fonts with.</p></body></html>"
)
_WARM_REFERENCE = {"type": "book", "title": "Colophon", "issued": {"date-parts": [[2025]]}}
_warm_in: int | None = None


def warm_up() -> None:
    """Load once per process what every render needs: fonts, WeasyPrint, our templates,
    the citation styles.

    Renders run in children forked from this process (articles.pdf.process), which then
    start with all of it in memory instead of loading it again each time. The page is
    ours, not a contributor's, so rendering it here is safe.
    """
    global _warm_in
    if _warm_in == os.getpid():
        return
    _warm_in = os.getpid()
    try:
        for name in set(TEMPLATES.values()):
            get_template(name)
        for style in CitationStyle.values:
            for language, _name in settings.LANGUAGES:
                csl_html(_WARM_REFERENCE, style, language)
        render_html(_WARM_HTML)
    except Exception:  # a cold render is slower, not wrong
        logger.exception("Could not warm up the PDF renderer")


def format_citations(source: PdfSource) -> None:
    """Format the document's references and citations in this process, before its render
    is forked: the formatted entries stay in this process's caches for the next version
    of the piece, which a render's child process would take with it when it ends."""
    snapshot = source.snapshot
    if source.kind == ARTICLE:
        pieces = [snapshot]
    else:
        volumes = snapshot.get("volumes") or [{"pieces": snapshot["pieces"]}]
        pieces = [piece for volume in volumes for piece in volume["pieces"]]
    try:
        for piece in pieces:
            render_references(piece)
            cited_body(piece)
            how_to_cite(piece)
    except Exception:  # the render formats them again, and fails there with the reason
        logger.exception("Could not format the citations of %s %s", source.kind, source.slug)


def _strip_attachments(document) -> None:
    """No embedded files: drop <link rel=attachment> and <a rel=attachment> targets."""
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]


def render_source(source: PdfSource, modified: datetime | None = None) -> RenderedPdf:
    return render_html(source_html(source, modified))
