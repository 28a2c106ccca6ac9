"""The bibliography form's live preview in the portal: a posted reference form, formatted
in the style of the series the piece is proposed for, as JSON."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.bibliography.citing import citation_style
from articles.bibliography.preview import preview_entry
from portal.submission_views import own_submission
from series.models import Series
from throttling.ratelimit import over_limit

# A preview is asked for as the author types (debounced): far more often than a save.
PREVIEW_RATE_PER_HOUR = 1200


@login_required
@require_POST
def reference_preview(request: HttpRequest) -> JsonResponse:
    if over_limit("reference-preview", [f"user:{request.user.pk}"], PREVIEW_RATE_PER_HOUR):
        message = _("Too many previews in the last hour; the entry is still saved as usual.")
        return JsonResponse({"html": "", "errors": {"__all__": [message]}}, status=429)
    article = None
    raw = request.POST.get("article", "")
    if raw:
        if not raw.isdigit():
            raise PermissionDenied
        article = own_submission(request, int(raw))  # 404 for anybody else's piece
        if not article.is_editable_by_author():
            raise PermissionDenied
    series = None
    if article is None and request.POST.get("series", "").isdigit():
        series = Series.objects.open_for_submissions().filter(pk=request.POST["series"]).first()
    style = citation_style(article, series)
    language = article.original_language if article else request.LANGUAGE_CODE
    return JsonResponse(preview_entry(request.POST, style, language, article))
