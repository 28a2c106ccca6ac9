"""Turning what a contributor sends (pasted HTML, a .docx, Markdown) into clean HTML.

Every route ends in colophon.lib.sanitise.clean_html, the one allowlist for contributor HTML,
which also turns each route's footnotes (Word's footnotes and endnotes, Markdown's `[^x]`,
pasted notes from other tools) into the stored notes, `<span data-note="">`.
"""

import copy
import io
import zipfile
import zlib
from dataclasses import dataclass

import mammoth
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from lxml import etree
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from articles.bibliography.zotero_docx import (
    Imported,
    place_citations,
    read_fields,
    rewritten_docx,
)
from colophon.lib.sanitise import check_tables, clean_html
from colophon.lib.uploads import read_capped

# Word's heading levels shift down one: the page title is the only <h1>. Styles are matched
# by name and by id (a document without styles.xml has only ids).
STYLE_MAP = """
p.Title => h2:fresh
p.Heading1 => h2:fresh
p.Heading2 => h3:fresh
p.Heading3 => h4:fresh
p.Heading4 => h4:fresh
p.Quote => blockquote > p:fresh
p.IntenseQuote => blockquote > p:fresh
p[style-name='Title'] => h2:fresh
p[style-name='Heading 1'] => h2:fresh
p[style-name='Heading 2'] => h3:fresh
p[style-name='Heading 3'] => h4:fresh
p[style-name='Heading 4'] => h4:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
p[style-name='Block Text'] => blockquote > p:fresh
"""
# A .docx is a zip, and its size says little about what it unpacks to: these caps are
# checked on the zip's directory, then again while every part is really decompressed,
# because a directory can declare any size. A 3,000-word piece is 100-300 KB of Word XML;
# 1 MB of it already converts to more than SUBMISSION_MAX_BODY_CHARS, and converting
# 5 MB took mammoth 7 s of CPU and 300 MB. 4 MB of text leaves room for tracked changes
# and reference-manager field codes. Pictures (word/media/) are never converted, but
# they are unpacked for the check, so they have caps too.
MAX_PARTS = 1_000
MAX_TEXT_BYTES = 4_000_000
MAX_PART_BYTES = 10_000_000
MAX_UNZIPPED_BYTES = 30_000_000
# Word XML compresses about 10:1; a part over 1 MB that compresses 100:1 is built to
# inflate, not written.
MAX_RATIO = 100
RATIO_FROM_BYTES = 1_000_000
PICTURES = "word/media/"
_CHUNK = 64 * 1024


def _no_images(image) -> dict:
    # Pictures inside the document are not carried over: the featured image has its own
    # field, with the credit and licence a picture needs.
    return {}


@dataclass
class DocxBody:
    html: str
    # Citations read from a reference manager's fields, or None when there were none.
    citations: Imported | None = None


def docx_to_html(upload) -> str:
    """Clean HTML from an uploaded .docx, or a ValidationError that says what is wrong."""
    return read_docx(upload).html


def read_docx(upload) -> DocxBody:
    """The body of an uploaded .docx, with Zotero's citations as `<cite>` atoms whose keys
    are the works' provisional keys (articles.bibliography.zotero_docx)."""
    data = read_capped(
        upload,
        settings.SUBMISSION_MAX_DOCX_BYTES,
        _("The document is %(size)s MB; the limit is %(limit)s MB."),
        _("The document is larger than %(limit)s MB."),
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_unpacked_size(archive)
            fields = read_fields(archive)
        if fields.parts:
            data = rewritten_docx(data, fields.parts)
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise ValidationError(_("This is not a Word document (.docx)."), code="not_docx") from None
    except etree.LxmlError:
        raise _damaged() from None
    try:
        # Footnotes and endnotes come out as mammoth's linked list at the end; clean_html
        # moves each into the text as a note where it is called.
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=STYLE_MAP,
            convert_image=mammoth.images.img_element(_no_images),
        )
    except Exception:  # a damaged document can fail anywhere inside the converter
        raise _damaged() from None
    html, citations = clean_html(result.value), None
    if fields.citations or fields.warnings:
        # The tokens are placed in the stored form, where notes are already notes: turning
        # mammoth's note list into notes would drop a note holding only an (empty) <cite>.
        html, citations = place_citations(html, fields)
        html = clean_html(html)
    check_tables(html, _("the .docx file"))
    return DocxBody(html, citations)


