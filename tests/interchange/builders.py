"""Documents, files and database snapshots for the interchange tests."""

import copy
import hashlib
import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from modeltranslation.translator import translator

from articles.models import Article, Authorship, BodyFigure, FeaturedImage, Reference, Topic
from contributors.models import Contributor
from series.models import Series, Volume
from tests.factories import image_bytes

ARTICLE = {
    "slug": "protection-gaps",
    "series": "protection-briefs",
    "volume": 4,
    "position": 1,
    "title": {"en": "Protection gaps", "es": "Brechas de protección"},
    "subtitle": {"en": "Criminal violence and internal displacement"},
    "summary": {"en": "A short summary.", "es": "Un breve resumen."},
    "body": {"en": "<p>The body.</p>", "es": "<p>El cuerpo.</p>"},
    "published": {"en": "2024-03-01", "es": "2024-06-15T09:30:00Z"},
    "original_language": "en",
    "licence": "CC-BY-4.0",
    "doi": "10.1234/colophon.4",
    "authors": [
        {
            "slug": "ana-perez",
            "name": "Ana Pérez",
            "given": "Ana",
            "family": "Pérez",
            "organisation": False,
            "role": "author",
            "affiliation": {"en": "University of Somewhere", "es": "Universidad de Algún Lugar"},
            "bio": {"en": "Ana writes about displacement.", "es": "Ana escribe."},
            "orcid": "0000-0002-1825-0097",
            "website": "https://example.org/ana",
        },
        {"slug": "idmc", "name": "Observatory", "organisation": True, "role": "translator"},
    ],
    "topics": ["idps", "Urban violence"],
    "keywords": {"en": ["displacement", "violence"], "es": ["desplazamiento"]},
    "image": {
        "file": "images/hillside.jpg",
        "title": "The Wrong Side of the Fence",
        "creator": "Jason Jacobs",
        "year": 2012,
        "source_url": "https://commons.wikimedia.org/wiki/File:Fence.jpg",
        "licence": "CC-BY-2.0",
        "alt": {"en": "A fence on a hillside at dusk", "es": "Una valla en una ladera"},
        "caption": {"en": "A hillside."},
    },
    "references": [
        {
            "type": "book",
            "title": "Internal Displacement",
            "author": [{"family": "Doe", "given": "Jane"}],
            "publisher": "Press",
            "issued": {"date-parts": [[2020]]},
        },
        {"text": "UN Guiding Principles on Internal Displacement (1998)."},
    ],
}

DOCUMENT = {
    "format": "colophon-interchange",
    "version": 1,
    "series": [
        {
            "slug": "protection-briefs",
            "title": {"en": "Protection Briefs", "es": "Notas de protección"},
            "description": {"en": "Short analyses.", "es": "Análisis breves."},
            "call_for_contributions": {"en": "Write to us."},
            "citation_style": "oscola",
            "position": 1,
            "active": True,
        }
    ],
    "volumes": [
        {
            "series": "protection-briefs",
            "number": 4,
            "title": {"en": "Criminal violence"},
            "published": "2024-03-01",
        }
    ],
    "topics": [{"slug": "idps", "name": {"en": "IDPs", "es": "Desplazados"}, "group": "theme"}],
    "articles": [ARTICLE],
}


def document(*articles: dict) -> dict:
    """A complete, valid document; with `articles`, those replace the default one."""
    doc = copy.deepcopy(DOCUMENT)
    if articles:
        doc["articles"] = [copy.deepcopy(article) for article in articles]
    return doc


def article(slug: str = "protection-gaps", **fields) -> dict:
    item = copy.deepcopy(ARTICLE)
    item["slug"] = slug
    item.update(fields)
    return item


def write(folder: Path, doc: dict | str, images: dict[str, bytes] | None = None) -> Path:
    """Write the document as folder/doc.json, with images (default: the one it names)."""
    folder.mkdir(parents=True, exist_ok=True)
    images = {"images/hillside.jpg": image_bytes("JPEG")} if images is None else images
    for name, data in images.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    path = folder / "doc.json"
    text = doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False, indent=2)
    path.write_text(text, encoding="utf-8")
    return path


# Snapshots ---------------------------------------------------------------------------------


def media_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


_KEYS = {
    Series: lambda o: o.slug,
    Volume: lambda o: (o.series.slug, o.number),
    Topic: lambda o: o.slug,
    Contributor: lambda o: o.slug,
    Article: lambda o: o.slug,
    Authorship: lambda o: (o.article.slug, o.contributor.slug, o.role),
    Reference: lambda o: (o.article.slug, o.position),
    FeaturedImage: lambda o: o.article.slug,
    BodyFigure: lambda o: (o.article.slug, o.number),
}
# Row bookkeeping, not content: the database sets these itself.
_SKIP = {"id", "created_at", "updated_at"}


def _value(instance: models.Model, field: models.Field):
    if isinstance(field, models.FileField):
        file = getattr(instance, field.name)
        if not file:
            return None
        with file.open("rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    if isinstance(field, models.ForeignKey):
        related = getattr(instance, field.name)
        key = _KEYS.get(type(related))
        return key(related) if key and related else getattr(related, "pk", None)
    return getattr(instance, field.attname)


def _ranked(rows: dict, model: type[models.Model]) -> dict:
    # The format carries the order of authors and references, not their position numbers.
    by_article: dict[str, list[dict]] = {}
    for row in rows.values():
        by_article.setdefault(row["article"], []).append(row)
    ranked = {}
    for article_slug, siblings in by_article.items():
        for rank, row in enumerate(sorted(siblings, key=lambda r: (r["position"], r.pop("id")))):
            row["position"] = rank
            key = (row["contributor"], row["role"]) if model is Authorship else rank
            ranked[repr((article_slug, key))] = row
    return ranked


def _empty_as_blank(field: models.Field, value):
    # modeltranslation leaves a language never written NULL where a form stores "": the
    # format, like the admin, has one notion of an empty text.
    if value is None and isinstance(field, (models.CharField, models.TextField)):
        return ""
    return value


def dump() -> dict:
    """Every field of every content row, keyed by natural keys so that ids do not matter."""
    snapshot = {}
    for model, key in _KEYS.items():
        proxies = set()
        if model in translator.get_registered_models():
            proxies = set(translator.get_options_for_model(model).fields)
        rows = {}
        for instance in model.objects.all():
            row = {
                field.name: _empty_as_blank(field, _value(instance, field))
                for field in model._meta.concrete_fields
                if field.name not in _SKIP and field.name not in proxies
            }
            if model in (Authorship, Reference):
                row["id"] = instance.pk  # breaks ties in _ranked, then dropped
            if model is Article:
                row["topics"] = sorted(topic.slug for topic in instance.topics.all())
            rows[repr(key(instance))] = row
        if model in (Authorship, Reference):
            rows = _ranked(rows, model)
        snapshot[model._meta.label] = rows
    return snapshot
