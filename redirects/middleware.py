"""Old addresses answered with a 301 to where they lead now.

Two middlewares. RedirectFallbackMiddleware sits inside LocaleMiddleware and
CommonMiddleware and looks at nothing but a "not found" from below: every address this
site answers is served as if no redirect existed, and a page that answers 200 costs no
query. It must see the 404 before LocaleMiddleware, which turns a 404 for an address
without a language prefix (/?p=123, /2019/05/my-post/) into a redirect to /en/….

OldHostMiddleware comes first of all, for a site that moved to a new domain
(REDIRECT_OLD_HOSTS): a request on an old host is answered at once, with a 301 to the same
address on SITE_URL, or to a stored redirect's target. Requests on this site's own host
pay one set membership test; with no old host configured Django drops it altogether.
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import get_urlconf, is_valid_path
from django.utils.http import escape_leading_slashes

from colophon.lib.urls import absolute_url
from redirects.models import Redirect

# Browsers keep a 301 for good unless told otherwise; a redirect an editor corrects in the
# admin reaches readers within a day.
REDIRECT_MAX_AGE = 86_400
_PORT = re.compile(r":\d+$")

Handler = Callable[[HttpRequest], HttpResponse]


def _permanent(location: str) -> HttpResponse:
    response = HttpResponsePermanentRedirect(location)
    response["Cache-Control"] = f"max-age={REDIRECT_MAX_AGE}"
    return response


class RedirectFallbackMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in {"GET", "HEAD"}:
            return response
        if _slash_would_answer(request):
            # CommonMiddleware adds the slash next; a redirect stored for the slashed
            # address is tried then, so no row can stand in for one of this site's pages.
            return response
        query = request.META.get("QUERY_STRING", "")
        redirect = Redirect.objects.find(request.path_info, query)
        if redirect is None:
            return response
        # Site-relative, as stored: the reader stays on the scheme and host they came by.
        return _permanent(escape_leading_slashes(redirect.target(query)))


def _slash_would_answer(request: HttpRequest) -> bool:
    path = request.path_info
    return (
        settings.APPEND_SLASH
        and not path.endswith("/")
        and bool(is_valid_path(f"{path}/", getattr(request, "urlconf", None) or get_urlconf()))
    )


class OldHostMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.old_hosts = frozenset(host.lower() for host in settings.REDIRECT_OLD_HOSTS)
        if not self.old_hosts:
            raise MiddlewareNotUsed

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The Host header as sent: get_host() would validate it against ALLOWED_HOSTS,
        # and this runs before anything else has; only an exact old host is acted on.
        host = _PORT.sub("", request.META.get("HTTP_HOST", "")).lower()
        if host not in self.old_hosts:
            return self.get_response(request)
        query = request.META.get("QUERY_STRING", "")
        redirect = Redirect.objects.find(request.path_info, query)
        if redirect is not None:
            return _permanent(absolute_url(redirect.target(query)))
        return _permanent(absolute_url(request.get_full_path()))
