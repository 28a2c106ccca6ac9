"""Accounts: sign up, confirm by a signed link, sign in and out, reset, edit the profile."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from contributors.models import Contributor

pytestmark = pytest.mark.django_db

SIGNUP = {
    "given_name": "María",
    "family_name": "Nueva",
    "email": "maria@example.org",
    "consent": "on",
}
PASSWORD = {"new_password1": "a-long-Passphrase-42", "new_password2": "a-long-Passphrase-42"}


def _path(message) -> str:
    url = re.search(r"https?://\S+", message.body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _sign_up(client, language="en", **changes):
    return client.post(f"/{language}/accounts/signup/", {**SIGNUP, **changes})


def test_signing_up_creates_an_inactive_account_until_the_email_is_confirmed(client):
    response = _sign_up(client)
    assert response.status_code == 200
    user = get_user_model().objects.get(email="maria@example.org")
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.contributor.family_name == "Nueva"
    response = client.post(_path(mail.outbox[-1]), PASSWORD)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_active
    assert client.get("/en/submissions/").status_code == 200
    client.post("/en/accounts/logout/")
    assert client.login(username="maria@example.org", password=PASSWORD["new_password1"])


def test_the_confirmation_email_is_in_the_language_of_the_sign_up(client):
    _sign_up(client, language="es")
    message = mail.outbox[-1]
    assert message.subject == "Confirme su dirección de correo para Colophon"
    assert "/es/accounts/confirm/" in message.body
    assert Contributor.objects.get(user__email="maria@example.org").language == "es"


def test_a_forged_or_altered_confirmation_link_is_refused(client):
    _sign_up(client)
    good = _path(mail.outbox[-1])
    assert client.get(good).status_code == 200
    assert client.get("/en/accounts/confirm/MQ/not-a-token/").status_code == 400
    assert client.get(good[:-3] + "xx/").status_code == 400
    assert client.post(good[:-3] + "xx/", PASSWORD).status_code == 400


def test_a_confirmed_email_can_sign_up_only_once(client):
    _sign_up(client)
    client.post(_path(mail.outbox[-1]), PASSWORD)
    client.post("/en/accounts/logout/")
    response = _sign_up(client, email="MARIA@example.org", given_name="Other")
    assert response.status_code == 200
    assert get_user_model().objects.filter(email__iexact="maria@example.org").count() == 1
    assert "already has one" in mail.outbox[-1].body
    assert client.login(username="maria@example.org", password=PASSWORD["new_password1"])


def test_the_honeypot_refuses_a_bot(client):
    response = _sign_up(client, website_url="http://spam")
    assert "looks automated" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_sign_ups_are_limited_per_address(client, settings):
    settings.SIGNUP_RATE_PER_HOUR = 2
    for n in range(2):
        _sign_up(client, email=f"p{n}@example.org")
    response = _sign_up(client, email="p9@example.org")
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert len(mail.outbox) == 2


def test_a_forgotten_password_is_reset_through_an_emailed_link(client, contributor):
    client.post("/en/accounts/password-reset/", {"email": "ana@example.org"})
    link = _path(mail.outbox[-1])
    form = client.get(link, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "another-Long-pass-77", "new_password2": "another-Long-pass-77"},
    )
    assert response.status_code == 302
    assert client.login(username="ana@example.org", password="another-Long-pass-77")


def test_signing_in_and_out(client, contributor):
    response = client.post(
        "/en/accounts/login/", {"username": "ANA@example.org", "password": "pw-Long-enough-123"}
    )
    assert response.status_code == 302
    assert client.post("/en/accounts/logout/").status_code == 302
    assert client.get("/en/submissions/").status_code == 302


def test_a_contributor_edits_their_profile_in_both_languages(client, contributor):
    client.force_login(contributor)
    page = client.get("/en/accounts/profile/")
    assert page.status_code == 200
    response = client.post(
        "/en/accounts/profile/",
        {
            "given_name": "Ana",
            "family_name": "López",
            "name": "",
            "affiliation_en": "University",
            "affiliation_es": "Universidad",
            "bio_en": "Ana writes.",
            "bio_es": "Ana escribe.",
            "orcid": "https://orcid.org/0000-0002-1825-0097",
            "website": "",
            "language": "es",
        },
    )
    assert response.status_code == 302
    profile = Contributor.objects.get(user=contributor)
    assert (profile.bio_es, profile.orcid, profile.language) == (
        "<p>Ana escribe.</p>",
        "0000-0002-1825-0097",
        "es",
    )


def test_contributors_have_no_admin_access(client, contributor):
    client.force_login(contributor)
    assert client.get("/admin/").status_code == 302


def test_an_unconfirmed_account_can_sign_up_again_for_a_new_link(client):
    _sign_up(client)
    _sign_up(client, given_name="Mariela")
    user = get_user_model().objects.get(email="maria@example.org")
    assert len(mail.outbox) == 2
    assert client.post(_path(mail.outbox[-1]), PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.is_active
