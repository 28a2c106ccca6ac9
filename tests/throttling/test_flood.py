"""No flood of page requests can lift a sign-in lock or a rate limit.

The attack: the page cache stores one entry per address it answers, in the cache that
used to hold the locks too, so a few hundred GETs with made-up query strings evicted an
editor's lock and the right password got in again.
"""

import pytest
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache

from pagecache import generation, middleware
from tests.personas import make_staff
from throttling.ratelimit import over_limit

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/"
PASSWORD = "pw-Long-enough-123"
# More distinct addresses than process memory keeps (300 entries by default).
FLOOD = 450


@pytest.fixture(autouse=True)
def _page_cache_on(settings, monkeypatch):
    # Each test runs in one transaction, where the page cache steps aside; here it must
    # store pages as it does in production.
    monkeypatch.setattr(middleware, "in_transaction", lambda: False)
    settings.PAGE_CACHE_ENABLED = True
    settings.LOGIN_FAILURES_PER_USER = 3
    settings.LOGIN_LOCKOUT_SECONDS = 600
    cache.clear()
    generation.forget()
    yield
    cache.clear()
    LocMemCache(middleware.LOCAL_CACHE_NAME, {}).clear()
    generation.forget()


@pytest.fixture
def eda():
    return make_staff("eda@example.org", "Editor")


def _sign_in(client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        ADMIN_LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _lock(client, eda) -> None:
    for _ in range(3):
        _sign_in(client, eda.username, "wrong")
    assert "Too many failed sign-in attempts" in _sign_in(client, eda.username, PASSWORD).text


def test_a_flood_of_distinct_page_addresses_leaves_an_editors_lock_in_place(client, eda):
    _lock(client, eda)
    reader = type(client)()
    for n in range(FLOOD):
        assert reader.get(f"/en/topics/?flood={n}", REMOTE_ADDR="198.51.100.7").status_code == 200
    response = _sign_in(client, eda.username, PASSWORD, address="10.0.0.2")
    assert "Too many failed sign-in attempts" in response.text
    assert "_auth_user_id" not in client.session


def test_an_emptied_cache_leaves_an_editors_lock_in_place(client, eda):
    _lock(client, eda)
    cache.clear()
    response = _sign_in(client, eda.username, PASSWORD, address="10.0.0.2")
    assert "Too many failed sign-in attempts" in response.text


def test_an_emptied_cache_leaves_a_rate_limit_in_place():
    for _ in range(2):
        over_limit("signup", ["ip:203.0.113.9"], per_hour=2)
    cache.clear()
    assert over_limit("signup", ["ip:203.0.113.9"], per_hour=2)
