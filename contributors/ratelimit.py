"""Fixed-window counters in Django's cache: how often one account or address may act."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW = 3600


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR unless a proxy we run is named in CLIENT_ADDRESS_HEADER: a header the
    # client can write would let it pick its own bucket. Behind a proxy, REMOTE_ADDR is the
    # proxy's and every visitor would share one bucket; the proxy appends the address it
    # saw as the header's last item, the only one the client cannot forge.
    header = settings.CLIENT_ADDRESS_HEADER
    if header:
        meta = "HTTP_" + header.upper().replace("-", "_")
        forwarded = [item.strip() for item in request.META.get(meta, "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
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
