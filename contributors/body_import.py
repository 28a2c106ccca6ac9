"""Turning what a contributor sends (pasted HTML, a .docx, Markdown) into clean HTML.

Every route ends in articles.sanitise.clean_html, the one allowlist for contributor HTML.
"""

import io
import zipfile

import mammoth
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from articles.sanitise import clean_html
from articles.uploads import read_capped

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
# A .docx is a zip: refuse one that would inflate past this before reading it.
MAX_UNZIPPED_BYTES = 60 * 1024 * 1024


def _no_images(image) -> dict:
    # Pictures inside the document are not carried over: the featured image has its own
    # field, with the credit and licence a picture needs.
    return {}


def docx_to_html(upload) -> str:
    """Clean HTML from an uploaded .docx, or a ValidationError that says what is wrong."""
    data = read_capped(
        upload,
        settings.SUBMISSION_MAX_DOCX_BYTES,
        _("The document is %(size)s MB; the limit is %(limit)s MB."),
        _("The document is larger than %(limit)s MB."),
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ValidationError(_("This is not a Word document (.docx)."), code="not_docx") from None
    if "word/document.xml" not in names:
        raise ValidationError(_("This is not a Word document (.docx)."), code="not_docx")
    if inflated > MAX_UNZIPPED_BYTES:
        raise ValidationError(
            _("The document unpacks to more than %(limit)s MB; please send a smaller one.")
            % {"limit": MAX_UNZIPPED_BYTES // 1_000_000},
            code="too_large",
        )
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=STYLE_MAP,
            # Footnote ids then already carry the prefix the sanitiser gives body ids,
            # so the note links keep working.
            id_prefix="body-",
            convert_image=mammoth.images.img_element(_no_images),
        )
    except Exception:  # a damaged document can fail anywhere inside the converter
        raise ValidationError(
            _("The document could not be read; save it again as .docx and retry."),
            code="damaged",
        ) from None
    return clean_html(result.value)


_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def markdown_to_html(text: str) -> str:
    """Markdown rendered without raw HTML, then sanitised like everything else."""
    return clean_html(_markdown.render(text or ""))


def pasted_html(text: str) -> str:
    return clean_html(text or "")
