"""Who may see and do what: a matrix of roles and views over the admin and the portal."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.personas import client_for, make_submission, make_volume_for

pytestmark = pytest.mark.django_db

ROLES = ["reader", "contributor", "other_contributor", "series_editor", "editor"]


@pytest.fixture
def pieces(contributor, series, other_series):
    mine = make_submission(contributor, series, status_path=["submit"], slug="mine")
    elsewhere = make_submission(contributor, other_series, status_path=["submit"], slug="far")
    draft = make_submission(contributor, series, slug="private-draft")
    return {"mine": mine, "elsewhere": elsewhere, "draft": draft}


@pytest.fixture
def clients(request, contributor, other_contributor, editor, series_editor):
    people = {
        "contributor": contributor,
        "other_contributor": other_contributor,
        "series_editor": series_editor,
        "editor": editor,
    }
    return {role: client_for(p) if role in people else Client() for role, p in
            {**people, "reader": None}.items()}  # fmt: skip


def _views(pieces) -> dict[str, str]:
    mine, elsewhere = pieces["mine"], pieces["elsewhere"]
    return {
        "admin index": reverse("admin:index"),
        "queue": reverse("admin:articles_article_changelist"),
        "change (own series)": reverse("admin:articles_article_change", args=[mine.pk]),
        "change (other series)": reverse("admin:articles_article_change", args=[elsewhere.pk]),
        "history (other series)": reverse("admin:articles_article_history", args=[elsewhere.pk]),
        "preview (other series)": reverse("admin:articles_article_preview", args=[elsewhere.pk]),
        "decide (other series)": reverse(
            "admin:articles_article_transition", args=[elsewhere.pk, "accept"]
        ),
        "compare (other series)": reverse("admin:articles_article_compare", args=[elsewhere.pk]),
        "portal detail": f"/en/submissions/{mine.pk}/",
        "portal edit": f"/en/submissions/{pieces['draft'].pk}/edit/piece/",
    }


# What each role gets: "ok" (200), "login" (a redirect to a sign-in page), "no" (404, or
# the admin's redirect away from an object outside the person's reach).
MATRIX = {
    "admin index": {"reader": "login", "contributor": "login", "other_contributor": "login",
                    "series_editor": "ok", "editor": "ok"},
    "queue": {"reader": "login", "contributor": "login", "other_contributor": "login",
              "series_editor": "ok", "editor": "ok"},
    "change (own series)": {"reader": "login", "contributor": "login",
                            "other_contributor": "login", "series_editor": "ok", "editor": "ok"},
    "change (other series)": {"reader": "login", "contributor": "login",
                              "other_contributor": "login", "series_editor": "no",
                              "editor": "ok"},
    "history (other series)": {"reader": "login", "contributor": "login",
                               "other_contributor": "login", "series_editor": "no",
                               "editor": "ok"},
    "preview (other series)": {"reader": "login", "contributor": "login",
                               "other_contributor": "login", "series_editor": "no",
                               "editor": "ok"},
    "decide (other series)": {"reader": "login", "contributor": "login",
                              "other_contributor": "login", "series_editor": "no",
                              "editor": "ok"},
    "compare (other series)": {"reader": "login", "contributor": "login",
                               "other_contributor": "login", "series_editor": "no",
                               "editor": "ok"},
    "portal detail": {"reader": "login", "contributor": "ok", "other_contributor": "no",
                      "series_editor": "no", "editor": "no"},
    "portal edit": {"reader": "login", "contributor": "ok", "other_contributor": "no",
                    "series_editor": "no", "editor": "no"},
}  # fmt: skip


def _outcome(response) -> str:
    if response.status_code == 200:
        return "ok"
    if response.status_code == 302 and "login" in response["Location"]:
        return "login"
    if response.status_code == 404:
        return "no"
    if response.status_code == 302 and response["Location"].startswith("/admin/"):
        return "no"  # the admin's "this object does not exist" redirect
    return f"status {response.status_code}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_the_views_it_should(role, clients, pieces):
    client = clients[role]
    got = {name: _outcome(client.get(url)) for name, url in _views(pieces).items()}
    expected = {name: MATRIX[name][role] for name in MATRIX}
    assert got == expected


def test_a_series_editor_queue_lists_only_their_series(series_editor, pieces):
    response = client_for(series_editor).get(reverse("admin:articles_article_changelist"))
    listed = {article.pk for article in response.context["cl"].result_list}
    assert listed == {pieces["mine"].pk}


def test_nobody_in_the_admin_sees_a_contributors_unsubmitted_draft(editor, pieces):
    response = client_for(editor).get(reverse("admin:articles_article_changelist"))
    listed = {article.pk for article in response.context["cl"].result_list}
    assert pieces["draft"].pk not in listed
    assert {pieces["mine"].pk, pieces["elsewhere"].pk} <= listed


def test_a_series_editor_sees_only_their_series_and_its_volumes(series_editor, series, pieces):
    client = client_for(series_editor)
    response = client.get(reverse("admin:series_series_changelist"))
    assert [s.pk for s in response.context["cl"].result_list] == [series.pk]
    make_volume_for(pieces["elsewhere"])
    response = client.get(reverse("admin:series_volume_changelist"))
    assert all(v.series_id == series.pk for v in response.context["cl"].result_list)


def test_the_admin_index_counts_pieces_by_status(editor, pieces):
    page = client_for(editor).get(reverse("admin:index")).content.decode()
    assert 'id="submission-counts"' in page
    assert "?status__exact=submitted" in page

    counts = {value: n for value, _label, n in Article.objects.handled_by(editor).status_counts()}
    # Two submitted pieces (one per series); the contributor's private draft is not counted.
    assert (counts["submitted"], counts["draft"]) == (2, 0)


def test_the_groups_exist_after_migrating():
    from django.contrib.auth.models import Group

    editor = Group.objects.get(name="Editor")
    series_editor = Group.objects.get(name="Series editor")
    assert editor.permissions.filter(codename="edit_any_series").exists()
    assert not series_editor.permissions.filter(codename="edit_any_series").exists()
    assert series_editor.permissions.filter(codename="change_article").exists()
    assert not series_editor.permissions.filter(codename="delete_article").exists()
