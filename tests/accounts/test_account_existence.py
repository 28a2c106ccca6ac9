"""Sign-up and password reset never tell the person asking whether an address has an
account: not in the page, not in the work the request does (which is what its time would
show), and only the owner of the mailbox decides what happens to the account."""

import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.tasks import task_backends
from django.test import Client
from django.test.utils import CaptureQueriesContext

from contributors.models import Contributor
from tests.personas import make_pending_account, make_person
from throttling.models import Throttle

pytestmark = pytest.mark.django_db

ADDRESS = "someone@example.org"
STATES = ["unknown", "pending", "active", "deactivated"]
SIGNUP = {
    "given_name": "Some",
    "family_name": "One",
    "email": ADDRESS,
    "consent": "on",
    # What the sign-up form asked for before the password moved to the confirmation page.
    "password1": "attacker-Passphrase-13",
    "password2": "attacker-Passphrase-13",
}
PASSWORD = {"new_password1": "owner-Passphrase-77", "new_password2": "owner-Passphrase-77"}


SAVEPOINT = re.compile(r'SAVEPOINT "?s\d+_x\d+"?')
MOMENT = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?(\+00:00)?")
ACCOUNT_TABLES = re.compile(r"auth_user|contributors_", re.IGNORECASE)


class CountingHasher(MD5PasswordHasher):
    """Counts the password hashes computed: the costly, time-revealing part of a request."""

    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


@pytest.fixture(autouse=True)
def _counted_hashing_and_fresh_limits(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    cache.clear()


def _arrange(state: str) -> None:
    """The address in `state`, and nothing else in the database."""
    Contributor.objects.all().delete()
    get_user_model().objects.all().delete()
    Throttle.objects.all().delete()
    cache.clear()
    mail.outbox.clear()
    if state == "pending":
        make_pending_account(ADDRESS)
    elif state == "active":
        make_person(ADDRESS)
    elif state == "deactivated":
        make_person(ADDRESS, is_active=False, last_login=datetime(2026, 1, 1, tzinfo=UTC))


def _answer(response) -> tuple:
    """What the person asking sees, apart from the per-request CSRF token."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    chain = [url for url, _status in getattr(response, "redirect_chain", [])]
    return response.status_code, chain, page


def _link(message) -> str:
    url = re.search(r"https?://\S+/accounts/confirm/\S+", message.body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.mark.parametrize("path", ["/en/accounts/signup/", "/es/accounts/password-reset/"])
def test_every_address_gets_the_same_answer(path, django_capture_on_commit_callbacks):
    answers = {}
    for state in STATES:
        _arrange(state)
        with django_capture_on_commit_callbacks(execute=True):
            answers[state] = _answer(Client().post(path, SIGNUP, follow=True))
    assert answers["unknown"][0] == 200
    for state in STATES:
        assert answers[state] == answers["unknown"], state


@pytest.mark.parametrize("path", ["/en/accounts/signup/", "/en/accounts/password-reset/"])
def test_every_address_costs_the_same_work(path, django_capture_on_commit_callbacks):
    # Timing cannot be asserted reliably in a unit test; the work that makes up the time
    # can: one e-mail to the address and no password hashing, whatever the address.
    work = {}
    for state in STATES:
        _arrange(state)
        CountingHasher.calls = 0
        with django_capture_on_commit_callbacks(execute=True):
            Client().post(path, SIGNUP)
        work[state] = (CountingHasher.calls, [message.to for message in mail.outbox])
    assert work == {state: (0, [[ADDRESS]]) for state in STATES}


@pytest.mark.parametrize("path", ["/en/accounts/signup/", "/en/accounts/password-reset/"])
def test_the_request_itself_does_the_same_work_for_every_address(path, settings):
    # With a worker backend, the request is all the person asking can time: it queues one
    # task with the same arguments and reads nothing about the address from the database.
    # Its only queries count the rate limits, keyed by the same hashes whatever the state.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    work = {}
    for state in STATES:
        _arrange(state)
        with CaptureQueriesContext(connection) as queries:
            Client().post(path, SIGNUP)
        queued = task_backends["default"].results
        sql = [MOMENT.sub("T", SAVEPOINT.sub("SAVEPOINT", q["sql"])) for q in queries]
        work[state] = (sql, [r.args[:3] for r in queued])
        queued.clear()
    purpose = "signup" if "signup" in path else "reset"
    first = work["unknown"][0]
    assert first, "the rate limits are counted"
    assert not [sql for sql in first if ACCOUNT_TABLES.search(sql)]
    assert work == {state: (first, [[purpose, ADDRESS, "en"]]) for state in STATES}


def test_the_owner_of_an_existing_account_is_told_by_email_and_nothing_changes(
    django_capture_on_commit_callbacks,
):
    owner = make_person(ADDRESS)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/en/accounts/signup/", SIGNUP)
    body = mail.outbox[-1].body
    assert "already has one" in body
    assert "/en/accounts/login/" in body and "/en/accounts/password-reset/" in body
    assert get_user_model().objects.get() == owner
    assert Client().login(username=ADDRESS, password="pw-Long-enough-123")


def test_a_reset_for_an_address_without_an_account_tells_only_the_mailbox(client):
    client.post("/en/accounts/password-reset/", {"email": ADDRESS})
    assert "no active account uses it" in mail.outbox[-1].body
    assert "/en/accounts/signup/" in mail.outbox[-1].body


def test_a_reset_for_a_pending_sign_up_sends_the_link_to_finish_it(client):
    make_pending_account(ADDRESS)
    client.post("/en/accounts/password-reset/", {"email": ADDRESS})
    assert client.post(_link(mail.outbox[-1]), PASSWORD).status_code == 302


def test_whoever_signs_up_first_with_your_address_gets_no_password_on_it(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/en/accounts/signup/", SIGNUP)  # not the owner of the address
    owner = Client()
    link = _link(mail.outbox[-1])
    owner.get(link)
    assert owner.post(link, PASSWORD).status_code == 302
    assert not Client().login(username=ADDRESS, password=SIGNUP["password1"])
    assert Client().login(username=ADDRESS, password=PASSWORD["new_password1"])


def test_a_second_sign_up_neither_cancels_nor_changes_a_pending_one(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/en/accounts/signup/", SIGNUP)
    first = _link(mail.outbox[-1])
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/en/accounts/signup/", {**SIGNUP, "given_name": "Intruder"})
    assert len(mail.outbox) == 2 and mail.outbox[-1].to == [ADDRESS]
    assert Client().post(first, PASSWORD).status_code == 302
    account = get_user_model().objects.get()
    assert (account.is_active, account.contributor.given_name) == (True, "Some")
