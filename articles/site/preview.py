"""Previews of a piece exactly as readers will see it, before it is public.

Editors preview from the admin; an outside reviewer or the author follows a signed link
that expires (settings.PREVIEW_LINK_DAYS) and needs no account. A link cannot be recalled
from whoever holds it, so it names the piece's preview generation: a takedown (unpublishing
with a reason, deleting, rejecting, withdrawing) moves that on in the same write as the
step itself, and every link handed out before it stops working.
"""

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, override

from articles.models import Article
from articles.models.workflow import Status
from colophon.lib.urls import absolute_url

SALT = "colophon.preview"


def preview_link(article: Article, language: str) -> str:
    payload = {"a": article.pk, "v": article.edit_version, "g": article.preview_generation}
    token = signing.dumps(payload, salt=SALT)
    with override(language):
        return absolute_url(reverse("preview", args=[token]))


def article_for_preview(pk: int, *, deleted: bool = False) -> Article | None:
    """The piece with everything its page shows; a deleted one only when `deleted` (editors
    look at what they may restore; a signed link never shows one)."""
    pieces = Article.all_objects if deleted else Article.objects
    pieces = pieces.for_listing().select_related("series").prefetch_related("references")
    return pieces.filter(pk=pk).first()


def render_preview(request: HttpRequest, article: Article) -> HttpResponse:
    context = {
        "article": article,
        "available_languages": [article.original_language],
        "original_language": article.original_language,
        "preview": True,
    }
    response = render(request, "articles/preview.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def signed_preview(request: HttpRequest, token: str) -> HttpResponse:
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.PREVIEW_LINK_DAYS * 86400)
    except signing.BadSignature:
        raise Http404 from None
    article = article_for_preview(payload.get("a"))
    # Links minted before generations existed carry none: they count as the first one.
    if article is None or payload.get("g", 0) != article.preview_generation:
        raise Http404
    # A link minted after the piece left consideration shows nothing either.
    if article.status in {Status.REJECTED, Status.WITHDRAWN}:
        raise Http404
    if not (article.localized("title", get_language()) or "").strip():
        # Not written in this language (yet): show the version that exists.
        with override(article.original_language):
            return redirect(reverse("preview", args=[token]))
    return render_preview(request, article)
