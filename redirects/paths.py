"""One spelling of an old address, so that a stored redirect and a request meet.

The spelling: only the path and query (a full URL loses its scheme, host and fragment);
the path percent-decoded as UTF-8 and lower-cased, runs of "/" made one, no trailing
slash except for "/" itself; the query's parameters decoded, those without a value
dropped, the rest sorted and kept, repeated ones included.

Why lower case: WordPress writes every slug in lower case (sanitize_title), and the
MySQL collation it runs on compares case-insensitively, so /2020/03/My-Post/ answered
on the old site as well as /2020/03/my-post/ and either may be cited. One case in the
stored spelling keeps the look-up a single indexed equality. The query keeps its case:
its values (a search term, a feed name) are the old site's business, not ours.
"""

import re
from urllib.parse import parse_qsl, quote, unquote_to_bytes, urlsplit

from django.utils.encoding import repercent_broken_unicode
from django.utils.translation import gettext as _

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_SLASHES = re.compile(r"/{2,}")
_ESCAPE = re.compile(r"%[0-9a-f]{2}")
# Characters that would change the meaning of a decoded path or query if left bare.
_PATH_RESERVED = {ord("%"): "%25", ord("?"): "%3F", ord("#"): "%23"}
_QUERY_RESERVED = frozenset("%&=#+")


def normalise(path: str) -> str:
    """`path` (with or without "?query", or a full http(s) URL) in the one spelling
    redirects are stored and looked up by; the same for any spelling of one address."""
    text = path.strip()
    if _SCHEME.match(text):
        parts = urlsplit(text)
        raw_path, raw_query = parts.path, parts.query
    else:
        text = text.split("#", 1)[0]
        raw_path, _, raw_query = text.partition("?")
    return _path(raw_path) + _query(raw_query)


def path_of(url: str) -> str | None:
    """The normalised path and query of an absolute http(s) URL (a WordPress permalink,
    guid or upload); None for anything else, such as a bare number or a tag: URI."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    return normalise(url)


def split(path: str) -> tuple[str, str]:
    """A normalised `path` as (path, query), the query without its "?"."""
    head, _, query = path.partition("?")
    return head, query


def query_variants(path: str, query: str) -> list[str]:
    """Normalised spellings a request for `path?query` may have been stored under, best
    first: the whole address, the path with each one of its parameters (so that
    /?p=12&utm_source=x still finds /?p=12), then the path alone; each also with a
    trailing slash, for rows written without normalise()."""
    head = _path(path)
    pairs = _pairs(query)
    spellings = []
    if pairs:
        spellings.append(head + _query_of(pairs))
        if len(pairs) > 1:
            spellings += [head + _query_of([pair]) for pair in pairs[:20]]
    spellings.append(head)
    variants: list[str] = []
    for spelling in spellings:
        slashed = spelling.replace("?", "/?", 1) if "?" in spelling else spelling + "/"
        for candidate in (spelling, slashed):
            if candidate not in variants and not candidate.startswith("//"):
                variants.append(candidate)
    return variants


def site_relative_problem(path: str) -> str:
    """Why `path` cannot be a redirect's target on this site, or "" when it can.

    Only a path on this site: "/" and then no second "/" or "\\" that a browser would
    read as another host, no scheme, no spaces or control characters.
    """
    if not path.startswith("/"):
        return _("must start with “/”: a path on this site, not a full address")
    if path.startswith(("//", "/\\")) or "\\" in path:
        return _("must not start with “//” or contain “\\”: browsers read those as another site")
    if _SCHEME.match(path):
        return _("must not name a scheme such as https:")
    if any(ch.isspace() or not ch.isprintable() for ch in path):
        return _("must not contain spaces or control characters")
    return ""


def _path(raw: str) -> str:
    decoded = unquote_to_bytes(raw).decode("latin-1").translate(_PATH_RESERVED)
    # Back to bytes and then to text, re-encoding bytes that are not UTF-8, as Django
    # does for request.path, so an old Latin-1 link and its request still meet.
    text = repercent_broken_unicode(decoded.encode("latin-1")).decode()
    text = _ESCAPE.sub(lambda m: m.group().upper(), text.lower())
    return _SLASHES.sub("/", "/" + text).rstrip("/") or "/"


def _pairs(raw: str) -> list[tuple[str, str]]:
    pairs = parse_qsl(raw, keep_blank_values=True, encoding="utf-8", errors="replace")
    return sorted((key, value) for key, value in pairs if key and value)


def _query(raw: str) -> str:
    return _query_of(_pairs(raw))


def _query_of(pairs: list[tuple[str, str]]) -> str:
    if not pairs:
        return ""
    return "?" + "&".join(f"{_escape(key)}={_escape(value)}" for key, value in pairs)


def _escape(text: str) -> str:
    return "".join(
        quote(ch, safe="") if ch in _QUERY_RESERVED or ch.isspace() or not ch.isprintable() else ch
        for ch in text
    )
