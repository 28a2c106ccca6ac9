"""The page cache's generation: read by every cacheable request, moved on by every change.

bump() is called by the receivers in pagecache/invalidation.py, which content apps
connect to what changes their public pages, and by articles/search/index.py after a
rebuild. It moves the number
on once the transaction commits, never before: a request that reads the new number must
also read the new content, or a page rendered from the old content could be stored under
the new number and outlive the change.
"""

import datetime as dt
import logging
import time
from collections.abc import Callable
from contextlib import suppress
from functools import partial
from typing import NamedTuple, cast

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, transaction
from django.db.models import DateTimeField, F, Subquery, Value
from django.db.models.functions import Coalesce, Least, NullIf
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from pagecache.models import Generation

logger = logging.getLogger(__name__)

ROW = 1
# Stands for "no scheduled change" inside the SQL that looks for the next one.
_NEVER = dt.datetime(9000, 1, 1, tzinfo=dt.UTC)


class State(NamedTuple):
    number: int
    changed_at: dt.datetime
    next_change: dt.datetime | None

    @property
    def token(self) -> str:
        """The generation's part of a cache key.

        The time as well as the number: a database restored from a backup (or a test
        database emptied between tests) repeats numbers, but never the moment of a change,
        so pages stored in the abandoned timeline can never be served again.
        """
        return f"{self.number}.{self.changed_at.timestamp():.6f}"


def _aware(value) -> dt.datetime | None:
    # A raw cursor gives aware datetimes on PostgreSQL and naive UTC ones on SQLite.
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    return value.replace(tzinfo=dt.UTC) if timezone.is_naive(value) else value


# Plain identifiers, the same on every backend (pagecache/models.py names them).
_SELECT = "SELECT number, changed_at, next_change FROM pagecache_generation WHERE id = %s"


def read(using: str = DEFAULT_DB_ALIAS) -> State | None:
    """The generation as stored: one indexed single-row query, without the ORM's overhead."""
    with connections[using].cursor() as cursor:
        cursor.execute(_SELECT, [ROW])
        row = cursor.fetchone()
    if row is None:
        return None
    changed_at = cast(dt.datetime, _aware(row[1]))  # the column is NOT NULL
    return State(int(row[0]), changed_at, _aware(row[2]))


# (state, until): the last generation this process read, trusted until `until` (a
# time.monotonic() value). A tuple, replaced whole, so threads never see half of it.
_remembered: tuple[State | None, float] = (None, 0.0)
_clock = time.monotonic  # tests move it


def forget() -> None:
    """Make the next request read the row (after this process moved it on, or in tests).

    What was read is kept, expired, as the stand-in for a database that cannot be read.
    """
    global _remembered
    _remembered = (_remembered[0], 0.0)


def _recent() -> State | None:
    """The generation, read at most once per PAGE_CACHE_GENERATION_SECONDS per process.

    A change made by this process is seen at once (bump() forgets); one made by another
    process or server within that many seconds. Zero reads the row on every request.

    While the database cannot be read, the last generation this process read (or, in a
    process that has read none, the last one any process shared) stands in for it, so
    pages stored before the outage are still served: nothing can change them while the
    database is down. It is asked again at most once per PAGE_CACHE_GENERATION_SECONDS
    (at least once a second), not on every request.
    """
    global _remembered
    state, until = _remembered
    clock = _clock()
    if clock < until:
        return state
    seconds = settings.PAGE_CACHE_GENERATION_SECONDS
    try:
        fresh = read()
    except DatabaseError:
        logger.warning("Page cache: the generation cannot be read; using the last one read")
        state = state or _shared()
        _remembered = (state, clock + max(seconds, 1))
        return state
    _remembered = (fresh, clock + seconds)
    if fresh != state:
        _share(fresh)
    return fresh


# The last generation any process read, in the page cache: a process started during a
# database outage (gunicorn replaces its workers now and then) has read none of its own.
SHARED_KEY = "page-generation"


