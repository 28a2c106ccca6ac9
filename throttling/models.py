"""Counters and locks that must hold for everyone: sign-in lockouts and rate limits.

They live in the database, not in Django's cache. The cache is shared with the page cache,
which anyone can fill with requests, and a cache that evicts (process memory, Redis under
allkeys-lru) would then drop a lock or a count: that is exactly what an attacker wants.
The database never evicts, is already shared by every process and server, and counts
atomically with an UPDATE. Only POSTs (sign-ins, sign-ups, submissions) write here, and
each of them writes to the database anyway.
"""

import datetime as dt
import hashlib
import time

from django.db import IntegrityError, connections, models, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

# Room for a prefix, a scope and an IPv6 address or an e-mail address; longer keys keep
# their beginning (readable in the admin's database) and end in a hash of the whole.
MAX_KEY = 200
# Expired rows deleted at a time, whenever a new key is counted.
PURGE_BATCH = 500


def moment(seconds_from_now: float = 0) -> dt.datetime:
    # time.time(), not timezone.now(): the lockout compares locks with time.time() and its
    # tests move that clock forward.
    return dt.datetime.fromtimestamp(time.time() + seconds_from_now, tz=dt.UTC)


def stored_key(key: str) -> str:
    if len(key) <= MAX_KEY:
        return key
    return f"{key[: MAX_KEY - 65]}#{hashlib.sha256(key.encode()).hexdigest()}"


class ThrottleQuerySet(models.QuerySet):
    def count_attempt(self, key: str, seconds: int) -> int:
        """Count one attempt in `key`'s window; return the attempts counted in it so far.

        A window starts with the first attempt and lasts `seconds` (a fixed window, not a
        sliding one); the first attempt after it ends starts a new one. Concurrent calls
        from any number of processes never lose a count: the increment is one UPDATE,
        which the database applies to the row one transaction at a time.
        """
        key = stored_key(key)
        now, ends = moment(), moment(seconds)
        live = Q(expires_at__gt=now)
        counted = {
            "count": Case(When(live, then=F("count") + 1), default=Value(1)),
            "expires_at": Case(
                When(live, then=F("expires_at")),
                default=Value(ends),
                output_field=models.DateTimeField(),
            ),
        }
        rows = self.filter(key=key)
        with transaction.atomic(using=self.db):
            if not rows.update(**counted):
                try:
                    with transaction.atomic(using=self.db):
                        self.create(key=key, count=1, expires_at=ends)
                except IntegrityError:  # another process counted this key first
                    rows.update(**counted)
            # Inside the transaction our UPDATE holds the row: nobody else's count is in it.
            count = rows.values_list("count", flat=True).get()
        if count == 1:  # a new window: the rows whose windows ended can go
            self.purge_expired()
        return count

    def hold(self, key: str, seconds: int) -> None:
        """Keep `key` (a lock) for `seconds` from now, replacing any earlier end."""
        key = stored_key(key)
        self.update_or_create(key=key, defaults={"count": 1, "expires_at": moment(seconds)})

    def expiries(self, keys: list[str]) -> dict[str, float]:
        """When each key that is still live expires, as a Unix time; absent keys left out."""
        by_stored = {stored_key(key): key for key in keys}
        live = self.filter(key__in=by_stored, expires_at__gt=moment())
        return {
            by_stored[key]: ends.timestamp() for key, ends in live.values_list("key", "expires_at")
        }

    def release(self, keys: list[str]) -> int:
        """Forget these keys (counts and locks); the number of rows deleted."""
        return self.filter(key__in=[stored_key(key) for key in keys]).delete()[0]

    def purge_expired(self) -> int:
        """Delete a batch of expired rows, skipping any another transaction holds."""
        with transaction.atomic(using=self.db):
            expired = self.filter(expires_at__lte=moment()).order_by()
            # SKIP LOCKED: never wait for (or deadlock with) a row being counted right now.
            if connections[self.db].features.has_select_for_update_skip_locked:
                expired = expired.select_for_update(skip_locked=True)
            pks = list(expired.values_list("pk", flat=True)[:PURGE_BATCH])
            return self.filter(pk__in=pks).delete()[0] if pks else 0


class Throttle(models.Model):
    """One counter (failed sign-ins, sign-ups…) or lock, alive until `expires_at`."""

    key = models.CharField(_("key"), max_length=MAX_KEY, unique=True)
    count = models.PositiveIntegerField(_("count"), default=0)
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    objects = ThrottleQuerySet.as_manager()

    class Meta:
        verbose_name = _("throttle")

    def __str__(self) -> str:
        return f"{self.key}: {self.count} until {self.expires_at:%Y-%m-%d %H:%M:%S}"
