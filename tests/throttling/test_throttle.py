"""throttling.Throttle: counters in fixed windows and locks, in the database."""

import threading
import time

import pytest
from django.db import connections

from throttling.models import MAX_KEY, Throttle

pytestmark = pytest.mark.django_db


def _later(monkeypatch, seconds: int) -> None:
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + seconds)


def test_attempts_are_counted_within_a_window():
    assert [Throttle.objects.count_attempt("k", 60) for _ in range(3)] == [1, 2, 3]
    assert Throttle.objects.count_attempt("other", 60) == 1


def test_the_first_attempt_after_a_window_starts_a_new_one(monkeypatch):
    Throttle.objects.count_attempt("k", 60)
    Throttle.objects.count_attempt("k", 60)
    _later(monkeypatch, 61)
    assert Throttle.objects.count_attempt("k", 60) == 1
    assert Throttle.objects.count_attempt("k", 60) == 2


def test_a_window_does_not_move_with_each_attempt(monkeypatch):
    Throttle.objects.count_attempt("k", 60)
    _later(monkeypatch, 50)
    Throttle.objects.count_attempt("k", 60)
    _later(monkeypatch, 61)
    assert Throttle.objects.count_attempt("k", 60) == 1


def test_a_held_key_is_live_until_it_expires(monkeypatch):
    Throttle.objects.hold("lock", 600)
    ends = Throttle.objects.expiries(["lock", "absent"])
    assert list(ends) == ["lock"]
    assert 599 <= ends["lock"] - time.time() <= 600
    _later(monkeypatch, 601)
    assert Throttle.objects.expiries(["lock"]) == {}


def test_holding_a_key_again_replaces_its_end(monkeypatch):
    Throttle.objects.hold("lock", 600)
    Throttle.objects.hold("lock", 60)
    assert Throttle.objects.expiries(["lock"])["lock"] - time.time() <= 60


def test_released_keys_start_again_from_nothing():
    Throttle.objects.count_attempt("k", 60)
    Throttle.objects.hold("lock", 60)
    assert Throttle.objects.release(["k", "lock"]) == 2
    assert Throttle.objects.expiries(["lock"]) == {}
    assert Throttle.objects.count_attempt("k", 60) == 1


def test_a_new_window_deletes_rows_whose_windows_ended(monkeypatch):
    for n in range(5):
        Throttle.objects.count_attempt(f"old{n}", 60)
    Throttle.objects.hold("lock", 600)
    _later(monkeypatch, 61)
    Throttle.objects.count_attempt("new", 60)
    assert set(Throttle.objects.values_list("key", flat=True)) == {"lock", "new"}


def test_a_key_longer_than_a_row_holds_is_shortened_without_colliding():
    long_a, long_b = "x" * 300 + "a", "x" * 300 + "b"
    assert Throttle.objects.count_attempt(long_a, 60) == 1
    assert Throttle.objects.count_attempt(long_b, 60) == 1
    assert Throttle.objects.count_attempt(long_a, 60) == 2
    Throttle.objects.hold(long_a, 60)
    assert list(Throttle.objects.expiries([long_a])) == [long_a]
    assert all(len(key) <= MAX_KEY for key in Throttle.objects.values_list("key", flat=True))


@pytest.mark.postgres(reason="SQLite's test database is one connection in this process's memory")
@pytest.mark.django_db(transaction=True)
def test_concurrent_attempts_are_all_counted():
    threads, each = 8, 25
    counts: list[int] = []
    start = threading.Barrier(threads)

    def attempts() -> None:
        try:
            start.wait()
            counts.extend(Throttle.objects.count_attempt("busy", 600) for _ in range(each))
        finally:
            connections.close_all()

    workers = [threading.Thread(target=attempts) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    # Every attempt got a number of its own, and the last one is the total.
    assert sorted(counts) == list(range(1, threads * each + 1))