def _check_unpacked_size(archive: zipfile.ZipFile) -> None:
    """ValidationError unless the archive is a .docx whose parts unpack within the caps.

    The directory's sizes are checked first, which costs nothing; then each part is
    decompressed and counted, at most one chunk past its cap, and must be the size the
    directory says, since that is the size the converter will trust.
    """
    parts = archive.infolist()
    if "word/document.xml" not in {info.filename for info in parts}:
        raise zipfile.BadZipFile
    if len(parts) > MAX_PARTS:
        raise ValidationError(
            _("The .docx file holds more than %(limit)s parts; a Word document has a few dozen.")
            % {"limit": MAX_PARTS},
            code="too_large",
        )
    for info in parts:
        # Word writes neither bzip2, lzma nor zip encryption.
        if info.compress_type not in {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}:
            raise zipfile.BadZipFile
        if info.flag_bits & 0x1:
            raise zipfile.BadZipFile
    _check_sizes([(info, info.file_size) for info in parts])
    unpacked = []
    for info in parts:
        unpacked.append((info, _unpacked_size(archive, info)))
        _check_sizes(unpacked)
        if unpacked[-1][1] != info.file_size:
            raise _damaged()


def _unpacked_size(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """The bytes the part really decompresses to, counting one chunk past its cap at most."""
    probe = copy.copy(info)
    # zipfile stops at the declared size (and checks the CRC there); declaring more than
    # the loop below ever reads makes it read on to the real end or to the cap.
    probe.file_size = MAX_PART_BYTES + 2 * _CHUNK
    size = 0
    with archive.open(probe) as part:
        while size <= MAX_PART_BYTES and (chunk := part.read(_CHUNK)):
            size += len(chunk)
    return size


def _check_sizes(sizes: list[tuple[zipfile.ZipInfo, int]]) -> None:
    """Refuses the first cap that (part, size) pairs pass, with a message that names it."""
    for info, size in sizes:
        if size > MAX_PART_BYTES:
            raise _expands(
                _("The .docx file expands to more than %(limit)s MB (%(part)s)."),
                MAX_PART_BYTES,
                info.filename,
            )
        if size > RATIO_FROM_BYTES and size > MAX_RATIO * max(info.compress_size, 1):
            raise ValidationError(
                _(
                    "A part of the .docx file (%(part)s) expands more than %(ratio)s times; "
                    "save the document again as .docx and retry."
                )
                % {"part": info.filename, "ratio": MAX_RATIO},
                code="too_large",
            )
    text = sum(size for info, size in sizes if not info.filename.startswith(PICTURES))
    if text > MAX_TEXT_BYTES:
        raise _expands(
            _("The .docx file expands to more than %(limit)s MB of text."), MAX_TEXT_BYTES
        )
    if sum(size for _info, size in sizes) > MAX_UNZIPPED_BYTES:
        raise _expands(_("The .docx file expands to more than %(limit)s MB."), MAX_UNZIPPED_BYTES)


def _expands(message: str, limit: int, part: str = "") -> ValidationError:
    values = {"limit": limit // 1_000_000, "part": part}
    return ValidationError(
        message % values + " " + _("Please send a smaller document."), code="too_large"
    )


def _damaged() -> ValidationError:
    return ValidationError(
        _("The document could not be read; save it again as .docx and retry."),
        code="damaged",
    )


# `[^label]` with its `[^label]: text`, and inline `^[text]`, become notes: the plugin writes
# them as linked footnotes, which clean_html moves into the text.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).use(
    footnote_plugin
)


def markdown_to_html(text: str) -> str:
    """Markdown rendered without raw HTML, then sanitised like everything else."""
    html = clean_html(_markdown.render(text or ""))
    check_tables(html, _("the body"))
    return html


def pasted_html(text: str) -> str:
    html = clean_html(text or "")
    check_tables(html, _("the body"))
    return html
