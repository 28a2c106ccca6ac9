"""What converting one body collects besides its markup: figures, warnings, PDF links."""

from dataclasses import dataclass, field


@dataclass
class FigureSource:
    """An image the body shows, for the importer to store as figure `number`."""

    number: int
    url: str  # the full-size image: the <img src> without WordPress's "-300x200" size
    attachment_id: int  # from wp-image-N / the block's "id", or 0
    alt: str
    caption_html: str  # the caption as written, links kept (credits.parse_credit reads it)
    link: str  # where the image linked to, if anywhere
    src: str = ""  # the <img src> exactly as the body had it ("" for a [gallery] id)


# Marks the placeholders this conversion made, apart from any the content itself held.
MARK = "data-wordpress-figure"


def placeholder(number: int) -> str:
    return f'<figure data-figure="{number}" {MARK}=""></figure>'


@dataclass
class Conversion:
    first_figure: int = 1
    uploads_url: str = ""
    footnotes: dict[str, str] = field(default_factory=dict)
    figures: list[FigureSource] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pdf_links: list[str] = field(default_factory=list)

    def add_figure(
        self,
        *,
        url: str,
        attachment_id: int = 0,
        alt: str = "",
        caption_html: str = "",
        link: str = "",
        src: str = "",
    ) -> int:
        number = self.first_figure + len(self.figures)
        self.figures.append(
            FigureSource(number, url, attachment_id, alt, caption_html.strip(), link, src)
        )
        return number

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)
