"""The submission portal: a contributor's own pieces, and nobody else's (others get 404)."""

from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from articles.models import Article
from articles.models.workflow import INTERNAL_ACTIONS, allowed
from articles.site.preview import preview_link
from articles.workflow.steps import transition
from portal import submissions
from portal.submission_forms import (
    DRAFT,
    RESUBMIT,
    SUBMIT,
    CoAuthorFormSet,
    ImageForm,
    ReferenceFormSet,
    SubmissionForm,
)
from series.models import Series
from throttling.ratelimit import client_address, over_limit

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


def _intent(request: HttpRequest, article: Article | None) -> str:
    if "submit" in request.POST:
        if article is not None and article.status == Article.Status.REVISIONS_REQUESTED:
            return RESUBMIT
        return SUBMIT
    return DRAFT


@login_required
@require_http_methods(["GET", "POST"])
def submission_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    article = own_submission(request, pk) if pk is not None else None
    if article is not None and not article.is_editable_by_author():
        messages.info(request, _("This piece is with the editors and cannot be edited now."))
        return redirect("submissions:detail", pk=article.pk)
    intent = _intent(request, article) if request.method == "POST" else DRAFT
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    initial = submissions.initial_for(article) if article else {"language": request.LANGUAGE_CODE}
    has_image = article is not None and hasattr(article, "image")
    resubmitting = article is not None and article.status == Article.Status.REVISIONS_REQUESTED
    form = SubmissionForm(
        data,
        files,
        initial=initial,
        intent=intent,
        editing=article is not None,
        resubmitting=resubmitting,
    )
    coauthors = CoAuthorFormSet(
        data,
        prefix="coauthors",
        initial=submissions.coauthor_initial(article) if article else None,
    )
    references = ReferenceFormSet(
        data,
        prefix="references",
        initial=submissions.reference_initial(article) if article else None,
    )
    image_form = ImageForm(
        data,
        files,
        prefix="image",
        initial=submissions.image_initial(article) if article else None,
        has_image=has_image,
    )
    context = {
        "form": form,
        "coauthors": coauthors,
        "references": references,
        "image_form": image_form,
        "article": article,
        "structured_references": article.references.filter(csl__isnull=False) if article else [],
        "open_series": Series.objects.open_for_submissions(),
        "resubmitting": resubmitting,
    }
    if request.method != "POST":
        return render(request, "submissions/form.html", context)
    if over_limit(
        "submission",
        [f"user:{request.user.pk}", f"ip:{client_address(request)}"],
        settings.SUBMISSION_RATE_PER_HOUR,
    ):
        form.add_error(None, _("You have saved too often in the last hour; try again later."))
        return render(request, "submissions/form.html", context, status=429)
    forms_valid = all(
        [form.is_valid(), coauthors.is_valid(), references.is_valid(), image_form.is_valid()]
    )
    if not forms_valid:
        return render(request, "submissions/form.html", context, status=400)
    try:
        article = submissions.save_submission(
            article, request.user, form, coauthors, references, image_form
        )
    except submissions.ImageNotStored:
        image_form.add_error(
            "file",
            _(
                "We could not store your image just now, so nothing is saved yet; your text "
                "is kept below. Please choose the image again and save."
            ),
        )
        return render(request, "submissions/form.html", context, status=503)
    warning = image_form.licence_warning()
    if warning:
        messages.warning(request, warning)
    try:
        if intent == SUBMIT:
            transition(article, "submit", request.user)
            messages.success(request, _("Thank you: your piece is submitted to the editors."))
        elif intent == RESUBMIT:
            transition(
                article, "resubmit", request.user, message=form.cleaned_data["response_note"]
            )
            messages.success(request, _("Your revised piece is back with the editors."))
        else:
            messages.success(request, _("Your draft is saved; come back to it at any time."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("submissions:detail", pk=article.pk)


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
