"""The submission portal: a contributor's own pieces, and nobody else's (others get 404)."""

from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from articles.bibliography.citable import citable_references
from articles.models import Article
from articles.models.workflow import INTERNAL_ACTIONS, allowed
from articles.site.preview import preview_link
from articles.workflow.steps import transition

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def own_submission(request: HttpRequest, pk: int) -> Article:
    user = cast("User", request.user)  # every caller is behind login_required
    return get_object_or_404(Article.objects, pk=pk, submitted_by=user)


@login_required
def submission_list(request: HttpRequest) -> HttpResponse:
    user = cast("User", request.user)  # login_required
    articles = (
        Article.objects.filter(submitted_by=user)
        .select_related("series")
        .order_by("-updated_at", "-pk")
    )
    return render(request, "submissions/list.html", {"articles": articles})


@login_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = own_submission(request, pk)
    # Internal notes are for editors only: only the messages meant for authors are shown.
    events = article.events.exclude(action__in=INTERNAL_ACTIONS).only(
        "at", "action", "from_status", "to_status", "message", "language"
    )
    context = {
        "article": article,
        "events": events,
        "can_edit": article.is_editable_by_author(),
        "can_withdraw": allowed(article, "withdraw"),
        "preview_url": preview_link(article, article.original_language),
    }
    return render(request, "submissions/detail.html", context)


@login_required
@require_POST
def submission_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    article = own_submission(request, pk)
    try:
        transition(
            article,
            "withdraw",
            request.user,
            message=request.POST.get("note", "")[:5000],
            expected=request.POST.get("expected") or None,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your piece is withdrawn."))
    return redirect("submissions:detail", pk=article.pk)


@login_required
@require_GET
@never_cache
def submission_citable_references(request: HttpRequest, pk: int) -> JsonResponse:
    """The references the text step's editor may cite, while the author can edit the piece."""
    article = own_submission(request, pk)
    if not article.is_editable_by_author():
        raise PermissionDenied
    return JsonResponse({"references": citable_references(article)})
