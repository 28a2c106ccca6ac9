"""Works looked up by DOI in Crossref's REST API, as CSL-JSON items still to be normalised.

Crossref writes its records nearly in CSL (titles as lists, `issued` as date-parts, names
with family and given) but with types and fields of its own: its types are mapped here,
and the rest is left to csl_input.normalise_csl like every other import.

Answers are kept in the shared cache (found ones for a month; a DOI Crossref does not know
for an hour, in case it was just registered; a timeout not at all), so the preview and the
confirmation of one import ask Crossref once.
"""

import hashlib
import json
import logging
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from articles.bibliography.foreign import without_lone_surrogates

logger = logging.getLogger(__name__)

FOUND_SECONDS = 30 * 24 * 3600
UNKNOWN_SECONDS = 3600
MAX_BYTES = 2 * 1024 * 1024
# Crossref's types (api.crossref.org/types) -> CSL types; others go to normalise_csl as
# they are, which maps them to the nearest type with a warning.
TYPES = {
    "journal-article": "article-journal",
    "book-chapter": "chapter",
    "book-section": "chapter",
    "book-part": "chapter",
    "reference-entry": "chapter",
    "proceedings-article": "paper-conference",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "book-set": "book",
    "book-series": "book",
    "report": "report",
    "report-component": "report",
    "report-series": "report",
    "posted-content": "report",
    "dissertation": "thesis",
    "standard": "standard",
    "dataset": "dataset",
}
# Crossref bookkeeping that is not part of the work's citation: never listed as left out.
BOOKKEEPING = {
    "indexed", "reference-count", "references-count", "content-domain", "created",
    "deposited", "source", "is-referenced-by-count", "prefix", "member", "score",
    "resource", "relation", "link", "license", "reference", "assertion", "issn-type",
    "isbn-type", "journal-issue", "published", "published-print", "published-online",
    "update-policy", "updated-by", "original-title", "short-title", "subtitle",
    "short-container-title", "subject", "funder", "content-created", "institution",
}  # fmt: skip
_JATS = re.compile(r"</?(?:jats:)?[a-zA-Z][^>]{0,200}>")
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")


@dataclass
class Lookup:
    """A Crossref record as a CSL item, or None with a warning saying why not."""

    item: dict | None
    warning: str = ""
    unmapped: tuple[str, ...] = ()


def lookup(doi: str) -> Lookup:
    if not settings.CROSSREF_LOOKUP:
        return Lookup(
            None, _("Crossref lookup is turned off; the DOI was kept, fill in the details.")
        )
    key = "crossref-work:" + hashlib.sha256(doi.lower().encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return _mapped(cached) if cached else _unknown()
    try:
        message = _fetch(doi)
    except TimeoutError:
        seconds = f"{settings.CROSSREF_LOOKUP_TIMEOUT:g}"
        return Lookup(
            None,
            _("Crossref did not answer in %(seconds)s s; the DOI was kept, fill in the details.")
            % {"seconds": seconds},
        )
    except LookupError:
        cache.set(key, {}, UNKNOWN_SECONDS)
        return _unknown()
    except (OSError, ValueError) as error:
        logger.warning("Crossref lookup of %s failed: %s", doi, error)
        return Lookup(
            None,
            _("Crossref could not be asked just now; the DOI was kept, fill in the details."),
        )
    cache.set(key, message, FOUND_SECONDS)
    return _mapped(message)


def _unknown() -> Lookup:
    return Lookup(None, _("Crossref does not know this DOI; it was kept, fill in the details."))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Crossref answers a work where it was asked; a redirect (a proxy, a hijacked name)
    could point anywhere, so it is a failure rather than a second request."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def _fetch(doi: str) -> dict:
    """Crossref's `message` for the DOI. LookupError: not known; TimeoutError; OSError or
    ValueError: any other failure, including an answer that is not a work record."""
    # quote() keeps the DOI's slashes but not "." and ".." segments, which a server or
    # proxy resolves: "10.1234/../../x" would leave /works/. No registered DOI has them.
    if any(segment in (".", "..") for segment in doi.split("/")):
        raise LookupError(doi)
    query = urllib.parse.urlencode({"mailto": settings.CROSSREF_MAILTO})
    url = f"{settings.CROSSREF_API_URL}/works/{urllib.parse.quote(doi, safe='/')}"
    if settings.CROSSREF_MAILTO:
        url += f"?{query}"
    agent = f"Colophon ({settings.SITE_URL}; mailto:{settings.CROSSREF_MAILTO})"
    # CROSSREF_API_URL is an http(s) address (colophon.env.env_url): no file: or other scheme.
    request = urllib.request.Request(  # noqa: S310
        url, headers={"User-Agent": agent, "Accept": "application/json"}
    )
    try:
        with _opener.open(request, timeout=settings.CROSSREF_LOOKUP_TIMEOUT) as response:
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            raise LookupError(doi) from error
        raise
    except urllib.error.URLError as error:
        if isinstance(error.reason, (TimeoutError, socket.timeout)):
            raise TimeoutError from error
        raise
    if len(body) > MAX_BYTES:
        raise ValueError("Crossref's answer is too large")
    try:
        data = without_lone_surrogates(json.loads(body))
    except RecursionError as error:
        raise ValueError("Crossref's answer is nested too deeply") from error
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, dict) or not message.get("title"):
        raise ValueError("Crossref's answer is not a work record")
    return message


def _mapped(message: dict) -> Lookup:
    """Crossref's record as CSL-JSON for normalise_csl."""
    item: dict[str, Any] = {}
    unmapped = []
    for key, value in message.items():
        if key in BOOKKEEPING or key in ("ISBN", "ISSN", "abstract"):
            if key in ("ISBN", "ISSN", "abstract") and value:
                unmapped.append(key)
            continue
        item[key] = value
    if "publisher-location" in item:
        item["publisher-place"] = item.pop("publisher-location")
    item["type"] = TYPES.get(str(message.get("type", "")), message.get("type", ""))
    item["title"] = _title(message.get("title"), message.get("subtitle"))
    container = message.get("container-title") or []
    if isinstance(container, list) and container:
        # Book series first, then the volume: the last is the book or journal itself.
        item["container-title"] = _strip(container[-1])
        if len(container) > 1 and item["type"] in ("chapter", "paper-conference"):
            item["collection-title"] = _strip(container[0])
    for names in ("author", "editor", "translator"):
        if isinstance(item.get(names), list):
            item[names] = [_name(name) for name in item[names] if isinstance(name, dict)]
    for date in ("published-print", "published-online"):
        if "issued" not in item and message.get(date):
            item["issued"] = message[date]
    if "URL" in item and "DOI" in item:
        del item["URL"]  # Crossref's URL is the DOI's own link; styles print the DOI
    return Lookup(item, unmapped=tuple(sorted(unmapped)))


def _title(title: Any, subtitle: Any) -> str:
    main = _strip(title[0] if isinstance(title, list) and title else title or "")
    sub = _strip(subtitle[0] if isinstance(subtitle, list) and subtitle else "")
    return f"{main}: {sub}" if sub and sub.lower() not in main.lower() else main


def _strip(text: Any) -> str:
    """Text without JATS or HTML markup (<jats:italic>, <i>, <sub>)."""
    return " ".join(_JATS.sub("", str(text)).split())


def _name(name: dict) -> dict:
    """Crossref's names carry ORCID, sequence and affiliation; a CSL name has none of them."""
    if name.get("name") and not name.get("family"):
        return {"literal": name["name"]}  # an organisation
    return {k: v for k, v in name.items() if k in ("family", "given", "suffix")}
