"""The sign-up link: opening it changes nothing, confirming is a POST from its page, it works
once, and it never wakes an account that is no longer waiting for it."""

import re
import threading
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.db import connections
from django.test import Client

from contributors.models import Contributor
from tests.personas import SIGNUP

pytestmark = pytest.mark.django_db

PASSWORD = {"new_password1": "a-long-Passphrase-42", "new_password2": "a-long-Passphrase-42"}


def _link(client, django_capture_on_commit_callbacks) -> str:
    """Sign up through the form; the path of the link the e-mail brings."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/signup/", SIGNUP)
    url = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def link(django_capture_on_commit_callbacks):
    return _link(Client(), django_capture_on_commit_callbacks)


@pytest.fixture
def pending(link):
    return get_user_model().objects.get(email="nueva@example.org")


def test_opening_the_link_shows_a_button_and_changes_nothing(client, link, pending):
    response = client.get(link)
    assert response.status_code == 200
    assert re.search(r'<form method="post"', response.content.decode())
    pending.refresh_from_db()
    assert not pending.is_active
    assert pending.contributor.email_confirmed_at is None
    assert not _signed_in(client)


def test_confirming_activates_the_account_with_the_password_chosen_there(client, link, pending):
    response = client.post(link, PASSWORD)
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.is_active
    assert pending.check_password(PASSWORD["new_password1"])
    assert pending.contributor.email_confirmed_at is not None
    assert _signed_in(client)


def test_confirming_needs_the_csrf_token_so_another_site_cannot_sign_a_visitor_in(link, pending):
    client = Client(enforce_csrf_checks=True)
    assert client.post(link, PASSWORD).status_code == 403
    pending.refresh_from_db()
    assert not pending.is_active
    assert not _signed_in(client)


def test_a_link_works_once(client, link, pending):
    assert client.post(link, PASSWORD).status_code == 302
    client.post("/en/accounts/logout/")
    assert client.get(link).status_code == 400
    assert client.post(link, PASSWORD).status_code == 400
    assert not _signed_in(client)


def test_a_link_stops_working_when_the_password_changes(client, link, pending):
    pending.set_password("set-by-an-Editor-77")
    pending.save()
    assert client.post(link, PASSWORD).status_code == 400
    pending.refresh_from_db()
    assert not pending.is_active


def test_an_account_an_editor_deactivated_stays_deactivated(
    client, pending, django_capture_on_commit_callbacks
):
    early = _link(Client(), django_capture_on_commit_callbacks)
    later = _link(Client(), django_capture_on_commit_callbacks)
    client.post(later, PASSWORD)
    client.post("/en/accounts/logout/")
    pending.refresh_from_db()
    pending.is_active = False  # an editor closes the account
    pending.save()
    assert client.post(early, PASSWORD).status_code == 400
    # Signing up again sends no new link: the e-mail says the address has an account.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/signup/", SIGNUP)
    assert "already has one" in mail.outbox[-1].body
    assert "/accounts/confirm/" not in mail.outbox[-1].body
    pending.refresh_from_db()
    assert not pending.is_active
    assert not _signed_in(client)


def test_an_account_without_a_sign_up_record_cannot_be_confirmed(client, link, pending):
    # Such as one an editor made; only a portal sign-up waits for its owner's link.
    Contributor.objects.filter(user=pending).delete()
    assert client.post(link, PASSWORD).status_code == 400
    pending.refresh_from_db()
    assert not pending.is_active


def test_a_link_expires_after_three_days(client, link, pending):
    later = datetime.now() + timedelta(days=3, minutes=1)
    with mock.patch.object(PasswordResetTokenGenerator, "_now", return_value=later):
        assert client.post(link, PASSWORD).status_code == 400
    pending.refresh_from_db()
    assert not pending.is_active


@pytest.mark.postgres(reason="needs PostgreSQL: SQLite serialises writers and has no row locks")
@pytest.mark.django_db(transaction=True)
def test_two_clicks_on_one_link_at_once_confirm_once(django_capture_on_commit_callbacks):
    link = _link(Client(), django_capture_on_commit_callbacks)
    barrier = threading.Barrier(2)
    statuses: dict[str, int] = {}

    def confirm(password: str) -> None:
        try:
            barrier.wait()
            data = {"new_password1": password, "new_password2": password}
            statuses[password] = Client().post(link, data).status_code
        finally:
            connections.close_all()

    passwords = ["first-Racer-pass-11", "second-Racer-pass-22"]
    threads = [threading.Thread(target=confirm, args=(p,)) for p in passwords]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(statuses.values()) == [302, 400]
    winner = next(p for p, status in statuses.items() if status == 302)
    assert get_user_model().objects.get(email="nueva@example.org").check_password(winner)
