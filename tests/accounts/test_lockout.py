"""Sign-in lockout: the same limits on the contributors' login and the admin's."""

import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from tests.personas import make_person, make_staff
from throttling.ratelimit import client_address

pytestmark = pytest.mark.django_db

CONTRIBUTOR_LOGIN = "/en/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
PASSWORD = "pw-Long-enough-123"


@pytest.fixture(autouse=True)
def _small_limits(settings):
    cache.clear()
    settings.LOGIN_FAILURES_PER_USER = 3
    settings.LOGIN_FAILURES_PER_ADDRESS = 5
    settings.LOGIN_LOCKOUT_SECONDS = 600
    yield
    cache.clear()


@pytest.fixture
def ana():
    return make_person("ana@example.org")


@pytest.fixture
def eda():
    return make_staff("eda@example.org", "Editor")


def _try(client, url, username, password, address):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _later(monkeypatch, seconds: int) -> None:
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + seconds)


def test_a_username_is_locked_after_failures_from_different_addresses(client, ana):
    for n in range(3):
        assert (
            _try(client, CONTRIBUTOR_LOGIN, ana.email, "wrong", f"10.0.0.{n}").status_code == 200
        )
    response = _try(client, CONTRIBUTOR_LOGIN, "Ana@Example.org", PASSWORD, "10.0.0.99")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts. Please wait 10 minutes" in response.text
    assert not _signed_in(client)


def test_an_address_is_locked_after_failures_for_different_usernames(client, ana):
    for n in range(5):
        _try(client, CONTRIBUTOR_LOGIN, f"nobody{n}@example.org", "wrong", "10.0.0.1")
    assert _try(client, CONTRIBUTOR_LOGIN, ana.email, PASSWORD, "10.0.0.1").status_code == 429
    assert not _signed_in(client)
    # Another address is not concerned.
    assert _try(client, CONTRIBUTOR_LOGIN, ana.email, PASSWORD, "10.0.0.2").status_code == 302


def test_a_locked_attempt_never_checks_the_password(client, ana):
    for _ in range(3):
        _try(client, CONTRIBUTOR_LOGIN, ana.email, "wrong", "10.0.0.1")
    with mock.patch("django.contrib.auth.forms.authenticate") as authenticate:
        response = _try(client, CONTRIBUTOR_LOGIN, ana.email, PASSWORD, "10.0.0.1")
    assert response.status_code == 429
    authenticate.assert_not_called()


def test_a_lock_ends_after_the_lockout_time(client, ana, monkeypatch):
    for _ in range(3):
        _try(client, CONTRIBUTOR_LOGIN, ana.email, "wrong", "10.0.0.1")
    _later(monkeypatch, 300)
    response = _try(client, CONTRIBUTOR_LOGIN, ana.email, PASSWORD, "10.0.0.1")
    assert "Please wait 5 minutes" in response.text
    _later(monkeypatch, 601)
    assert _try(client, CONTRIBUTOR_LOGIN, ana.email, PASSWORD, "10.0.0.1").status_code == 302
    assert _signed_in(client)


def test_a_successful_sign_in_does_not_reset_another_addresses_count(client, ana):
    for n in range(4):
        _try(client, CONTRIBUTOR_LOGIN, f"nobody{n}@example.org", "wrong", "10.0.0.1")
    assert _try(client, CONTRIBUTOR_LOGIN, ana.email, PASSWORD, "10.0.0.2").status_code == 302
    client.logout()
    _try(client, CONTRIBUTOR_LOGIN, "nobody9@example.org", "wrong", "10.0.0.1")
    assert _try(client, CONTRIBUTOR_LOGIN, ana.email, PASSWORD, "10.0.0.1").status_code == 429


def test_the_lockout_message_is_translated(client, ana):
    for _ in range(3):
        _try(client, "/es/accounts/login/", ana.email, "wrong", "10.0.0.1")
    response = _try(client, "/es/accounts/login/", ana.email, PASSWORD, "10.0.0.1")
    assert response.status_code == 429
    assert "Demasiados intentos fallidos" in response.text


def test_the_admin_locks_a_username_whatever_its_case(client, eda):
    for n, name in enumerate(["EDA@example.org", "eda@EXAMPLE.org", "Eda@example.org"]):
        assert _try(client, ADMIN_LOGIN, name, "wrong", f"10.0.0.{n}").status_code == 200
    response = _try(client, ADMIN_LOGIN, eda.username, PASSWORD, "10.0.0.99")
    assert "Too many failed sign-in attempts. Please wait 10 minutes" in response.text
    assert not _signed_in(client)


def test_the_admin_locks_an_address_and_unlocks_it_later(client, eda, monkeypatch):
    for n in range(5):
        _try(client, ADMIN_LOGIN, f"nobody{n}", "wrong", "10.0.0.1")
    response = _try(client, ADMIN_LOGIN, eda.username, PASSWORD, "10.0.0.1")
    assert "Too many failed sign-in attempts" in response.text
    assert not _signed_in(client)
    _later(monkeypatch, 601)
    assert _try(client, ADMIN_LOGIN, eda.username, PASSWORD, "10.0.0.1").status_code == 302
    assert _signed_in(client)


def test_failures_in_the_admin_count_towards_the_contributors_login(client, ana):
    for _ in range(3):
        _try(client, ADMIN_LOGIN, ana.email, "wrong", "10.0.0.1")
    assert _try(client, CONTRIBUTOR_LOGIN, ana.email, PASSWORD, "10.0.0.2").status_code == 429


def test_the_client_address_comes_from_the_proxys_header_only_when_configured(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    settings.CLIENT_ADDRESS_HEADER = ""
    assert client_address(request) == "127.0.0.1"
    settings.CLIENT_ADDRESS_HEADER = "X-Forwarded-For"
    # The last item is the one our proxy appended; earlier ones are the client's say.
    assert client_address(request) == "203.0.113.7"
