"""/healthz: is this app server able to serve? For load balancers and uptime monitors."""

import logging
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)
PROBE = b"colophon healthz"


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_storage() -> None:
    # Write, read back and delete rather than exists(): a full disk or a bucket that lost its
    # write permission breaks uploads and PDF renders while reads still answer. One name per
    # probe so concurrent probes from several balancers never delete each other's file.
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(PROBE))
    try:
        with default_storage.open(name, "rb") as stored:
            if stored.read() != PROBE:
                raise OSError(f"{name} read back differently")
    finally:
        default_storage.delete(name)


CHECKS = {"database": check_database, "storage": check_storage}


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with {"database": "ok", "storage": "ok"}, or 503 naming what failed."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            # The reason goes to the logs, not to whoever can reach /healthz.
            logger.exception("healthz: the %s check failed", name)
            results[name] = "failed"
        else:
            results[name] = "ok"
    ok = all(result == "ok" for result in results.values())
    return JsonResponse(results, status=200 if ok else 503)
