"""A short-lived pointer from "this document, now" to its stored render.

Computing a content version takes the whole snapshot (four wide queries); serving a
cached PDF should cost about what serving a static file does. So a download first runs
one narrow query (is it published? when did its pieces last change?) and looks up a
pointer keyed by that answer; only on a miss does it build the snapshot.

The key holds the pieces' `updated_at` (every save of a piece and every publication
step moves it) and the renderer's version (a deploy with new templates misses). A change
that does not save the piece itself (a reference, a byline, a bio, the image file, a
series title) is caught by the render-ahead task, which re-renders and repoints the key
at once in a shared cache, and otherwise when the pointer expires (PDF_POINTER_TTL
seconds; docs/pdf.md). Publication is checked in the database on every request.
"""

from dataclasses import asdict, dataclass
from typing import cast

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max

from articles.models import Article, PdfRender
from articles.pdf.content import ARTICLE, VOLUME, PdfSource, renderer_version

DEFAULT_TTL = 60


@dataclass(frozen=True)
class Pointer:
    version: str
    name: str
    size: int
    created: int  # Unix time the version was first seen: Last-Modified
    filename: str
    language: str


def article_stamp(language: str, **filters) -> tuple[int, str] | None:
    """(pk, stamp) of the piece matching `filters` if it is public in `language`."""
    row = (
        Article.objects.published(language)
        .filter(**filters)
        .values_list("pk", "updated_at")
        .first()
    )
    return (row[0], row[1].isoformat()) if row else None


def collection_stamp(language: str, **filters) -> str | None:
    """How many public pieces a volume or series has in `language`, and their last change."""
    totals = (
        Article.objects.published(language)
        .filter(**filters)
        .order_by()
        .aggregate(count=Count("pk"), last=Max("updated_at"))
    )
    if not totals["count"]:
        return None
    return f"{totals['count']}:{totals['last'].isoformat()}"


def stamp_of(kind: str, pk: int, language: str) -> str | None:
    if kind == ARTICLE:
        found = article_stamp(language, pk=pk)
        return found[1] if found else None
    field = "volume_id" if kind == VOLUME else "volume__series_id"
    return collection_stamp(language, **{field: pk})


def _key(kind: str, pk: int, language: str, stamp: str) -> str:
    return f"pdf-pointer:{renderer_version()[:16]}:{kind}:{pk}:{language}:{stamp}"


def ttl() -> int:
    return getattr(settings, "PDF_POINTER_TTL", DEFAULT_TTL)


def lookup(kind: str, pk: int, language: str, stamp: str) -> Pointer | None:
    value = cache.get(_key(kind, pk, language, stamp))
    return Pointer(**value) if value else None


def forget(kind: str, pk: int, language: str, stamp: str) -> None:
    cache.delete(_key(kind, pk, language, stamp))


def remember(source: PdfSource, render: PdfRender, stamp: str | None = None) -> Pointer:
    """Point (document, language, stamp) at `render`; the stamp is looked up if not given."""
    pointer = Pointer(
        version=source.version,
        # A finished render, which has its file and its size.
        name=cast(str, render.file.name),
        size=cast(int, render.size),
        created=int(render.created_at.timestamp()),
        filename=source.filename,
        language=source.language,
    )
    stamp = stamp or stamp_of(source.kind, source.object_id, source.language)
    if stamp is not None:
        cache.set(
            _key(source.kind, source.object_id, source.language, stamp), asdict(pointer), ttl()
        )
    return pointer


def pointer_for(source: PdfSource, render: PdfRender) -> Pointer:
    """A pointer that is not cached (previews of drafts, a previous version)."""
    return Pointer(
        render.version,
        # A finished render, which has its file and its size.
        cast(str, render.file.name),
        cast(int, render.size),
        int(render.created_at.timestamp()),
        source.filename,
        source.language,
    )
