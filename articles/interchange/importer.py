"""Import an interchange document: check everything, then write everything or nothing.

The document is checked against the JSON Schema first; then every object is checked and
written in order (series, volumes, topics, contributors, articles) inside one transaction,
each in its own savepoint so that one bad object does not hide the problems of the next.
If anything was wrong, the transaction is rolled back and the media files written on the
way are deleted, so the database and MEDIA_ROOT are left exactly as they were.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import translation
from django.utils.text import slugify
from modeltranslation.fields import TranslationField
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from articles.interchange.article_items import ArticleImport
from articles.interchange.common import (
    PLAIN_TEXT_VERSION,
    SECTIONS,
    InterchangeError,
    Loc,
    item_label,
    model_default,
    parse_moment,
    read_document,
    schema_errors,
)
from articles.interchange.contributor_items import import_contributors
from articles.interchange.media import Media, Picture, load_picture
from articles.models import Topic
from colophon.lib.languages import language_codes
from colophon.lib.sanitise import text_to_short_html
from contributors.models import Contributor
from series.models import Series, Volume

# Model field name -> key in the document, where they differ.
SERIES_KEYS = {"is_active": "active"}
VOLUME_KEYS = {"published_on": "published"}


@dataclass
class ImportResult:
    path: str
    articles_new: int = 0
    articles_updated: int = 0
    series: int = 0
    contributors: int = 0
    images: int = 0

    def summary(self) -> str:
        articles = self.articles_new + self.articles_updated
        return (
            f"Imported {_count(articles, 'article')} ({self.articles_new} new, "
            f"{self.articles_updated} updated), {_count(self.series, 'series', 'series')}, "
            f"{_count(self.contributors, 'contributor')}, {_count(self.images, 'image')} "
            f"from {self.path}."
        )


def _count(number: int, singular: str, plural: str = "") -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


class _Failed(Exception):
    """Raised inside the transaction so that it rolls back."""


def import_file(path: Path | str) -> ImportResult:
    """Import the document at `path`; raise InterchangeError (nothing written) on any problem."""
    path = Path(path)
    data = read_document(path)
    errors = schema_errors(data)
    if errors:
        raise InterchangeError(
            f"{path} does not follow the interchange format ({_count(len(errors), 'error')}); "
            "nothing was imported.",
            errors,
        )
    importer = Importer(data, base=path.resolve().parent, result=ImportResult(str(path)))
    try:
        # Messages (Django's validation messages among them) in one known language, whatever
        # language the caller had active.
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            importer.run()
            if importer.errors:
                raise _Failed
    except _Failed:
        importer.media.discard()
        raise InterchangeError(
            f"{path} has {_count(len(importer.errors), 'error')}; nothing was imported.",
            importer.errors,
        ) from None
    except BaseException:
        importer.media.discard()
        raise
    return importer.result


class Importer:
    def __init__(self, data: dict, base: Path, result: ImportResult) -> None:
        self.data = data
        self.base = base
        self.result = result
        self.errors: list[str] = []
        self.languages = language_codes()
        self.media = Media()
        self.broken: set[tuple[str, str]] = set()
        self.contributors: dict[str, Contributor] = {}
        self.topic_refs: dict[str, Topic | None] = {}
        self.mark = 0
        # Bios and descriptions: plain text in older files, converted as the migration that
        # made them short rich text converted the site's own; saving sanitises either.
        plain = data.get("version", PLAIN_TEXT_VERSION) == PLAIN_TEXT_VERSION
        self.short_text: Callable[[str], str] | None = text_to_short_html if plain else None

    def run(self) -> None:
        self.check_duplicates()
        for section, method in (
            ("series", self.import_series),
            ("volumes", self.import_volume),
            ("topics", self.import_topic),
        ):
            for index, item in enumerate(self.data.get(section, [])):
                self.attempt(Loc(section, index, item_label(section, item)), method, item)
        import_contributors(self)
        articles = [
            (Loc("articles", i, a["slug"]), a) for i, a in enumerate(self.data["articles"])
        ]
        # Topics are settled before any article and outside any savepoint, so that a topic
        # created for one article is never rolled back under the next one that uses it.
        for loc, item in articles:
            self.resolve_topics(loc, item)
        for loc, item in articles:
            self.attempt(loc, self.import_article, item)

    # Error bookkeeping -----------------------------------------------------------------

    def fail(self, loc: Loc, message: str) -> None:
        self.errors.append(loc.error(message))

    def attempt(self, loc: Loc, method: Callable, item: Any) -> None:
        """Check and write one object in a savepoint, turning what goes wrong into errors."""
        mark = self.mark = len(self.errors)
        try:
            with transaction.atomic():
                method(loc, item)
                self.stop_if_failed()
        except _Failed:
            pass
        except ValidationError as exc:
            self.report(exc, lambda path: loc.at(path))
        except DatabaseError as exc:
            self.fail(loc, f"the database refused it ({exc})")
        if len(self.errors) > mark and loc.section:
            self.broken.add((loc.section, loc.label))

    def stop_if_failed(self) -> None:
        """Leave the current object (rolling back its savepoint) if it has any error."""
        if len(self.errors) > self.mark:
            raise _Failed

    def report(self, exc: ValidationError, locate: Callable[[str], Loc], model=None) -> None:
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                self.fail(locate(""), message)
            return
        for name, errors in exc.error_dict.items():
            path = "" if name == NON_FIELD_ERRORS else _document_path(model, name)
            for message in ValidationError(errors).messages:
                self.fail(locate(path), message)

    def validate(self, instance: models.Model, locate: Callable[[str], Loc], exclude=()) -> None:
        """Run the model's own validation; the base name of a translated field is a proxy."""
        proxies = (
            translator.get_options_for_model(type(instance)).fields  # type: ignore[attr-defined]  # set by modeltranslation's metaclass
            if _translated(type(instance))
            else {}
        )
        try:
            instance.full_clean(
                exclude=[*exclude, *proxies], validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            self.report(exc, locate, type(instance))

    def check_duplicates(self) -> None:
        for section in SECTIONS:
            seen: dict[str, int] = {}
            for index, item in enumerate(self.data.get(section, [])):
                key = item_label(section, item)
                if key in seen:
                    where = Loc(section, seen[key], key)
                    self.fail(
                        Loc(section, index, key), f"appears twice in the file (also {where})"
                    )
                seen.setdefault(key, index)

    # Small readers -----------------------------------------------------------------------

    def set_text(self, instance, name: str, mapping: dict | None, loc: Loc, clean=None) -> None:
        """Fill every language of a translated field; a language not in the map is empty."""
        mapping = mapping or {}
        for language in mapping:
            if language not in self.languages:
                self.fail(
                    loc.at(language),
                    f'"{language}" is not a language of this site '
                    f"(settings.LANGUAGES: {', '.join(self.languages)})",
                )
        for language in self.languages:
            value = mapping.get(language, "")
            setattr(
                instance,
                build_localized_fieldname(name, language),
                clean(value) if clean else value,
            )

    def find_series(self, slug: str, loc: Loc) -> Series | None:
        series = Series.objects.filter(slug=slug).first()
        if series is None and ("series", slug) not in self.broken:
            self.fail(loc, f'no series "{slug}" in the file or in the database')
        return series

    def picture(self, relative: str, loc: Loc) -> Picture | None:
        picture, message = load_picture(self.base, relative)
        if message:
            self.fail(loc, message)
        return picture

    # Series, volumes, topics -------------------------------------------------------------

    def import_series(self, loc: Loc, item: dict) -> None:
        series = Series.objects.filter(slug=item["slug"]).first() or Series(slug=item["slug"])
        for name in ("title", "call_for_contributions"):
            self.set_text(series, name, item.get(name), loc.at(name))
        self.set_text(
            series, "description", item.get("description"), loc.at("description"), self.short_text
        )
        series.citation_style = item.get("citation_style", model_default(Series, "citation_style"))
        series.position = item.get("position", model_default(Series, "position"))
        series.is_active = item.get("active", model_default(Series, "is_active"))
        self.validate(series, lambda path: loc.at(_renamed(path, SERIES_KEYS)))
        self.stop_if_failed()
        series.save()
        self.result.series += 1

    def import_volume(self, loc: Loc, item: dict) -> None:
        series = self.find_series(item["series"], loc.at("series"))
        if series is None:
            raise _Failed
        volume = Volume.objects.filter(series=series, number=item["number"]).first()
        volume = volume or Volume(series=series, number=item["number"])
        self.set_text(volume, "title", item.get("title"), loc.at("title"))
        self.set_text(
            volume, "description", item.get("description"), loc.at("description"), self.short_text
        )
        volume.published_on = self.date(item.get("published"), loc.at("published"))
        self.validate(volume, lambda path: loc.at(_renamed(path, VOLUME_KEYS)), ["series"])
        self.stop_if_failed()
        volume.save()

    def date(self, value: str | None, loc: Loc):
        if not value:
            return None
        try:
            return parse_moment(value).date()
        except ValueError:
            self.fail(loc, f"{value} is not a real date")
            return None

    def import_topic(self, loc: Loc, item: dict) -> None:
        topic = Topic.objects.filter(slug=item["slug"]).first() or Topic(slug=item["slug"])
        self.set_text(topic, "name", item.get("name"), loc.at("name"))
        topic.group = item.get("group", "")
        self.validate(topic, loc.at)
        self.stop_if_failed()
        topic.save()

    def resolve_topics(self, loc: Loc, item: dict) -> None:
        for position, ref in enumerate(item.get("topics", [])):
            self.topic(ref, loc.at("topics", position))

    def topic(self, ref: str, loc: Loc) -> Topic | None:
        """A topic named by slug or default-language name, created from the name if new."""
        if ref in self.topic_refs:
            return self.topic_refs[ref]
        name_field = build_localized_fieldname("name", settings.LANGUAGE_CODE)
        topic = (
            Topic.objects.filter(slug=ref).first()
            or Topic.objects.filter(**{f"{name_field}__iexact": ref}).first()
            or Topic.objects.filter(slug=slugify(ref)).first()
        )
        if topic is None and ("topics", ref) not in self.broken:
            topic = Topic(slug=slugify(ref), group="")
            self.set_text(topic, "name", {settings.LANGUAGE_CODE: ref}, loc)
            try:
                topic.full_clean(exclude=["name"], validate_unique=False)
            except ValidationError as exc:
                self.fail(loc, f"cannot create a topic from {ref!r}: {' '.join(exc.messages)}")
                topic = None
            else:
                topic.save()
        self.topic_refs[ref] = topic
        return topic

    # Articles ----------------------------------------------------------------------------

    def import_article(self, loc: Loc, item: dict) -> None:
        ArticleImport(self, loc, item).run()


def _translated(model: type[models.Model]) -> bool:
    return model in translator.get_registered_models()


def _renamed(path: str, keys: dict[str, str]) -> str:
    head, dot, rest = path.partition(".")
    return keys.get(head, head) + dot + rest


def _document_path(model: type[models.Model] | None, name: str) -> str:
    """`title_es` -> `title.es`: where a model field's value sits in a document item."""
    if model is None:
        return name
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    if isinstance(model_field, TranslationField):
        return f"{model_field.translated_field.name}.{model_field.language}"
    return name
