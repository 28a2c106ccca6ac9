"""Pages of a list, the same on every public list."""

from typing import Any

from django.conf import settings
from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest


def paginate(request: HttpRequest, queryset: QuerySet[Any]) -> Page[Any]:
    """One page of `queryset` (settings.PAGE_SIZE per page); 404 for a page that is not there."""
    try:
        return Paginator(queryset, settings.PAGE_SIZE).page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(str(error)) from error
