"""Importing one article item: every check first, then the writes, then publication."""

from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError

from articles.citations import validate_csl_item
from articles.interchange.common import Loc, author_slug, model_default, parse_moment
from articles.interchange.media import Picture
from articles.licences import ARTICLE_LICENCE_CHOICES, IMAGE_LICENCE_CHOICES
from articles.models import (
    Article,
    Authorship,
    BodyFigure,
    CreditedImage,
    FeaturedImage,
    Reference,
    Topic,
    new_reference_key,
)
from articles.workflow.steps import publish_language, unpublish_language
from colophon.lib.canonical import cited_keys
from colophon.lib.sanitise import clean_html
from series.models import Series, Volume

if TYPE_CHECKING:
    from articles.interchange.importer import Importer

ARTICLE_LICENCES = [spdx for spdx, _label in ARTICLE_LICENCE_CHOICES]
IMAGE_LICENCES = [spdx for spdx, _label in IMAGE_LICENCE_CHOICES]
IMAGE_TEXT = ("title", "creator", "source_url")


class ArticleImport:
    """One article item: `check()` finds every problem it can; `write()` runs if none."""

    def __init__(self, importer: "Importer", loc: Loc, item: dict) -> None:
        self.importer = importer
        self.loc = loc
        self.item = item
        self.series: Series | None = None
        self.article: Article
        self.image: FeaturedImage | None = None
        self.picture: Picture | None = None
        self.figures: list[tuple[BodyFigure, Picture | None]] = []
        self.published: dict[str, datetime] = {}
        self.authors: list[Authorship] = []
        self.topics: list[Topic] = []
        self.references: list[Reference] = []

    def fail(self, path: str | int, message: str, *more: str | int) -> None:
        self.importer.fail(self.loc.at(path, *more), message)

    def run(self) -> None:
        mark = len(self.importer.errors)
        self.check()
        if len(self.importer.errors) == mark and self.series is not None:
            self.write()

    # Checks ------------------------------------------------------------------------------

    def check(self) -> None:
        item, importer = self.item, self.importer
        self.series = importer.find_series(item["series"], self.loc.at("series"))
        existing = Article.all_objects.filter(slug=item["slug"]).first()
        self.article = article = existing or Article(slug=item["slug"])
        for name in ("title", "subtitle", "summary"):
            importer.set_text(article, name, item.get(name), self.loc.at(name))
        importer.set_text(article, "body", item.get("body"), self.loc.at("body"), clean_html)
        self.check_keywords()
        article.position = item.get("position", model_default(Article, "position"))
        article.original_language = item.get("original_language", settings.LANGUAGE_CODE)
        if article.original_language not in importer.languages:
            self.fail("original_language", _not_a_language(article.original_language, importer))
            # Carry on in the default language so that the other fields are still checked.
            article.original_language = settings.LANGUAGE_CODE
        article.licence = item.get("licence", model_default(Article, "licence"))
        article.doi = item.get("doi", "")
        if article.licence not in ARTICLE_LICENCES:
            self.fail("licence", _unknown_licence(article.licence, ARTICLE_LICENCES))
        # The body may place only the figures this item gives the piece.
        article.planned_figure_numbers = {f["number"] for f in item.get("figures", [])}
        importer.validate(article, self.loc.at, ["volume", "licence"])
        self.check_image()
        self.check_figures()
        self.check_published()
        self.check_authors()
        for ref in item.get("topics", []):
            topic = importer.topic_refs.get(ref)  # resolved (and reported) before any article
            if topic is not None and topic not in self.topics:
                self.topics.append(topic)
        self.check_references()

    def check_keywords(self) -> None:
        keywords = self.item.get("keywords", {})
        for language, words in keywords.items():
            for position, word in enumerate(words):
                if "," in word:
                    self.fail(
                        "keywords",
                        "a keyword cannot contain a comma (give each keyword separately)",
                        language,
                        position,
                    )
        joined = {
            language: ", ".join(w.strip() for w in words) for language, words in keywords.items()
        }
        self.importer.set_text(self.article, "keywords", joined, self.loc.at("keywords"))

    def check_image(self) -> None:
        item = self.item.get("image")
        if not item:
            return
        loc = self.loc.at("image")
        existing = None
        if self.article.pk is not None:
            existing = FeaturedImage.objects.filter(article_id=self.article.pk).first()
        self.image = existing or FeaturedImage()
        self.picture = self.check_credited(self.image, item, loc)

    def check_figures(self) -> None:
        existing = {}
        if self.article.pk is not None:
            existing = {f.number: f for f in BodyFigure.objects.filter(article_id=self.article.pk)}
        seen: set[int] = set()
        for position, item in enumerate(self.item.get("figures", [])):
            loc = self.loc.at("figures", position)
            number = item["number"]
            if number in seen:
                self.importer.fail(loc.at("number"), f"figure {number} is listed twice")
            seen.add(number)
            figure = existing.get(number) or BodyFigure(number=number)
            picture = self.check_credited(figure, item, loc)
            self.figures.append((figure, picture))

    def check_credited(self, image: CreditedImage, item: dict, loc: Loc) -> Picture | None:
        """Fill a featured image or figure from its item; report what is wrong with it."""
        for name in IMAGE_TEXT:
            setattr(image, name, item.get(name, ""))
        image.year = item.get("year")
        image.licence = item["licence"]
        if image.licence not in IMAGE_LICENCES:
            self.importer.fail(loc.at("licence"), _unknown_licence(image.licence, IMAGE_LICENCES))
        for name in ("alt", "caption"):
            self.importer.set_text(image, name, item.get(name), loc.at(name))
        language = self.article.original_language
        if not (image.localized("alt", language) or "").strip():
            self.importer.fail(
                loc.at("alt", language),
                "describe the image for readers who cannot see it, at least in the "
                "original language",
            )
        exclude = ["article", "file", "width", "height", "licence"]
        self.importer.validate(image, loc.at, exclude)
        return self.importer.picture(item["file"], loc.at("file"))

    def check_published(self) -> None:
        for language, value in self.item.get("published", {}).items():
            if language not in self.importer.languages:
                self.fail("published", _not_a_language(language, self.importer), language)
                continue
            try:
                self.published[language] = parse_moment(value)
            except ValueError:
                self.fail("published", f"{value} is not a real date or date-time", language)
            for name in ("title", "summary", "body"):
                if not (self.article.localized(name, language) or "").strip():
                    self.fail(
                        name, f"required because the {language} version is published", language
                    )
            # The original language's alt text is required anyway (check_image says so).
            if (
                self.image is not None
                and language != self.article.original_language
                and not (self.image.localized("alt", language) or "").strip()
            ):
                self.fail(
                    "image.alt", f"required because the {language} version is published", language
                )
            for position, (figure, _picture) in enumerate(self.figures):
                if (
                    language != self.article.original_language
                    and not (figure.localized("alt", language) or "").strip()
                ):
                    self.importer.fail(
                        self.loc.at("figures", position, "alt", language),
                        f"required because the {language} version is published",
                    )

    def check_authors(self) -> None:
        seen: set[tuple[str, str]] = set()
        for position, author in enumerate(self.item.get("authors", [])):
            loc = self.loc.at("authors", position)
            slug, role = author_slug(author), author.get("role", Authorship.Role.AUTHOR)
            if (slug, role) in seen:
                self.importer.fail(loc, f'"{slug}" is listed twice as {role}')
            seen.add((slug, role))
            contributor = self.importer.contributors.get(slug)
            if contributor is None:
                continue  # its profile's errors are already reported
            authorship = Authorship(contributor=contributor, role=role, position=position)
            authorship.take_snapshot(overwrite=True)
            if "name" in author:
                authorship.name = author["name"]
            if "affiliation" in author:
                self.importer.set_text(
                    authorship, "affiliation", author["affiliation"], loc.at("affiliation")
                )
            self.importer.validate(authorship, loc.at, ["article", "contributor"])
            self.authors.append(authorship)

    def check_references(self) -> None:
        keys: set[str] = set()
        given = {ref["id"] for ref in self.item.get("references", []) if "id" in ref}
        # An entry without an id keeps the key of the entry in its place, so importing the
        # same file again leaves the citations in the text pointing where they did.
        existing = {}
        if self.article.pk is not None:
            existing = dict(self.article.references.values_list("position", "key"))
        for position, ref in enumerate(self.item.get("references", [])):
            ref = dict(ref)
            kept = existing.get(position)
            key: str = ref.pop("id", None) or (kept if kept not in given else None) or ""
            key = key or new_reference_key()
            if key in keys:
                self.fail("references", f"two references have the key {key!r}", position)
            keys.add(key)
            options = {"key": key, "further_reading": bool(ref.pop("further_reading", False))}
            if "text" in ref:
                text = ref["text"].strip()
                self.references.append(Reference(position=position, text=text, **options))
                continue
            try:
                validate_csl_item(ref)
            except ValidationError as exc:
                for message in exc.messages:
                    self.fail("references", message, position)
            else:
                self.references.append(Reference(position=position, csl=ref, **options))
        bodies = (getattr(self.article, f"body_{code}", "") for code in self.importer.languages)
        for key in sorted(cited_keys(*bodies) - keys):
            self.fail(
                "body",
                f"the text cites {key!r}, which is not the id of one of its references",
            )

    # Writes ------------------------------------------------------------------------------

    def write(self) -> None:
        article, result = self.article, self.importer.result
        if article.pk is None:
            result.articles_new += 1
        else:
            result.articles_updated += 1
        article.volume, _created = Volume.objects.get_or_create(
            series=self.series, number=self.item["volume"]
        )
        article.save()
        article.topics.set(self.topics)
        article.authorships.all().delete()
        for authorship in self.authors:
            authorship.article = article
        # bulk_create keeps the snapshot as given, where save() would fill blanks from the profile.
        Authorship.objects.bulk_create(self.authors)
        article.references.all().delete()
        for reference in self.references:
            reference.article = article
        Reference.objects.bulk_create(self.references)
        self.write_image()
        self.write_figures()
        self.write_publication()

    def write_image(self) -> None:
        existing = FeaturedImage.objects.filter(article=self.article).first()
        if self.image is None:
            if existing is not None:
                self.importer.media.delete_after_commit(existing.file)
                existing.delete()
            return
        image = self.image
        image.article = self.article
        if self.picture is not None:  # else check() has reported why and write() is not reached
            self.importer.media.store(image.file, self.picture)
        image.save()
        self.importer.result.images += 1

    def write_figures(self) -> None:
        kept = [figure.number for figure, _picture in self.figures]
        for gone in BodyFigure.objects.filter(article=self.article).exclude(number__in=kept):
            self.importer.media.delete_after_commit(gone.file)
            gone.delete()
        for figure, picture in self.figures:
            figure.article = self.article
            if picture is not None:  # else check() has reported why and write() is not reached
                self.importer.media.store(figure.file, picture)
            figure.save()
            self.importer.result.images += 1

    def write_publication(self) -> None:
        article = self.article
        for language in self.importer.languages:
            wanted = self.published.get(language)
            current = article.localized("published_at", language)
            try:
                if wanted is None and current is not None:
                    unpublish_language(article, language)
                elif wanted is not None and (
                    wanted != current or article.status != Article.Status.PUBLISHED
                ):
                    # Importing a back catalogue must not e-mail its authors again.
                    publish_language(article, language, at=wanted, notify=False)
            except ValidationError as exc:
                for message in exc.messages:
                    self.fail("published", message, language)


def _not_a_language(language: str, importer: "Importer") -> str:
    languages = ", ".join(importer.languages)
    return f'"{language}" is not a language of this site (settings.LANGUAGES: {languages})'


def _unknown_licence(value: str, allowed: list[str]) -> str:
    return f"{value!r} is not one of these licences: {', '.join(allowed)}"
