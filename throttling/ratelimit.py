"""Fixed-window counters: how often one account or address may act.

The counts are rows of throttling.Throttle in the database, shared by every process and
server, which no flood of page requests can evict (unlike Django's cache).
"""

from django.conf import settings
from django.http import HttpRequest

from throttling.models import Throttle

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
        count = Throttle.objects.count_attempt(f"ratelimit:{scope}:{key}", WINDOW)
        exceeded = exceeded or count > per_hour
    return exceeded
