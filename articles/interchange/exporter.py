"""Export the whole site as an interchange document, images copied into a folder beside it.

Everything is written, drafts included, so that importing the file into an empty database
gives the same content back (docs/interchange.md says what the format cannot carry).
"""

import json
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, cast

from django.core.files.storage import Storage
from django.db.models import Prefetch
from django.db.models.fields.files import FieldFile
from modeltranslation.utils import build_localized_fieldname

from articles.interchange.common import (
    FORMAT,
    VERSION,
    InterchangeError,
    Loc,
    format_moment,
    profile_name_from_byline,
)
from articles.models import Article, Authorship, CreditedImage, Reference, Topic
from colophon.lib.languages import language_codes
from series.models import Series, Volume


@dataclass
class ExportResult:
    path: str
    images_dir: str
    series: int = 0
    volumes: int = 0
    topics: int = 0
    articles: int = 0
    contributors: int = 0
    images: int = 0

    def summary(self) -> str:
        counts = ", ".join(
            f"{number} {name if number == 1 else plural}"
            for number, name, plural in (
                (self.articles, "article", "articles"),
                (self.series, "series", "series"),
                (self.volumes, "volume", "volumes"),
                (self.topics, "topic", "topics"),
                (self.contributors, "contributor", "contributors"),
                (self.images, "image", "images"),
            )
        )
        return f"Exported {counts} to {self.path} (images in {self.images_dir})."


def export_to(path: Path | str, images_dir: Path | str | None = None) -> ExportResult:
    """Write the document to `path` and its images to `images_dir` (default: <stem>_images)."""
    path = Path(path)
    folder = path.resolve().parent
    images = Path(images_dir) if images_dir else path.parent / f"{path.stem}_images"
    images = images.resolve()
    if not images.is_relative_to(folder) or images == folder:
        raise InterchangeError(
            f"The images folder {images} must be a folder inside {folder}, where the "
            "document is written, so that the document can name its images relatively.",
            [],
        )
    exporter = _Exporter(folder, images)
    document = exporter.document()
    if exporter.errors:
        raise InterchangeError(
            f"Cannot export to {path}: {len(exporter.errors)} image file(s) are missing "
            "from the media storage; nothing was written.",
            exporter.errors,
        )
    images.mkdir(parents=True, exist_ok=True)
    for storage, name, target in exporter.files:
        with storage.open(name, "rb") as source:
            (images / target).write_bytes(source.read())
    folder.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)  # readers never see a half-written document
    result = exporter.result
    result.path = str(path)
    # Name the folder the way the user named the document, relative or absolute.
    result.images_dir = str(path.parent / images.relative_to(folder)) + os.sep
    return result


