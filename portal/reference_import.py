"""Importing references into one's own submission: paste or upload, preview, add the ticked
ones, back on the Bibliography step. The same form and preview as the admin's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from articles.bibliography.import_form import ReferenceImportForm, picked, preview_rows
from articles.bibliography.importing import (
    ReferenceImportError,
    add_references,
    read_references,
)
from portal.submission_views import own_submission
from throttling.ratelimit import client_address, over_limit

STEP = "references"
# Every post is read again in full, and one list of DOIs asks Crossref up to fifty times:
# enough for an author's preview, corrections and confirmation several times over.
IMPORT_RATE_PER_HOUR = 30


@login_required
@require_http_methods(["GET", "POST"])
def reference_import(request: HttpRequest, pk: int) -> HttpResponse:
    article = own_submission(request, pk)
    if not article.is_editable_by_author():
        messages.info(request, _("This piece is with the editors and cannot be edited now."))
        return redirect("submissions:detail", pk=article.pk)
    form = ReferenceImportForm(request.POST or None, request.FILES or None)
    rows, error = None, ""
    if request.method == "POST" and over_limit(
        "reference-import",
        [f"user:{request.user.pk}", f"ip:{client_address(request)}"],
        IMPORT_RATE_PER_HOUR,
    ):
        error = _("You have imported too often in the last hour; try again later.")
        context = {"article": article, "form": form, "rows": None, "error": error, "step": STEP}
        return render(request, "submissions/reference_import.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        text, filename = form.cleaned_data["text"], form.cleaned_data["filename"]
        try:
            candidates = read_references(text, filename, article.references.all())
        except ReferenceImportError as problem:
            error = str(problem)
        else:
            if "confirm" in request.POST:
                added = add_references(article, picked(candidates, request.POST.getlist("pick")))
                messages.success(
                    request,
                    ngettext(
                        "Added %(count)d reference.", "Added %(count)d references.", len(added)
                    )
                    % {"count": len(added)},
                )
                return redirect("submissions:step", pk=article.pk, step=STEP)
            rows = preview_rows(candidates, article)
    context = {"article": article, "form": form, "rows": rows, "error": error, "step": STEP}
    return render(
        request, "submissions/reference_import.html", context, status=400 if error else 200
    )
