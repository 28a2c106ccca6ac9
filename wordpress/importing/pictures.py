"""A post's featured image and the pictures in its text, as credited Colophon images.

Every file is re-encoded like an upload. A credit is read from the caption where it can
be; otherwise the image is flagged "credit needed" for an editor. An image that cannot be
loaded is reported and left out (its place in the text removed); it never fails the post.
"""

import re
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any, Protocol, cast
from urllib.parse import urlsplit

from django.utils.html import strip_tags
from modeltranslation.utils import build_localized_fieldname

from articles.interchange.media import Media, Picture, reencoded
from articles.models import Article, BodyFigure, FeaturedImage
from articles.models.images import CreditedImage
from colophon.lib.languages import language_codes
from wordpress.importing.body import Body, FigureSource
from wordpress.importing.catalogue import Attachment, Catalogue
from wordpress.importing.credits import parse_credit
from wordpress.importing.records import Fields

FIGURE_NUMBER = re.compile(r'data-figure="(\d+)"')


class Loader(Protocol):
    """Where image bytes come from (wordpress/importing/media.py's MediaSource)."""

    def load(self, url: str) -> tuple[bytes | None, str]: ...


def file_name(url: str) -> str:
    return PurePosixPath(urlsplit(url).path).name or url


def drop_figure(html: str, number: int, caption_html: str = "", *, count: int = 0) -> str:
    """`html` without figure `number`; its caption, if any, stays as a paragraph, so that a
    picture that could not be imported takes none of the post's words with it."""
    kept = f"<p>{caption_html.strip()}</p>" if strip_tags(caption_html).strip() else ""
    return re.sub(
        rf'<figure\b[^>]*\bdata-figure="{number}"[^>]*>.*?</figure>',
        lambda _match: kept,
        html,
        count=count,
        flags=re.DOTALL,
    )


