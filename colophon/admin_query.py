"""The editors' admin drops query-string values holding a NUL character, and says so.

PostgreSQL refuses a NUL in any text it compares, and the admin hands list filter values
(`?status__exact=`, `?kind__exact=`, a third-party app's `?queue_name=` …) to the
database unchecked: one such value in an address made a changelist fail with a server
error. No real filter, search or sort value holds a NUL, so the admin answers the same
page without it. The search box (`?q=`) is already checked by Django's own search form;
public pages validate their parameters through forms.
"""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

NUL = "\x00"


def without_nul(query: QueryDict) -> QueryDict:
    """`query` less every name or value that holds a NUL."""
    kept = QueryDict(mutable=True)
    for name, values in query.lists():
        clean = [value for value in values if NUL not in value]
        if NUL not in name and clean:
            kept.setlist(name, clean)
    return kept


class AdminNulQueryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method in {"GET", "HEAD"}
            and "%00" in request.META.get("QUERY_STRING", "")
            and request.path.startswith(reverse("admin:index"))
        ):
            kept = without_nul(request.GET)
            if kept != request.GET:
                messages.warning(
                    request,
                    _("A filter or search value held a null character and was left out."),
                )
                query = kept.urlencode()
                return HttpResponseRedirect(f"{request.path}?{query}" if query else request.path)
        return self.get_response(request)
