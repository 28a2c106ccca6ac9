"""The one allowlist through which every piece of contributor HTML passes."""

import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "a", "em", "strong", "i",
    "b", "u", "s", "sup", "sub", "cite", "q", "abbr", "code", "pre", "hr", "figure",
    "figcaption", "table", "thead", "tbody", "tr", "th", "td", "caption", "span", "dl",
    "dt", "dd",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "*": {"lang", "id"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# The article title is the page's only <h1>; a contributor's <h1> becomes a section heading.
_H1 = re.compile(r"<(/?)h1\b", re.IGNORECASE)


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    # nh3 lets relative URLs through; a protocol-relative one ("//host/x") leaves the site.
    if attribute in {"href", "cite"} and value.strip().replace("\\", "/").startswith("//"):
        return None
    if attribute == "id":
        # ids in a body must not clash with the page's own landmarks.
        return f"body-{value}" if not value.startswith("body-") else value
    return value


def clean_html(html: str) -> str:
    if not html:
        return ""
    html = _H1.sub(r"<\1h2", html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
