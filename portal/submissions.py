"""Writing a contributor's submission into an Article, one step at a time: the submission
is the article.

Everything is written in one transaction, so a refused image or reference leaves nothing
half-saved, and an image the storage took for a save that then failed is deleted again.
Status changes go through the workflow (articles/workflow/steps.py), never here.
"""

import logging
from typing import cast

import reversion
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from articles.models import Article, Authorship, FeaturedImage, Reference
from colophon.lib import slugs
from colophon.lib.storage_errors import storage_errors
from contributors.models import Contributor
from portal.accounts import contributor_for, unique_slug
from portal.imported_references import add_references

logger = logging.getLogger(__name__)

# Where in Article.declarations the portal keeps which steps were saved and where the
# contributor was heading, so that a draft opens again on that step.
PROGRESS = "form_progress"


class ImageNotStored(Exception):
    """The storage could not take the image just now; nothing of the submission is saved."""


def unique_article_slug(title: str) -> str:
    # all_objects: a soft-deleted piece keeps its slug, so a new piece never takes it over.
    return slugs.unique_slug(title, Article.all_objects, limit=100, fallback="piece")


def initial_for(article: Article) -> dict:
    """What the form shows when a contributor comes back to their piece."""
    language = article.original_language
    return {
        "language": language,
        "series": article.series_id,
        "title": article.localized("title", language),
        "summary": article.localized("summary", language),
        "body": article.localized("body", language),
        "body_format": "html",
        "has_body": bool(article.localized("body", language)),
        "keywords": article.localized("keywords", language),
        "topics": list(article.topics.values_list("pk", flat=True)),
        "licence": article.licence,
        "original_work": bool(article.declarations.get("original_work")),
        "consent": bool(article.declarations.get("consent_at")),
    }


def coauthor_initial(article: Article) -> list[dict]:
    language = article.original_language
    return [
        {
            "name": a.name,
            "email": a.contributor.email,
            "affiliation": getattr(a, build_localized_fieldname("affiliation", language)),
            "bio": getattr(a.contributor, build_localized_fieldname("bio", language)),
        }
        for a in _coauthorships(article)
    ]


def image_initial(article: Article) -> dict:
    image = getattr(article, "image", None)
    if image is None:
        return {}
    return {
        "alt": image.localized("alt", article.original_language),
        "title": image.title,
        "creator": image.creator,
        "year": image.year,
        "source_url": image.source_url,
        "licence": image.licence,
    }


def _coauthorships(article: Article):
    """The co-authors the submitting account typed in; never a record an editor added."""
    return (
        article.authorships.filter(
            role=Authorship.Role.AUTHOR,
            contributor__user__isnull=True,
            contributor__added_by=article.submitted_by,
            contributor__added_by__isnull=False,
        )
        .select_related("contributor")
        .order_by("position")
    )


def save_step(article: Article | None, user, step: str, parts: dict, go: str) -> Article:
    """Write one step's `parts` (its bound, valid forms) and note `go`, the step the
    contributor moves on to; raise ImageNotStored (or the error) with nothing written."""
    stored: list[str] = []  # files the storage took during this save
    try:
        # A revision of every save, as the admin records one (articles/models/revisions.py).
        with transaction.atomic(), reversion.create_revision():
            reversion.set_user(user)
            reversion.set_comment("Saved by the author in the submission portal")
            return _save(article, user, step, parts, go, stored)
    except Exception as error:
        # The rows are rolled back; a file stored for them would be left with no owner.
        for name in stored:
            try:
                default_storage.delete(name)
            except storage_errors():
                logger.warning("Could not delete %s, stored for a failed submission", name)
        if isinstance(error, storage_errors()):
            raise ImageNotStored from error
        raise


def _save(article, user, step: str, parts: dict, go: str, stored: list[str]) -> Article:
    if article is None:
        # Only the first step starts a piece: its title names the draft.
        data = parts["piece"].cleaned_data
        article = Article(
            original_language=data["language"],
            submitted_by=user,
            slug=unique_article_slug(data["title"]),
        )
    language = article.original_language
    if step == "piece":
        _save_piece(article, parts["piece"].cleaned_data, language)
    elif step == "text":
        body = parts["body"].cleaned_data.get("body_html")
        citations = parts["body"].cleaned_data.get("citations")
        if body is not None and citations is not None and article.pk is not None:
            # In this transaction: a failed save leaves neither the text nor the entries.
            body = add_references(article, body, citations).body
        if body is not None:
            setattr(article, build_localized_fieldname("body", language), body)
    elif step == "declarations":
        _save_declarations(article, parts["declarations"].cleaned_data)
    article.declarations = progress_after(article.declarations, step, go)
    article.save()
    # Optimistic locking: an editor's form opened before this save will be refused.
    Article.objects.filter(pk=article.pk).update(edit_version=F("edit_version") + 1)
    if step == "piece":
        article.topics.set(parts["piece"].cleaned_data.get("topics") or [])
    _save_me(article, user)
    if step == "authors":
        _save_coauthors(article, user, parts["coauthors"], language)
    elif step == "references":
        _save_references(article, parts["references_text"], parts["references"])
    elif step == "image":
        _save_image(article, parts["image"], language, stored)
        if "figures" in parts:
            _save_figures(article, parts["figures"], stored)
    return article