class Images:
    def __init__(
        self,
        catalogue: Catalogue,
        loader: Loader,
        media: Media,
        *,
        dry_run: bool,
        overwrite: bool,
        count: Callable[[str, str], None],
        warn: Callable[[str], None],
        by_url: dict[str, Attachment],
    ) -> None:
        self.catalogue = catalogue
        self.loader = loader
        self.media = media
        self.dry_run = dry_run
        self.overwrite = overwrite
        self.count = count
        self.warn = warn
        self.by_url = by_url  # the run's, built once (Run.by_url)
        self.attachments_used: set[int] = set()
        # Fields of images an editor changed since the last import, kept as they are.
        self.kept: list[str] = []

    def attachment(self, attachment_id: int, url: str = "") -> Attachment | None:
        if attachment_id and attachment_id in self.catalogue.attachments:
            return self.catalogue.attachments[attachment_id]
        return self.by_url.get(url) if url else None

    def _load(self, url: str, what: str) -> Picture | None:
        data, reason = self.loader.load(url)
        picture, problem = (None, reason) if data is None else reencoded(data, file_name(url))
        if picture is None:
            self.warn(f"{what} not imported: {file_name(url)}: {problem or 'not found'}")
        return picture

    def _store(self, image: CreditedImage, picture: Picture) -> None:
        # A dry run writes no file at all; its rows are rolled back with the transaction.
        if not self.dry_run:
            self.media.store(image.file, picture)

    def _credit(
        self, fields: Fields, caption_html: str, title: str, url: str, language: str
    ) -> None:
        credit = parse_credit(caption_html, fallback_title=title)
        image = cast(CreditedImage, fields.obj)
        if credit.needed:
            fields.set("title", (title or file_name(url))[:300])
            fields.set("creator", "")
            fields.set("licence", "")
            fields.set("year", None)
            fields.set("source_url", "")
            fields.set("credit_needed", True)
            if image.credit_needed:
                self.warn(f"credit needed: {file_name(url)}")
        else:
            fields.set("title", (credit.title or title or file_name(url))[:300])
            fields.set("creator", credit.creator[:200])
            fields.set("licence", credit.licence)
            fields.set("year", credit.year)
            fields.set("source_url", credit.source_url[:500])
            fields.set("credit_needed", False)
        fields.set(build_localized_fieldname("caption", language), credit.caption[:400])

    def _alt(
        self,
        fields: Fields,
        language: str,
        given: list[str],
        guesses: list[str],
        what: str,
    ) -> None:
        """Alt text for `language`: what the export gives, else the other language's (a
        copy), else a guess from caption or title, each of the last two with a warning."""
        image = cast(CreditedImage, fields.obj)
        name = build_localized_fieldname("alt", language)
        alt = next((text.strip() for text in given if text.strip()), "")
        if not alt:
            others = [
                (code, image.localized("alt", code))
                for code in language_codes()
                if code != language and image.localized("alt", code)
            ]
            if others:
                alt = others[0][1]
                self.warn(f"alt text of {what} copied from the {others[0][0]} version")
            else:
                alt = next((text.strip() for text in guesses if text.strip()), "")
                if alt:
                    self.warn(f"alt text of {what} guessed from its caption or title: {alt!r}")
                else:
                    self.warn(f"{what} has no alt text")
        fields.set(name, alt[:400])

    # The featured image -------------------------------------------------------------------

    def featured(self, article: Article, thumbnail_id: int, language: str, written: dict) -> None:
        """Store or update the featured image; `written` is the post record's hashes."""
        if not thumbnail_id:
            return
        attachment = self.attachment(thumbnail_id)
        if attachment is None:
            self.warn(f"featured image {thumbnail_id} is not in the export")
            return
        self.attachments_used.add(attachment.id)
        image = FeaturedImage.objects.filter(article=article).first()
        mine = written.get("image", {})
        if image is None or (mine and mine.get("source") != attachment.url):
            fresh, shared = True, False
        else:
            # Stored by this post before, or by the post in another language (shared).
            fresh, shared = False, mine.get("shared", not mine)
        picture = None
        if fresh:
            picture = self._load(attachment.url, "featured image")
            if picture is None:
                return
        image = image or FeaturedImage(article=article)
        fields = Fields(image, {} if fresh else mine, overwrite=self.overwrite)
        given = [attachment.alt]
        if shared:
            credit = parse_credit(attachment.caption, fallback_title=attachment.title)
            fields.set(build_localized_fieldname("caption", language), credit.caption[:400])
            # The same attachment as the other language's: its alt text is that language's.
            if attachment.alt in _other_alts(image, language):
                given = []
        else:
            self._credit(fields, attachment.caption, attachment.title, attachment.url, language)
        guesses = [] if shared else [strip_tags(attachment.caption), attachment.title]
        self._alt(fields, language, given, guesses, "the featured image")
        if picture is not None:
            self._store(image, picture)
        outcome = "new" if image.pk is None else "updated" if fields.touched else "unchanged"
        image.save()
        self.count("images", outcome)
        self.kept += [f"image.{name}" for name in fields.kept]
        written["image"] = {**fields.seal(), "source": attachment.url, "shared": shared}

    def fill_alt(self, article: Article, language: str) -> None:
        """Figures the other language placed and this one does not still need alt text in
        this language before it can be published: a copy, with a warning."""
        for figure in BodyFigure.objects.filter(article=article):
            if not (figure.localized("alt", language) or "").strip():
                fields = Fields(figure, {}, overwrite=True)
                self._alt(fields, language, [], [], f"figure {figure.number}")
                if fields.touched:
                    figure.save()

    # Figures in the text -------------------------------------------------------------------

    def figures(
        self, article: Article, body: Body, language: str, written: dict, known: dict[str, int]
    ) -> str:
        """Store the body's figures and return its html with their final numbers.

        `known` maps an image (attachment or URL) to the number it already has in this
        piece, from any language: the same picture keeps one number in every language.
        """
        existing = {figure.number: figure for figure in BodyFigure.objects.filter(article=article)}
        next_number = max([*existing, *known.values(), 0]) + 1
        numbers: dict[int, int] = {}
        sources: dict[int, tuple[str, FigureSource]] = {}
        captions: dict[str, str] = {}
        for figure in body.figures:
            key = _key(figure)
            # The same picture shown twice with two captions is two figures: one figure
            # has one caption, and neither caption may be lost.
            while key in captions and captions[key] != figure.caption_html:
                key += "+"
            captions[key] = figure.caption_html
            if key not in known:
                known[key] = next_number
                next_number += 1
            numbers[figure.number] = known[key]
            sources.setdefault(known[key], (key, figure))
        html = FIGURE_NUMBER.sub(
            lambda m: f'data-figure="{numbers.get(int(m[1]), int(m[1]))}"', body.html
        )
        mine = written.setdefault("figures", {})
        failed = set()
        for number, (key, source) in sources.items():
            stored = existing.get(number)
            if not self._figure(article, number, key, source, language, stored, mine):
                failed.add(number)
                # A gallery names its pictures by attachment ID only: the file is the attachment's.
                found = self.attachment(source.attachment_id, source.url)
                name = file_name(found.url if found else source.url)
                self.warn(f"figure {number} ({name}) removed from the text")
        for source in body.figures:  # in the order the text places them
            if numbers[source.number] in failed:
                html = drop_figure(html, numbers[source.number], source.caption_html, count=1)
        return html

    def _figure(
        self,
        article: Article,
        number: int,
        key: str,
        source: FigureSource,
        language: str,
        figure: BodyFigure | None,
        mine: dict[str, Any],
    ) -> bool:
        attachment = self.attachment(source.attachment_id, source.url)
        if attachment is not None:
            self.attachments_used.add(attachment.id)
        url = attachment.url if attachment else source.url
        record = mine.get(str(number), {})
        # Another language placed the same picture first: only this language's words.
        fresh = figure is None
        shared = not fresh and record.get("shared", record.get("source") != key)
        picture = None
        if fresh:
            picture = self._load(url, f"figure {number}")
            if picture is None:
                return False
        figure = figure or BodyFigure(article=article, number=number)
        fields = Fields(figure, {} if fresh else record, overwrite=self.overwrite)
        title = attachment.title if attachment else ""
        caption_html = source.caption_html or (attachment.caption if attachment else "")
        if shared:
            credit = parse_credit(caption_html, fallback_title=title)
            name = build_localized_fieldname("caption", language)
            fields.set(name, credit.caption[:400])
        else:
            self._credit(fields, caption_html, title, url, language)
        given = [attachment.alt if attachment else "", source.alt]
        if shared:
            given = [source.alt] if source.alt not in _other_alts(figure, language) else []
        guesses = [strip_tags(caption_html), title]
        self._alt(fields, language, given, [] if shared else guesses, f"figure {number}")
        if picture is not None:
            self._store(figure, picture)
        outcome = "new" if figure.pk is None else "updated" if fields.touched else "unchanged"
        figure.save()
        self.count("images", outcome)
        self.kept += [f"figure {number}.{name}" for name in fields.kept]
        mine[str(number)] = {**fields.seal(), "source": key, "shared": shared}
        return True


def _other_alts(image: CreditedImage, language: str) -> set[str]:
    return {image.localized("alt", code) for code in language_codes() if code != language}


def _key(figure: FigureSource) -> str:
    return f"attachment:{figure.attachment_id}" if figure.attachment_id else f"url:{figure.url}"
