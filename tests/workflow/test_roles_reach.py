"""Who may autocomplete, follow "view on site", read histories and use the contributor
admin, for every role (the matrix and its rules are in role_matrix.py)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from contributors.models import Contributor
from tests.admin.formdata import get_form_data
from tests.workflow.role_matrix import ROLES, Case, check, registry

pytestmark = pytest.mark.django_db

CASES: dict[str, Case] = {}
case = registry(CASES)


# Autocomplete, "view on site", history -------------------------------------------------


def _autocomplete(client, app_label, model_name, field_name, term=""):
    query = {"app_label": app_label, "model_name": model_name, "field_name": field_name}
    return client.get(reverse("admin:autocomplete"), {**query, "term": term})


@case("autocomplete a hidden co-author", "editor")
def _(client, w):
    response = _autocomplete(client, "articles", "authorship", "contributor", "Hidden")
    return response, b"Hidden Drafter" in response.content


@case("autocomplete an author of the series", "series_editor", "editor")
def _(client, w):
    response = _autocomplete(client, "articles", "authorship", "contributor", "López")
    found = response.status_code == 200 and response.json()["results"]
    return response, bool(found) and found[0]["text"] == "Ana López"


@case("autocomplete topics", "series_editor", "editor")
def _(client, w):
    response = _autocomplete(client, "articles", "article", "topics")
    return response, response.status_code == 200


@case("autocomplete user accounts")  # superusers only: no role holds auth's permissions
def _(client, w):
    response = _autocomplete(client, "contributors", "contributor", "user")
    return response, response.status_code == 200


def _view_on_site(client, obj):
    content_type = ContentType.objects.get_for_model(obj)
    response = client.get(reverse("admin:view_on_site", args=[content_type.pk, obj.pk]))
    where = response.get("Location", "")
    return response, response.status_code == 302 and not where.startswith("/admin/")


@case("view on site (own series)", "series_editor", "editor")
def _(client, w):
    return _view_on_site(client, w["mine"])


@case("view on site (other series)", "editor")
def _(client, w):
    return _view_on_site(client, w["elsewhere"])


@case("view on site (a contributor's private draft)")
def _(client, w):
    return _view_on_site(client, w["draft"])


@case("view on site (a hidden co-author)", "editor")
def _(client, w):
    return _view_on_site(client, w["hidden"])


@case("history (other series)", "editor")
def _(client, w):
    url = reverse("admin:articles_article_history", args=[w["elsewhere"].pk])
    response = client.get(url)
    return response, response.status_code == 200


@case("recover deleted pieces", "editor")
def _(client, w):
    response = client.get(reverse("admin:articles_article_recoverlist"))
    return response, response.status_code == 302 and "deleted=yes" in response["Location"]


# The contributor admin -----------------------------------------------------------------


@case("list contributors", "series_editor", "editor")
def _(client, w):
    response = client.get(reverse("admin:contributors_contributor_changelist"))
    return response, response.status_code == 200


def _rename(client, w, person):
    url = reverse("admin:contributors_contributor_change", args=[person.pk])
    data = get_form_data(w["editor_client"], url)
    data["family_name"] = "Renamed"
    response = client.post(url, data)
    return response, Contributor.objects.get(pk=person.pk).family_name == "Renamed"


@case("rename an author of the series", "series_editor", "editor")
def _(client, w):
    return _rename(client, w, w["own_author"])


@case("rename a hidden co-author", "editor")
def _(client, w):
    return _rename(client, w, w["hidden"])


@case("rename a published author of another series", "editor")
def _(client, w):
    return _rename(client, w, w["published_author"])


@case("delete a contributor record", "editor")
def _(client, w):
    url = reverse("admin:contributors_contributor_delete", args=[w["newcomer"].pk])
    response = client.post(url, {"post": "yes"})
    return response, not Contributor.objects.filter(pk=w["newcomer"].pk).exists()


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_does_exactly_what_it_may_and_learns_nothing_else(role, name, clients, world):
    check(role, CASES[name], clients, world)
