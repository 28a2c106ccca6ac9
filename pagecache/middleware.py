"""Public pages answered from the cache, with validators and headers a CDN can use.

Placed before the session, locale, CSRF and auth middleware, so that a hit costs at most
one single-row query (the generation; usually none), one cache get and no URL resolving.
What a miss stores is decided after the view has run, from its URL name and its
response; see docs/caching.md. Which query parameters count is pagecache/variants.py.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import ResolverMatch, reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language_from_request

from pagecache import generation, variants

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD"})
CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)
# The reading site (articles, series, authors, topics, search, editors' pages) and feeds.
PUBLIC_NAMESPACES = frozenset({"articles", "series", "contributors", "pages", "feeds"})
# Outside the language prefix: sitemaps, robots.txt and OAI-PMH.
PUBLIC_NAMES = frozenset({"sitemap", "sitemap-section", "robots", "oai"})
# Vary headers the key already covers: nothing is stored compressed, and the language is
# in the path or, outside the language prefix, part of the key.
HARMLESS_VARY = frozenset({"accept-encoding", "accept-language"})
MAX_BYTES = 2 * 1024 * 1024
# In front of a shared cache (Redis), each process keeps this many recent pages of its
# own, so the pages everyone reads are served without a network round trip. Their keys
# carry the generation too, so they go out of date with the shared ones.
LOCAL_ENTRIES = 200
LOCAL_CACHE_NAME = "pagecache-local"
STATUS_HEADER = "X-Page-Cache"
# A hit knows only the path, not the view, so each process learns from the pages it stores
# which parameters each path's view reads (`path_reads`); a path it has not met yet is
# looked up with its query string as sent. Forgotten whole when this many paths are known.
KNOWN_PATHS = 20_000
path_reads: dict[str, frozenset[str] | None] = {}

# (body, status, headers, ETag, Last-Modified as a Unix time or None): plain data, cheap
# to pickle, where a pickled HttpResponse would drag its request-bound state along.
Entry = tuple[bytes, int, tuple[tuple[str, str], ...], str, int | None]


def in_transaction() -> bool:
    """Whether the request runs inside an open transaction.

    Only tests do that (each test is one transaction): the page would be made from rows
    no other request can see yet, so it may neither be stored nor replace a fresher one.
    """
    return connection.in_atomic_block


def is_public_view(match: ResolverMatch | None) -> bool:
    """The reading views, never the admin, accounts, submissions, previews or PDFs."""
    if match is None:
        return False
    if match.namespace:
        return match.namespace in PUBLIC_NAMESPACES
    return match.url_name in PUBLIC_NAMES


def cdn_cache_control() -> str:
    seconds = settings.PAGE_CACHE_CDN_SECONDS
    if not seconds:
        return "public, no-cache"
    # Browsers revalidate every time (a cheap 304); shared caches keep it for `seconds`.
    return f"public, max-age=0, s-maxage={seconds}"


def last_modified(state: generation.State) -> int | None:
    """When public pages last changed, unless that was within this second.

    HTTP dates have whole seconds: a second change in the same second would otherwise be
    answered "not modified" to a client that validates by date alone. The ETag still
    identifies the page meanwhile.
    """
    changed = int(state.changed_at.timestamp())
    return changed if changed < int(time.time()) else None


def storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Content-Encoding") or len(response.content) > MAX_BYTES:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {name.strip().lower() for name in response.get("Vary", "").split(",")} - {""}
    if not vary <= HARMLESS_VARY:
        return False
    return is_public_view(getattr(request, "resolver_match", None))


def prepare(response: HttpResponse, state: generation.State) -> Entry:
    """Give a cacheable page its validators and Cache-Control; return what is stored."""
    content = response.content
    if not response.has_header("ETag"):
        response["ETag"] = f'"{hashlib.blake2b(content, digest_size=16).hexdigest()}"'
    modified = last_modified(state)
    if modified is not None and not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = cdn_cache_control()
    return content, response.status_code, tuple(response.items()), response["ETag"], modified


def replay(entry: Entry) -> HttpResponse:
    content, status, headers, _etag, _modified = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    return response


def conditional(
    request: HttpRequest, response: HttpResponse, etag: str, modified: int | None
) -> HttpResponse:
    if not any(name in request.META for name in CONDITIONAL_HEADERS):
        return response
    answer = get_conditional_response(
        request, etag=etag, last_modified=modified, response=response
    )
    return response if answer is None else answer


class PageCacheMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.prefixes = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)
        self.forwarded_host = settings.USE_X_FORWARDED_HOST
        self.local = local_cache()
        # The health check reports on the database and storage as they are right now,
        # never through the cache (which would fail first when the database is down).
        self.uncached = frozenset({reverse("healthz")})

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info in self.uncached:
            return self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            # Editors and contributors always get a fresh page, which no browser or CDN
            # may keep or show to anyone else.
            response = self.get_response(request)
            control = response.get("Cache-Control", "")
            if not ("private" in control and "no-store" in control):  # else already stricter
                patch_cache_control(response, private=True, no_cache=True)
            return response
        if (
            request.method not in SAFE_METHODS
            or not settings.PAGE_CACHE_ENABLED
            or in_transaction()
        ):
            return self.get_response(request)
        state = generation.current()
        if state is None:
            return self.get_response(request)
        names = path_reads.get(request.path_info, variants.ALL)
        key = self.key(request, state, variants.query(request, names))
        entry = self.cache_get(key)
        if entry is not None:
            response = conditional(request, replay(entry), entry[3], entry[4])
            response[STATUS_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if not storable(request, response):
            return response
        entry = prepare(response, state)
        # HEAD shares GET's entry but never fills it: a server may have dropped its body.
        if request.method == "GET":
            self.store(request, state, entry)
        response = conditional(request, response, entry[3], entry[4])
        response[STATUS_HEADER] = "miss"
        return response

    def address(self, request: HttpRequest) -> str:
        """Everything that names the page except its query string."""
        meta = request.META
        # The host headers as sent, unvalidated: that is cheaper than get_host(), and safe,
        # because only a request whose host passed validation (in CommonMiddleware, on
        # the miss) ever stores a page. Feeds print absolute links with the request's
        # scheme and host, so both are part of the key.
        host = meta.get("HTTP_HOST") or f"{meta.get('SERVER_NAME')}:{meta.get('SERVER_PORT')}"
        if self.forwarded_host:
            host = f"{meta.get('HTTP_X_FORWARDED_HOST', '')} {host}"
        # Outside the language prefix (sitemaps, OAI-PMH) the language is negotiated.
        prefixed = request.path_info.startswith(self.prefixes)
        language = "" if prefixed else get_language_from_request(request)
        return f"{request.scheme}\n{host}\n{request.path}\n{language}"

    def key(self, request: HttpRequest, state: generation.State, query: str) -> str:
        where = f"{self.address(request)}\n{query}"
        return f"page:{state.token}:{digest(where)}"

    def store(self, request: HttpRequest, state: generation.State, entry: Entry) -> None:
        """Store a page under the query parameters its view reads, if it may be stored."""
        names = variants.reads(request.resolver_match)
        if request.path_info not in path_reads:
            if len(path_reads) >= KNOWN_PATHS:
                path_reads.clear()
            path_reads[request.path_info] = names
        query = variants.query(request, names)
        if query and not self.admit(request, state):
            return
        self.cache_set(self.key(request, state, query), entry)

    def admit(self, request: HttpRequest, state: generation.State) -> bool:
        """Whether one more query string of this address may be stored (MAX_VARIANTS).

        Counted in the shared cache, by every process, for the current generation only.
        Pages that are stored again (after expiring, or by two processes at once) count
        again, which errs on the side of storing less.
        """
        name = f"page-variants:{state.token}:{digest(self.address(request))}"
        shared = caches[settings.PAGE_CACHE_ALIAS]
        try:
            shared.add(name, 0, settings.PAGE_CACHE_SECONDS)
            try:
                count = shared.incr(name)
            except ValueError:  # expired (or was evicted) between add and incr
                shared.set(name, 1, settings.PAGE_CACHE_SECONDS)
                count = 1
        except Exception:
            logger.warning("Page cache variant count failed", exc_info=True)
            return False
        return count <= variants.MAX_VARIANTS

    def cache_get(self, key: str) -> Entry | None:
        if self.local is not None:
            entry = self.local.get(key)
            if entry is not None:
                return entry
        try:
            entry = caches[settings.PAGE_CACHE_ALIAS].get(key)
        except Exception:  # an unreachable Redis must not take the site down with it
            logger.warning("Page cache read failed", exc_info=True)
            return None
        if entry is not None and self.local is not None:
            self.local.set(key, entry)
        return entry

    def cache_set(self, key: str, entry: Entry) -> None:
        if self.local is not None:
            self.local.set(key, entry)
        try:
            caches[settings.PAGE_CACHE_ALIAS].set(key, entry, settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.warning("Page cache write failed", exc_info=True)


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def local_cache() -> LocMemCache | None:
    """The process's own layer, unless the page cache is process memory already."""
    if isinstance(caches[settings.PAGE_CACHE_ALIAS], LocMemCache):
        return None
    params = {"TIMEOUT": settings.PAGE_CACHE_SECONDS, "OPTIONS": {"MAX_ENTRIES": LOCAL_ENTRIES}}
    return LocMemCache(LOCAL_CACHE_NAME, params)
