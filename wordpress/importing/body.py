"""A WordPress post's content turned into the markup Colophon's editor writes.

Classic-editor HTML is given paragraphs as wpautop would; block-editor markup is read
block by block (wordpress/importing/blocks.py); shortcodes are expanded or kept
(shortcodes.py); WordPress footnotes, the block editor's and the two-way links of older
plugins, become `<span data-note="">`. Images become numbered figure placeholders,
`<figure data-figure="N"></figure>`, described in `Body.figures` for the importer to
store. The result still goes through Article.save's sanitiser, like every other way in.
"""

from dataclasses import dataclass, field


@dataclass
class FigureSource:
    """An image the body shows, for the importer to store as figure `number`."""

    number: int
    url: str  # the <img src> (full size when the export says which)
    attachment_id: int  # from wp-image-N / the block's "id", or 0
    alt: str
    caption_html: str  # the caption as written, links kept (credits.parse_credit reads it)
    link: str  # where the image linked to, if anywhere


@dataclass
class Body:
    html: str
    figures: list[FigureSource] = field(default_factory=list)
    # Things the report lists for this post: "unknown block core/cover (kept its text)",
    # "unknown shortcode [tweet] kept as text", "Download PDF link to …/paper.pdf dropped".
    warnings: list[str] = field(default_factory=list)
    # URLs of uploaded PDFs the body linked to as the piece's download (redirected to the
    # piece's own PDF, and removed from the body).
    pdf_links: list[str] = field(default_factory=list)
    notes: int = 0  # how many notes the body now has


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
    raise NotImplementedError
