"""Previews of a piece exactly as readers will see it, before it is public.

Editors preview from the admin; an outside reviewer or the author follows a signed link
that expires (settings.PREVIEW_LINK_DAYS) and needs no account.
"""

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, override

from articles.models import Article
from articles.workflow_models import Status

SALT = "colophon.preview"


def preview_link(article: Article, language: str) -> str:
    token = signing.dumps({"a": article.pk, "v": article.edit_version}, salt=SALT)
    with override(language):
        return settings.SITE_URL + reverse("preview", args=[token])


def article_for_preview(pk: int) -> Article:
    return Article.objects.for_listing().prefetch_related("references").filter(pk=pk).first()


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
    # A link cannot be recalled, so it dies with the piece's candidacy.
    if article is None or article.status in {Status.REJECTED, Status.WITHDRAWN}:
        raise Http404
    if not (article.localized("title", get_language()) or "").strip():
        # Not written in this language (yet): show the version that exists.
        with override(article.original_language):
            return redirect(reverse("preview", args=[token]))
    return render_preview(request, article)