def _share(state: State | None) -> None:
    try:
        caches[settings.PAGE_CACHE_ALIAS].set(SHARED_KEY, state, None)
    except Exception:  # the cache being down must not fail the request either
        logger.warning("Page cache: the generation could not be shared", exc_info=True)


def _shared() -> State | None:
    try:
        return caches[settings.PAGE_CACHE_ALIAS].get(SHARED_KEY)
    except Exception:
        logger.warning("Page cache: the shared generation could not be read", exc_info=True)
        return None


def _postpone(state: State) -> State:
    """The database went down since the read: the scheduled change waits for the next
    read rather than being tried (and failing) again on every request meanwhile."""
    global _remembered
    _remembered = (state._replace(next_change=None), _remembered[1])
    return _remembered[0]


def current(now: dt.datetime | None = None) -> State | None:
    """The generation pages are stored under right now.

    When a scheduled publication's time has come, nothing was saved, yet pages change:
    the first request after it moves the number on (only one process wins the update).
    """
    state = _recent()
    if state is None or state.next_change is None:
        return state
    if state.next_change <= (now or timezone.now()):
        try:
            advance(expected=state.number)
        except DatabaseError:
            logger.warning("Page cache: a scheduled change could not start a generation")
            return _postpone(state)
        forget()
        state = _recent()
    return state


# Where changes scheduled for later come from: callables that, given now, return one
# subquery per column holding a future change (registered by content apps).
_SCHEDULE_SOURCES: list[Callable[[dt.datetime], list[Subquery]]] = []


def schedule_source(source: Callable[[dt.datetime], list[Subquery]]) -> None:
    """Register `source(now)`: subqueries, each for the soonest future change of one kind
    (or NULL). A generation starts by itself when the soonest of them comes."""
    if source not in _SCHEDULE_SOURCES:
        _SCHEDULE_SOURCES.append(source)


def next_change_expression(now: dt.datetime):
    """SQL for the soonest future change any schedule source knows of, or NULL.

    Computed inside the UPDATE that moves the number, so concurrent bumps cannot store a
    next change older than the content their own commit made.
    """
    never = Value(_NEVER, output_field=DateTimeField())
    soonest = [
        Coalesce(subquery, never) for source in _SCHEDULE_SOURCES for subquery in source(now)
    ]
    if not soonest:
        return Value(None, output_field=DateTimeField())
    expression = soonest[0] if len(soonest) == 1 else Least(*soonest)
    return NullIf(expression, never)


def advance(expected: int | None = None, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Move the number on now; with `expected`, only if nobody has moved it since."""
    now = timezone.now()
    rows = Generation.objects.using(using).filter(pk=ROW)
    if expected is not None:
        rows = rows.filter(number=expected)
    values = {
        "number": F("number") + 1,
        "changed_at": now,
        "next_change": next_change_expression(now),
    }
    if rows.update(**values):
        return True
    if expected is not None:
        return False
    # No row: a database emptied after its migrations (as test databases are).
    with suppress(IntegrityError), transaction.atomic(using=using):
        Generation.objects.using(using).create(pk=ROW, number=0, changed_at=now)
    return bool(rows.update(**values))


def _after_commit(using: str) -> None:
    connections[using]._pagecache_hooks = None  # type: ignore[attr-defined]  # our marker
    advance(using=using)
    forget()


def bump(using: str = DEFAULT_DB_ALIAS) -> None:
    """Start a new generation when the current transaction commits (at once outside one).

    One UPDATE per transaction however many rows it changes: an import of a thousand
    pieces registers the callback once. Django replaces its list of commit callbacks when a
    transaction ends or a savepoint is rolled back, so a list we have not seen means the
    callback must be registered (again).
    """
    connection = connections[using]
    if connection.in_atomic_block:
        hooks = connection.run_on_commit
        if getattr(connection, "_pagecache_hooks", None) is hooks:
            return
        connection._pagecache_hooks = hooks  # type: ignore[attr-defined]  # our marker
    transaction.on_commit(partial(_after_commit, using), using=using)
