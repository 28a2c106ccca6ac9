"""Fixed-window counters in Django's cache: how often one account or address may act."""

from django.core.cache import cache
from django.http import HttpRequest

WINDOW = 3600


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: a header the client can write would let it pick its own bucket.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def over_limit(scope: str, keys: list[str], per_hour: int) -> bool:
    """Count one more attempt for each key; True if any of them is past `per_hour`."""
    exceeded = False
    for key in keys:
        name = f"ratelimit:{scope}:{key}"
        cache.add(name, 0, WINDOW)
        try:
            count = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.set(name, 1, WINDOW)
            count = 1
        exceeded = exceeded or count > per_hour
    return exceeded