@dataclass
class _Exporter:
    folder: Path
    images: Path
    errors: list[str] = field(default_factory=list)
    files: list[tuple[Storage, str, str]] = field(default_factory=list)
    result: ExportResult = field(default_factory=lambda: ExportResult("", ""))

    def __post_init__(self) -> None:
        self.languages = language_codes()
        self.taken: set[str] = set()
        self.planned: dict[str, str] = {}
        self.contributors: set[int] = set()

    def text(self, instance, name: str) -> dict[str, str]:
        values = {
            language: getattr(instance, build_localized_fieldname(name, language)) or ""
            for language in self.languages
        }
        return {language: value for language, value in values.items() if value}

    def document(self) -> dict:
        series = [self.series(item) for item in Series.objects.order_by("position", "pk")]
        volumes = [
            self.volume(item)
            for item in Volume.objects.select_related("series").order_by(
                "series__position", "series_id", "number"
            )
        ]
        topics = [self.topic(item) for item in Topic.objects.order_by("slug")]
        articles = [self.article(index, item) for index, item in enumerate(_articles())]
        result = self.result
        result.series, result.volumes, result.topics = len(series), len(volumes), len(topics)
        result.articles, result.contributors = len(articles), len(self.contributors)
        return {
            "format": FORMAT,
            "version": VERSION,
            "series": series,
            "volumes": volumes,
            "topics": topics,
            "articles": articles,
        }

    def series(self, series: Series) -> dict:
        return {
            "slug": series.slug,
            "title": self.text(series, "title"),
            "description": self.text(series, "description"),
            "call_for_contributions": self.text(series, "call_for_contributions"),
            "citation_style": series.citation_style,
            "position": series.position,
            "active": series.is_active,
        }

    def volume(self, volume: Volume) -> dict:
        return {
            "series": volume.series.slug,
            "number": volume.number,
            "title": self.text(volume, "title"),
            "description": self.text(volume, "description"),
            "published": volume.published_on.isoformat() if volume.published_on else None,
        }

    def topic(self, topic: Topic) -> dict:
        return {"slug": topic.slug, "name": self.text(topic, "name"), "group": topic.group}

    def article(self, index: int, article: Article) -> dict:
        loc = Loc("articles", index, article.slug)
        published = {}
        for language in self.languages:
            moment = article.localized("published_at", language)
            if moment is not None:
                published[language] = format_moment(moment)
        keywords = {}
        for language in self.languages:
            stored = article.localized("keywords", language) or ""
            words = [word.strip() for word in stored.split(",") if word.strip()]
            if words:
                keywords[language] = words
        # None for a submission not yet given a volume, which the two lines below fail on.
        volume = article.volume
        return {
            "slug": article.slug,
            "series": volume.series.slug,  # type: ignore[union-attr]  # None for a submission
            "volume": volume.number,  # type: ignore[union-attr]  # None for a submission
            "position": article.position,
            "title": self.text(article, "title"),
            "subtitle": self.text(article, "subtitle"),
            "summary": self.text(article, "summary"),
            "body": self.text(article, "body"),
            "published": published,
            "original_language": article.original_language,
            "licence": article.licence,
            "doi": article.doi,
            "authors": [
                self.author(loc.at("authors", position), authorship)
                for position, authorship in enumerate(article.authorships.all())
            ],
            "topics": sorted(topic.slug for topic in article.topics.all()),
            "keywords": keywords,
            "image": self.image(loc.at("image"), article),
            "references": [self.reference(reference) for reference in article.references.all()],
        } | self.figures(loc, article)

    @staticmethod
    def reference(reference: Reference) -> dict:
        entry = reference.csl if reference.csl is not None else {"text": reference.text}
        entry = {**entry, "id": reference.key}
        return entry | ({"further_reading": True} if reference.further_reading else {})

    def author(self, loc: Loc, authorship: Authorship) -> dict:
        contributor = authorship.contributor
        self.contributors.add(contributor.pk)
        item: dict[str, Any] = {
            "slug": contributor.slug,
            "role": authorship.role,
            "name": authorship.name,
            "given": contributor.given_name,
            "family": contributor.family_name,
            "organisation": contributor.is_organisation,
            "affiliation": self.text(authorship, "affiliation"),
            "bio": self.text(contributor, "bio"),
            "orcid": contributor.orcid,
            "website": contributor.website,
            "photo": self.file(loc.at("photo"), contributor.photo, contributor.slug),
        }
        # The byline is a snapshot; where the profile has moved on, say so separately.
        profile: dict[str, Any] = {}
        implied = profile_name_from_byline(
            authorship.name,
            contributor.given_name,
            contributor.family_name,
            contributor.is_organisation,
        )
        if implied != contributor.name:
            profile["name"] = contributor.name
        affiliation = self.text(contributor, "affiliation")
        if affiliation != item["affiliation"]:
            profile["affiliation"] = affiliation
        if profile:
            item["profile"] = profile
        return item

    def image(self, loc: Loc, article: Article) -> dict | None:
        image = getattr(article, "image", None)
        if image is None:
            return None
        return self.credited(loc, image, article.slug)

    def figures(self, loc: Loc, article: Article) -> dict:
        # Only a piece that has figures gets the key, so that a document without any still
        # reads in a Colophon that predates figures.
        items = [
            {"number": figure.number}
            | self.credited(loc.at("figures", position), figure, article.slug)
            for position, figure in enumerate(article.figures.all())
        ]
        return {"figures": items} if items else {}

    def credited(self, loc: Loc, image: CreditedImage, owner: str) -> dict:
        self.result.images += 1
        return {
            "file": self.file(loc.at("file"), image.file, owner),
            "title": image.title,
            "creator": image.creator,
            "year": image.year,
            "source_url": image.source_url,
            "licence": image.licence,
            "alt": self.text(image, "alt"),
            "caption": self.text(image, "caption"),
        }

    def file(self, loc: Loc, fieldfile: FieldFile, owner: str) -> str | None:
        """Plan the copy of a stored file; return its path relative to the document."""
        if not fieldfile:
            return None
        name = cast(str, fieldfile.name)  # a file is there, so it has a name
        if not fieldfile.storage.exists(name):
            self.errors.append(loc.error(f"{name} is missing from the media storage"))
            return None
        if name in self.planned:  # a contributor's photo, seen in an earlier byline
            return self.planned[name]
        base = PurePath(name).name
        target = base if base not in self.taken else f"{owner}-{base}"
        counter = 2
        while target in self.taken:
            target = f"{owner}-{counter}-{base}"
            counter += 1
        self.taken.add(target)
        self.files.append((fieldfile.storage, name, target))
        relative = (self.images / target).relative_to(self.folder).as_posix()
        self.planned[name] = relative
        return relative


def _articles():
    return (
        Article.objects.select_related("volume__series", "image")
        .prefetch_related(
            Prefetch("authorships", queryset=Authorship.objects.select_related("contributor")),
            "topics",
            "references",
            "figures",
        )
        .order_by(
            "volume__series__position", "volume__series_id", "volume__number", "position", "slug"
        )
    )
