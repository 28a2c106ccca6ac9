"""Which query parameters each cached view reads, and how many variants of a page are kept.

Without this, every distinct query string was a page of its own: `?flood=1`, `?flood=2`…
rendered and stored the same page again and again, and a few hundred requests pushed
everything else out of the cache. Now a page is stored under the parameters its view
reads, in a fixed order, and anything else in the query string is ignored; and one
address keeps at most MAX_VARIANTS stored query strings per generation, so that even the
parameters a view does read (a search's words, an OAI-PMH request) cannot fill the cache.
"""

from django.http import HttpRequest
from django.urls import ResolverMatch
from django.utils.http import urlencode

# The view reads every parameter: OAI-PMH must answer badArgument to one it does not know.
ALL = None

# By URL name: the query parameters each cached view reads (the paginated lists `page`,
# the search its form's fields). A view not named here reads none, so its page is stored
# once however the query string varies. A view that starts reading a parameter must be
# named here, or every value of it would be answered with the first one's page.
READS: dict[str, frozenset[str] | None] = {
    "articles:list": frozenset({"page"}),
    "articles:topic": frozenset({"page"}),
    "articles:search": frozenset({"q", "series", "topic", "year", "page"}),
    "contributors:list": frozenset({"page"}),
    "contributors:detail": frozenset({"page"}),
    "sitemap-section": frozenset({"p"}),
    "oai": ALL,
}
NOTHING: frozenset[str] = frozenset()

# Stored query strings per address and generation, beyond the one without any; further
# ones are rendered for whoever asks but not stored.
MAX_VARIANTS = 100


def reads(match: ResolverMatch | None) -> frozenset[str] | None:
    """The parameters the view behind `match` reads (ALL: every one; none for no view)."""
    if match is None:
        return NOTHING
    return READS.get(match.view_name, NOTHING)


def query(request: HttpRequest, names: frozenset[str] | None) -> str:
    """The part of the query string that decides the page, the same however it was written.

    Parameters in alphabetical order, each one's values in the order sent (a view that
    reads one value reads the last). ALL keeps the query string as it came.
    """
    if names is ALL:
        return request.META.get("QUERY_STRING", "")
    if not names or not request.META.get("QUERY_STRING"):
        return ""
    given = request.GET
    return urlencode([(name, value) for name in sorted(names) for value in given.getlist(name)])
