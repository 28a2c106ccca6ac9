"""Redirects in the admin: editors manage them, bad paths are refused with their reason."""

import pytest
from django.urls import reverse

from redirects.models import Redirect
from tests.personas import client_for, make_staff

pytestmark = pytest.mark.django_db

ADD = reverse("admin:redirects_redirect_add")
LIST = reverse("admin:redirects_redirect_changelist")


@pytest.fixture
def editor_client():
    return client_for(make_staff("chief@example.org", "Editor"))


def form(old_path: str, new_path: str, note: str = "") -> dict:
    return {"old_path": old_path, "new_path": new_path, "note": note}


def test_an_editor_adds_a_redirect_stored_in_its_one_spelling(editor_client):
    response = editor_client.post(ADD, form("/2020/03/M%C3%A9xico/", "/es/articles/mexico/"))
    assert response.status_code == 302
    assert Redirect.objects.get().old_path == "/2020/03/méxico"


@pytest.mark.parametrize(
    "new_path", ["https://elsewhere.example/", "//elsewhere.example/", "es/articles/x/"]
)
def test_a_target_off_this_site_is_refused_on_the_new_path_field(editor_client, new_path):
    response = editor_client.post(ADD, form("/?p=5", new_path))
    assert response.status_code == 200
    assert "new_path" in response.context["adminform"].form.errors
    assert not Redirect.objects.exists()


def test_an_address_this_site_answers_is_refused_as_an_old_path(editor_client):
    response = editor_client.post(ADD, form("/en/", "/en/articles/x/"))
    errors = response.context["adminform"].form.errors
    assert "never be tried" in str(errors["old_path"])
    assert not Redirect.objects.exists()


def test_a_second_spelling_of_a_stored_old_path_is_refused(editor_client):
    Redirect.objects.point("/2019/05/post/", "/en/articles/post/")
    response = editor_client.post(ADD, form("/2019/05/Post", "/en/articles/other/"))
    assert response.status_code == 200
    assert Redirect.objects.count() == 1


def test_an_edit_is_checked_like_an_addition(editor_client):
    Redirect.objects.point("/2019/05/post/", "/en/articles/post/")
    row = Redirect.objects.get()
    change = reverse("admin:redirects_redirect_change", args=[row.pk])
    page = editor_client.get(change)
    assert 'href="/2019/05/post"' in page.content.decode()  # the "test" link
    refused = editor_client.post(change, form(row.old_path, "javascript:alert(1)"))
    assert "new_path" in refused.context["adminform"].form.errors
    accepted = editor_client.post(change, form(row.old_path, "/en/articles/renamed/", "moved"))
    assert accepted.status_code == 302
    row.refresh_from_db()
    assert (row.new_path, row.note) == ("/en/articles/renamed/", "moved")


def test_redirects_are_found_by_either_path_and_filtered_by_their_note(editor_client):
    Redirect.objects.point("/?p=12", "/en/articles/twelve/", "WordPress post 12, ?p=ID")
    Redirect.objects.point("/?p=13", "/en/articles/thirteen/", "WordPress post 13, ?p=ID")
    Redirect.objects.point("/category/law/", "/en/series/law/", "WordPress category 4")
    Redirect.objects.point("/old-about/", "/en/about/")

    def shown(query: dict) -> set[str]:
        response = editor_client.get(LIST, query)
        return {row.old_path for row in response.context["cl"].result_list}

    assert shown({"q": "thirteen"}) == {"/?p=13"}
    assert shown({"q": "category"}) == {"/category/law"}
    assert shown({"note": "WordPress post №, ?p=ID"}) == {"/?p=12", "/?p=13"}
    assert shown({"note": ""}) == {"/old-about"}
    (note_filter,) = editor_client.get(LIST).context["cl"].filter_specs
    kinds = [kind for kind, _label in note_filter.lookup_choices]
    assert kinds == ["", "WordPress category №", "WordPress post №, ?p=ID"]


def test_a_series_editor_cannot_see_redirects():
    series_editor = make_staff("sara@example.org", "Series editor")
    assert client_for(series_editor).get(LIST).status_code == 403
