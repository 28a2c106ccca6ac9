"""A WordPress post's content turned into the markup Colophon's editor writes.

Classic-editor HTML is given paragraphs as wpautop would; block-editor markup is read
block by block (wordpress/importing/blocks.py); shortcodes are expanded or kept
(shortcodes.py); WordPress footnotes, the block editor's and the two-way links of older
plugins, become `<span data-note="">`. Images become numbered figure placeholders,
`<figure data-figure="N"></figure>`, described in `Body.figures` for the importer to
store. The result still goes through Article.save's sanitiser, like every other way in.
"""

import json
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from colophon.lib.foreign_notes import inline_notes
from colophon.lib.notes import parse, serialise
from wordpress.importing import block_kinds, blocks, embeds, images
from wordpress.importing.conversion import Conversion, FigureSource
from wordpress.importing.pdf_links import drop_pdf_links
from wordpress.importing.shortcodes import classic_html

__all__ = ["Body", "FigureSource", "classic_html", "convert_body"]


@dataclass
class Body:
    html: str
    figures: list[FigureSource] = field(default_factory=list)
    # Things the report lists for this post: "unknown block core/cover (its text was
    # kept)", "unknown shortcode [tweet] kept as text", "Download PDF link to … dropped".
    warnings: list[str] = field(default_factory=list)
    # URLs of uploaded PDFs the body linked to as the piece's download (redirected to the
    # piece's own PDF, and removed from the body).
    pdf_links: list[str] = field(default_factory=list)


def convert_body(
    content: str,
    *,
    footnotes_meta: str = "",
    first_figure: int = 1,
    uploads_url: str = "",
) -> Body:
    """`content` (<content:encoded>) as Colophon body markup.

    `footnotes_meta` is the post's "footnotes" postmeta (JSON, WordPress 6.3+), which holds
    the text of the block editor's notes. Figures are numbered from `first_figure` (a
    translation numbers its own figures after the original's). `uploads_url` is the site's
    uploads folder URL, to recognise links to uploaded PDFs.
    """
    conversion = Conversion(
        first_figure=first_figure,
        uploads_url=uploads_url,
        footnotes=_footnotes(footnotes_meta),
    )
    content = (content or "").replace("\r\n", "\n").replace("\r", "\n")
    if blocks.has_blocks(content):
        markup = block_kinds.render(content, conversion)
    else:
        markup = classic_html(content, conversion)
    markup = inline_notes(markup) if markup.strip() else ""
    if not markup.strip():
        return Body("", conversion.figures, conversion.warnings, conversion.pdf_links)
    root = parse(markup)
    _block_editor_notes(root, conversion)
    drop_pdf_links(root, conversion)
    embeds.keep_emoji(root)
    embeds.players_as_links(root)
    embeds.foreign_as_text(root, conversion)
    embeds.drop_spacers(root)
    images.place_images(root, conversion)
    html = serialise(root)
    return Body(html, conversion.figures, conversion.warnings, conversion.pdf_links)


def _footnotes(meta: str) -> dict[str, str]:
    # [{"id": "…", "content": "…"}, …]; anything else holds no notes.
    try:
        value = json.loads(meta) if meta and meta.strip() else []
    except ValueError:
        return {}
    if not isinstance(value, list):
        return {}
    return {
        str(note["id"]): str(note.get("content") or "")
        for note in value
        if isinstance(note, dict) and note.get("id")
    }


def _block_editor_notes(root: HtmlElement, conversion: Conversion) -> None:
    # <sup data-fn="ID" class="fn"><a href="#ID" id="ID-link">1</a></sup>: the note's text
    # is in the post's "footnotes" meta.
    for call in list(root.iter("sup")):
        key = call.get("data-fn")
        if key is None:
            continue
        text = conversion.footnotes.get(key, "")
        if not text.strip():
            conversion.warn(f"footnote {key} has no text in the post's footnotes and was dropped")
            images.remove_keeping_tail(call)
            continue
        note = parse(f'<span data-note="">{text}</span>')[0]
        note.tail = call.tail
        parent = call.getparent()
        if parent is not None:
            parent.replace(call, note)
