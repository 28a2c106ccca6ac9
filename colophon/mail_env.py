"""E-mail settings from the environment, parsed as strictly as the rest (colophon/env.py).

DEBUG prints e-mail to the console. Otherwise mail goes through SMTP, configured either by
EMAIL_URL (smtp://user:password@host:587?tls=1, or smtps://… for implicit TLS) or by
EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD and EMAIL_USE_TLS.
"""

import os
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

from colophon.env import env_bool, env_str

SMTP = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"


def _port(name: str, value: str) -> int:
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise ImproperlyConfigured(f"{name}={value!r} is not a port number (1-65535).")
    return int(value)


def _from_url(url: str) -> dict:
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
        raise ImproperlyConfigured(
            "EMAIL_URL must look like smtp://user:password@host:587?tls=1 or smtps://…"
        )
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = set(query) - {"tls", "ssl"}
    if unknown:
        raise ImproperlyConfigured(
            f"EMAIL_URL has unknown option(s): {', '.join(sorted(unknown))}."
        )
    flags = {}
    for key in ("tls", "ssl"):
        value = query.get(key, "").lower()
        if value not in {"", "0", "1", "true", "false", "yes", "no", "on", "off"}:
            raise ImproperlyConfigured(f"EMAIL_URL's {key}={value!r} is not a boolean.")
        flags[key] = value in {"1", "true", "yes", "on"}
    use_ssl = parts.scheme == "smtps" or flags["ssl"]
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL has an invalid port.") from None
    return _smtp(
        host=parts.hostname,
        port=port or (465 if use_ssl else 587 if flags["tls"] else 25),
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=flags["tls"] and not use_ssl,
        use_ssl=use_ssl,
    )


def _smtp(**options) -> dict:
    return {"default": {"BACKEND": SMTP, "OPTIONS": {**options, "timeout": 20}}}


def email_settings(debug: bool) -> dict:
    """Django's MAILERS setting."""
    if os.environ.get("EMAIL_URL"):
        return _from_url(env_str("EMAIL_URL"))
    if debug and not os.environ.get("EMAIL_HOST"):
        return {"default": {"BACKEND": CONSOLE}}
    use_tls = env_bool("EMAIL_USE_TLS", default=False)
    use_ssl = env_bool("EMAIL_USE_SSL", default=False)
    if use_tls and use_ssl:
        raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
    return _smtp(
        host=env_str("EMAIL_HOST", default="localhost"),
        port=_port("EMAIL_PORT", env_str("EMAIL_PORT", default="25")),
        username=env_str("EMAIL_HOST_USER", default=""),
        password=env_str("EMAIL_HOST_PASSWORD", default=""),
        use_tls=use_tls,
        use_ssl=use_ssl,
    )
