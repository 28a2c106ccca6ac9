"""`manage.py demo_accounts`, which `make run` calls: one account per role, DEBUG only."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from articles.models import Article
from tests.factories import make_series
from tests.personas import ensure_roles

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8123"
EMAILS = ("editor@example.org", "series-editor@example.org", "contributor@example.org")


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    ensure_roles()
    theirs = make_series(slug="theirs", title_en="Their Series", position=0)
    other = make_series(slug="other", title_en="Someone Else's Series", position=1)
    return theirs, other


def run() -> tuple[str, dict[str, str]]:
    out = StringIO()
    call_command("demo_accounts", "--base-url", BASE, stdout=out)
    output = out.getvalue()
    passwords = dict(re.findall(r"^\s+\S.*?\s(\S+@example\.org)\s+(\S+)\s", output, re.M))
    return output, passwords


def signed_in(email: str, password: str) -> Client:
    client = Client()
    assert client.login(username=email, password=password), email
    return client


def test_it_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    make_series()
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("demo_accounts", stdout=StringIO())
    assert not get_user_model().objects.filter(username__in=EMAILS).exists()


def test_it_prints_each_account_with_its_password_and_where_to_sign_in(demo):
    output, passwords = run()
    assert set(passwords) == set(EMAILS)
    assert f"{BASE}/admin/" in output
    assert f"{BASE}/en/accounts/login/" in output
    draft = Article.objects.get(slug="demo-draft-in-progress")
    assert f"{BASE}/en/submissions/{draft.pk}/edit/" in output
    assert output.splitlines()[-1] == "demo_accounts: 3 accounts ready (3 created, 0 reset)."


def test_the_editor_can_open_the_admins_list_of_pieces(demo):
    _output, passwords = run()
    editor = signed_in("editor@example.org", passwords["editor@example.org"])
    assert editor.get("/admin/articles/article/").status_code == 200
    page = editor.get("/admin/series/series/").content.decode()
    assert "Their Series" in page and "Someone Else&#x27;s Series" in page


def test_the_series_editor_handles_only_their_series(demo):
    _output, passwords = run()
    client = signed_in("series-editor@example.org", passwords["series-editor@example.org"])
    assert client.get("/admin/articles/article/").status_code == 200
    page = client.get("/admin/series/series/").content.decode()
    assert "Their Series" in page
    assert "Someone Else" not in page
    _theirs, other = demo
    assert client.get(f"/admin/series/series/{other.pk}/change/").status_code in {302, 403, 404}


def test_the_contributor_sees_their_draft_in_the_portal_and_cannot_use_the_admin(demo):
    _output, passwords = run()
    client = signed_in("contributor@example.org", passwords["contributor@example.org"])
    page = client.get("/en/submissions/").content.decode()
    assert "Notes from a shelter: a draft in progress" in page
    draft = Article.objects.get(slug="demo-draft-in-progress")
    assert draft.status == "draft"
    # The draft opens on its first step that still lacks something.
    response = client.get(f"/en/submissions/{draft.pk}/edit/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(f"/en/submissions/{draft.pk}/edit/")
    assert client.get("/admin/articles/article/").status_code == 302  # to the admin's sign-in


def test_running_it_again_resets_the_passwords_without_duplicating_anything(demo):
    _output, first = run()
    output, second = run()
    assert get_user_model().objects.filter(username__in=EMAILS).count() == 3
    assert Article.objects.filter(slug="demo-draft-in-progress").count() == 1
    assert output.splitlines()[-1] == "demo_accounts: 3 accounts ready (0 created, 3 reset)."
    for email in EMAILS:
        assert first[email] != second[email]
        assert not Client().login(username=email, password=first[email])
        signed_in(email, second[email])
