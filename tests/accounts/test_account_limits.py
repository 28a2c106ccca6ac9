"""Sign-up and reset are limited per client address and per e-mail address, and being over
a limit says nothing about whether the address has an account."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from tests.personas import make_person

pytestmark = pytest.mark.django_db

RESET = "/en/accounts/password-reset/"
SIGNUP = "/en/accounts/signup/"


def _from(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def _signup(email: str) -> dict:
    return {"given_name": "A", "family_name": "B", "email": email, "consent": "on"}


def test_password_resets_are_limited_per_client_address(settings):
    settings.PASSWORD_RESET_RATE_PER_HOUR = 2
    client = _from("192.0.2.1")
    for n in range(2):
        assert client.post(RESET, {"email": f"p{n}@example.org"}).status_code == 302
    response = client.post(RESET, {"email": "p9@example.org"})
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert len(mail.outbox) == 2
    assert _from("192.0.2.2").post(RESET, {"email": "p9@example.org"}).status_code == 302


def test_emails_to_one_address_are_limited_whoever_asks_and_however(settings):
    settings.ACCOUNT_EMAILS_PER_ADDRESS_PER_HOUR = 2
    make_person("ana@example.org")
    assert _from("192.0.2.1").post(RESET, {"email": "ana@example.org"}).status_code == 302
    assert _from("192.0.2.2").post(SIGNUP, _signup("ANA@example.org")).status_code == 200
    response = _from("192.0.2.3").post(RESET, {"email": "ana@example.org"})
    assert response.status_code == 429
    assert _from("192.0.2.4").post(SIGNUP, _signup("ana@example.org")).status_code == 429
    assert len(mail.outbox) == 2


def test_the_answer_over_a_limit_is_the_same_for_known_and_unknown_addresses(settings):
    settings.ACCOUNT_EMAILS_PER_ADDRESS_PER_HOUR = 1
    make_person("known@example.org")
    answers = {}
    for email in ("known@example.org", "unknown@example.org"):
        for path, data in ((RESET, {"email": email}), (SIGNUP, _signup(email))):
            _from("192.0.2.1").post(path, data)
            response = _from("192.0.2.1").post(path, data)
            page = response.content.decode().replace(email, "ADDRESS")
            page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
            answers[(email, path)] = (response.status_code, page)
            cache.clear()
    for path in (RESET, SIGNUP):
        known, unknown = (
            answers[("known@example.org", path)],
            answers[("unknown@example.org", path)],
        )
        assert known[0] == 429
        assert known == unknown
