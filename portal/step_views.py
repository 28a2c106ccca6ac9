"""The submission form, one step per page. Every step saves the draft, complete or not;
only the last step submits, and only a piece with nothing missing (portal/steps.py)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from articles.models import Article
from articles.site.preview import preview_link
from articles.workflow.steps import transition
from portal import steps, submissions
from portal.imported_references import messages_for
from portal.step_forms import all_valid, step_parts
from portal.submission_views import own_submission
from series.models import Series
from throttling.ratelimit import client_address, over_limit


@login_required
def submission_resume(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft opens on the step its author was on, or the first with something missing."""
    article = own_submission(request, pk)
    return redirect("submissions:step", pk=article.pk, step=steps.resume_step(article))


@login_required
@require_http_methods(["GET", "POST"])
def submission_step(request: HttpRequest, pk: int | None = None, step: str = steps.FIRST):
    article = own_submission(request, pk) if pk is not None else None
    if step not in steps.SLUGS or (article is None and step != steps.FIRST):
        raise Http404
    if article is not None and not article.is_editable_by_author():
        messages.info(request, _("This piece is with the editors and cannot be edited now."))
        return redirect("submissions:detail", pk=article.pk)
    parts = step_parts(step, article, request)
    if request.method != "POST":
        return _render(request, article, step, parts)
    if over_limit(
        "submission",
        [f"user:{request.user.pk}", f"ip:{client_address(request)}"],
        settings.SUBMISSION_RATE_PER_HOUR,
    ):
        error = _("You have saved too often in the last hour; try again later.")
        return _render(request, article, step, parts, status=429, error=error)
    if not all_valid(parts):
        return _render(request, article, step, parts, status=400)
    go = request.POST.get("go")
    go = go if go in steps.SLUGS else step
    try:
        article = submissions.save_step(article, request.user, step, parts, go)
    except submissions.ImageNotStored:
        parts["image"].add_error(
            "file",
            _(
                "We could not store your image just now, so nothing is saved yet; your text "
                "is kept below. Please choose the image again and save."
            ),
        )
        return _render(request, article, step, parts, status=503)
    if step == "image":
        for warning in [parts["image"].licence_warning(), *_figure_warnings(parts)]:
            if warning:
                messages.warning(request, warning)
    if step == "text" and parts["body"].cleaned_data.get("citations"):
        summary, warnings = messages_for(parts["body"].cleaned_data["citations"])
        if summary:
            messages.info(request, summary)
        for warning in warnings:
            messages.warning(request, warning)
    if step == steps.LAST and "submit" in request.POST:
        return _submit(request, article, parts)
    messages.success(request, _("Your draft is saved; come back to it at any time."))
    return redirect("submissions:step", pk=article.pk, step=go)


def _submit(request: HttpRequest, article: Article, parts: dict) -> HttpResponse:
    missing = steps.missing_items(article)
    if missing:
        for name, message in steps.DECLARATION_ERRORS.items():
            if any(item.field == f"id_{name}" for item in missing):
                parts["declarations"].add_error(name, message)
        error = _("Not submitted yet: the piece still lacks what is listed below.")
        return _render(request, article, steps.LAST, parts, 400, error, missing)
    note = parts["declarations"].cleaned_data.get("response_note", "")
    resubmitting = article.status == Article.Status.REVISIONS_REQUESTED
    try:
        if resubmitting:
            transition(article, "resubmit", request.user, message=note)
            messages.success(request, _("Your revised piece is back with the editors."))
        else:
            transition(article, "submit", request.user)
            messages.success(request, _("Thank you: your piece is submitted to the editors."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("submissions:detail", pk=article.pk)


def _figure_warnings(parts: dict) -> list[str]:
    return parts["figures"].licence_warnings() if "figures" in parts else []


def _render(request, article, step, parts, status=200, error=None, missing=None):
    """The step's page; `missing` when the caller has just worked it out."""
    if missing is None:
        missing = steps.missing_items(article)
    before, after = steps.neighbours(step)
    context = {
        **parts,
        "article": article,
        "step": step,
        "marks": steps.progress(article, step, missing),
        "step_missing": [item for item in missing if item.step == step],
        "all_missing": missing,
        "before": before,
        "after": after,
        "error": error,
        "has_errors": any(_has_errors(part) for part in parts.values()),
        "resubmitting": article is not None
        and article.status == Article.Status.REVISIONS_REQUESTED,
        "open_series": Series.objects.open_for_submissions() if step == "piece" else [],
        "preview_url": preview_link(article, article.original_language) if article else "",
        # The scripts and styles of the step's widgets (the rich-text editor).
        "media": sum((part.media for part in parts.values() if part is not None), forms.Media()),
    }
    return render(request, f"submissions/steps/{step}.html", context, status=status)


def _has_errors(part) -> bool:
    if hasattr(part, "total_error_count"):
        return bool(part.total_error_count())
    return bool(part.errors)
