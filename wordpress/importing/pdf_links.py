"""A body's "Download PDF" link to a hand-made PDF, which Colophon replaces with its own.

Only a link to a PDF uploaded to the site itself, whose text says nothing but that it is
the download ("Download PDF", "PDF version", "Descargar PDF", "Versión en PDF"…), is taken
out; a link to any other document, or one in a sentence that says more, stays.
"""

import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from wordpress.importing.conversion import Conversion
from wordpress.importing.images import remove_keeping_tail as _remove

# Words a download link is made of, in English and Spanish; a link whose text holds any
# other word is an ordinary link.
_DOWNLOAD = re.compile(r"\b(?:download|descarg\w*|pdf)\b", re.IGNORECASE)
_FILLER = frozenset(
    re.split(
        r"\s+",
        "download downloads descargar descarga descargue descárguelo descargalo click here "
        "the this full article paper post text version versión in as a an of en el la de del "
        "este esta artículo texto completo aquí aqui haga clic o or and y file archivo pdf "
        "format formato printable imprimible to para get obtener english inglés ingles spanish "
        "español espanol language idioma kb mb size tamaño",
    )
)
_BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "figure"})


def is_uploaded_pdf(url: str, uploads_url: str = "") -> bool:
    url = url.strip()
    path = urlsplit(url).path.lower()
    if not path.endswith(".pdf"):
        return False
    if uploads_url and url.startswith(uploads_url.rstrip("/") + "/"):
        return True
    return "/wp-content/uploads/" in path


def says_download(text: str) -> bool:
    words = re.findall(r"\w+", text.lower())
    return bool(_DOWNLOAD.search(text)) and all(w in _FILLER or w.isdecimal() for w in words)


def drop_pdf_links(root: HtmlElement, conversion: Conversion) -> None:
    for link in list(root.iter("a")):
        href = (link.get("href") or "").strip()
        if not is_uploaded_pdf(href, conversion.uploads_url):
            continue
        if not says_download(link.text_content()):
            continue
        record_pdf(href, conversion)
        block = _block_of(link)
        _remove(link)
        if block is not None and _left_empty(block):
            _remove(block)


def _left_empty(block: HtmlElement) -> bool:
    if re.search(r"\w", block.text_content()):
        return False
    return not any(True for _ in block.iter("img", "figure", "table"))


def record_pdf(url: str, conversion: Conversion) -> None:
    if url not in conversion.pdf_links:
        conversion.pdf_links.append(url)
    conversion.warn(f"Download PDF link to {url} dropped (Colophon makes its own PDF)")


def _block_of(element: HtmlElement) -> HtmlElement | None:
    for ancestor in element.iterancestors():
        if ancestor.getparent() is None:
            return None
        if ancestor.tag in _BLOCKS:
            return ancestor
    return None
