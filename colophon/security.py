"""Security settings that take more than one line to work out (used by settings.py only)."""

import os
import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

# Hosts where plain http is acceptable with DEBUG off: nothing on them is reachable from
# outside the machine, and the tests, benchmarks and audit serve the site there.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "testserver"})

# An HTTP header name (RFC 9110 token characters, in practice letters, digits and dashes).
_HEADER = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")


def require_https_site(site_url: str, debug: bool) -> bool:
    """Whether the site is served over https; refuses a public http SITE_URL in production.

    SITE_URL is printed in feeds, PDFs, OAI records and e-mails, and HSTS, the https
    redirect and secure cookies follow it, so a production site must name https.
    """
    parts = urlsplit(site_url)
    if parts.scheme == "https":
        return True
    if not debug and parts.hostname not in LOOPBACK_HOSTS:
        raise ImproperlyConfigured(
            f"SITE_URL={site_url!r} must be an https URL when DEBUG is off "
            "(plain http is accepted only on a loopback host such as 127.0.0.1)."
        )
    return False


def proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """SECURE_PROXY_SSL_HEADER from the name of the header a TLS-terminating proxy sets.

    `X-Forwarded-Proto` becomes ("HTTP_X_FORWARDED_PROTO", "https"). Only set it when the
    proxy always sets or strips that header, or clients could claim https themselves.
    """
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    if not _HEADER.fullmatch(value):
        raise ImproperlyConfigured(
            f"{name}={value!r} must be a header name such as X-Forwarded-Proto."
        )
    return ("HTTP_" + value.upper().replace("-", "_"), "https")


def media_origins(storage: dict) -> list[str]:
    """Origins other than our own that media URLs (images) point to.

    Local storage serves media under MEDIA_URL on our own origin; an S3 bucket serves them
    from its custom domain, its endpoint, or the bucket's amazonaws.com host.
    """
    options = storage.get("OPTIONS", {})
    if "bucket_name" not in options:
        return []
    if domain := options.get("custom_domain"):
        return [f"https://{domain}"]
    if endpoint := options.get("endpoint_url"):
        parts = urlsplit(endpoint)
        # Path-style and virtual-hosted-style URLs: the endpoint and the bucket under it.
        return [f"{parts.scheme}://{parts.netloc}", f"{parts.scheme}://*.{parts.netloc}"]
    bucket = options["bucket_name"]
    origins = [f"https://{bucket}.s3.amazonaws.com"]
    if region := options.get("region_name"):
        origins.append(f"https://{bucket}.s3.{region}.amazonaws.com")
    return origins


def content_security_policy(media: list[str]) -> dict[str, list[str]]:
    """The site's one policy, the same on every page, so public pages stay cacheable.

    No nonce: neither the reading site nor the admin has an inline script or style (the
    admin's own templates load everything from files), and a per-request nonce would make
    every public page unique. JSON-LD blocks are data, never executed, so they need none.
    """
    return {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF],
        "style-src": [CSP.SELF],
        "img-src": [CSP.SELF, "data:", *media],
        "object-src": [CSP.NONE],
        "base-uri": [CSP.SELF],
        "form-action": [CSP.SELF],
        "frame-ancestors": [CSP.NONE],
    }


# A host name as ALLOWED_HOSTS takes it: letters, digits, dots and dashes, no port.
_HOST = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")


def old_hosts(hosts: list[str], site_url: str) -> list[str]:
    """REDIRECT_OLD_HOSTS checked: plain host names (old.example.org), none of them
    SITE_URL's own host, whose every request would then redirect to itself."""
    names = [host.lower() for host in hosts]
    for name in names:
        if not _HOST.fullmatch(name):
            raise ImproperlyConfigured(
                f"REDIRECT_OLD_HOSTS has {name!r}; give host names only, such as "
                "blog.example.org, without a scheme, port or path."
            )
    if urlsplit(site_url).hostname in names:
        raise ImproperlyConfigured(
            f"REDIRECT_OLD_HOSTS names SITE_URL's own host ({site_url}); every request "
            "would redirect to itself."
        )
    return names