def progress_after(declarations: dict | None, step: str, go: str) -> dict:
    """The declarations with the steps saved so far and the step to come back to."""
    declarations = dict(declarations or {})
    progress = dict(declarations.get(PROGRESS) or {})
    progress["saved"] = sorted({*progress.get("saved", []), step})
    progress["step"] = go
    declarations[PROGRESS] = progress
    return declarations


def _save_piece(article: Article, data: dict, language: str) -> None:
    for name in ("title", "summary", "keywords"):
        setattr(article, build_localized_fieldname(name, language), data.get(name, ""))
    article.series = data.get("series")


def _save_declarations(article: Article, data: dict) -> None:
    article.licence = data["licence"]
    declarations = dict(article.declarations or {})
    declarations["original_work"] = bool(data.get("original_work"))
    if data.get("consent") and not declarations.get("consent_at"):
        declarations["consent_at"] = timezone.now().isoformat()
    elif not data.get("consent"):
        declarations.pop("consent_at", None)
    article.declarations = declarations


def _save_me(article: Article, user) -> None:
    Authorship.objects.get_or_create(
        article=article,
        contributor=contributor_for(user),
        role=Authorship.Role.AUTHOR,
        defaults={"position": 0},
    )


def _save_coauthors(article: Article, user, coauthors, language: str) -> None:
    # Co-authors have no account. Rows are matched by position, so editing a co-author
    # updates their record; a row removed drops the byline but keeps the record.
    existing = list(_coauthorships(article))
    rows = [row for row in coauthors.cleaned_data if row and row.get("name")]
    for position, row in enumerate(rows, start=1):
        localized = {
            build_localized_fieldname("affiliation", language): row.get("affiliation", ""),
            build_localized_fieldname("bio", language): row.get("bio", ""),
        }
        if existing:
            authorship = existing.pop(0)
            contributor = authorship.contributor
            contributor.name = row["name"]
            contributor.family_name = row["name"].split()[-1]
            contributor.email = row.get("email", "")
            for field, value in localized.items():
                setattr(contributor, field, value)
            contributor.save()
            authorship.position = position
            authorship.take_snapshot()
            authorship.save()
            continue
        contributor = Contributor.objects.create(
            name=row["name"],
            family_name=row["name"].split()[-1],
            slug=unique_slug(row["name"]),
            email=row.get("email", ""),
            language=language,
            added_by=user,
            **localized,
        )
        Authorship.objects.create(article=article, contributor=contributor, position=position)
    for authorship in existing:
        authorship.delete()


def _save_references(article: Article, text_form, references) -> None:
    # Entries are saved in place, so each keeps the key its citations in the text name.
    references.instance = article
    references.save()
    last = article.references.order_by("-position").values_list("position", flat=True).first()
    position = 0 if last is None else last + 1
    for text in text_form.reference_texts():
        Reference.objects.create(article=article, position=position, text=text[:5000])
        position += 1


def _save_image(article: Article, image_form, language: str, stored: list[str]) -> None:
    data = image_form.cleaned_data
    image = FeaturedImage.objects.filter(article=article).first()
    if data.get("remove"):
        if image is not None:
            image.delete()
        return
    if image is None and not data.get("file"):
        return
    image = image or FeaturedImage(article=article)
    if data.get("file"):
        image.file = data["file"]
    setattr(image, build_localized_fieldname("alt", language), data["alt"])
    for name in ("title", "creator", "year", "source_url", "licence"):
        setattr(image, name, data[name])
    try:
        image.save()
    finally:
        # Set once the storage has the new file, even when the row then fails to save.
        if data.get("file") and getattr(image.file, "_committed", False):
            stored.append(cast(str, image.file.name))  # a stored file has a name


def _save_figures(article: Article, figures, stored: list[str]) -> None:
    """The figures in the text, added, changed and removed as the formset says."""
    figures.instance = article
    try:
        figures.save()
    finally:
        # As for the featured image: note each new file the storage took.
        for form in figures.forms:
            file = getattr(form.instance, "file", None)
            if "file" in form.changed_data and file and getattr(file, "_committed", False):
                stored.append(cast(str, file.name))
