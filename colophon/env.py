"""Strict parsing of settings from the environment.

A typo in a production variable must stop the process at start-up with a message
naming the variable, never fall back silently to a default.
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean; use one of 1, 0, true, false, yes, no, on, off."
    )


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    items = [item.strip() for item in value.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(
            f"{name}={value!r} has an empty item; separate items with commas."
        )
    return items


def env_url(name: str, default: str) -> str:
    """An absolute http(s) URL without a trailing slash."""
    value = os.environ.get(name, default).strip()
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ImproperlyConfigured(f"{name}={value!r} must be an absolute http(s) URL.")
    if parts.query or parts.fragment:
        raise ImproperlyConfigured(f"{name}={value!r} must not have a query or fragment.")
    return value.rstrip("/")


def env_int(name: str, default: int, minimum: int = 0, maximum: int | None = None) -> int:
    """A whole number no smaller than `minimum`, nor larger than `maximum` if given."""
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if maximum is not None and not minimum <= number <= maximum:
        raise ImproperlyConfigured(f"{name}={value!r} must be between {minimum} and {maximum}.")
    if number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r} must be at least {minimum}.")
    return number


def env_float(name: str, default: float, minimum: float, maximum: float) -> float:
    """A decimal number between `minimum` and `maximum` inclusive (rates, ratios)."""
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = float(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a number.") from None
    if not minimum <= number <= maximum:
        raise ImproperlyConfigured(f"{name}={value!r} must be between {minimum} and {maximum}.")
    return number
