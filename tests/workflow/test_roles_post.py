"""Who may decide, edit, delete and run bulk actions in the admin, for every role (the
matrix and its rules are in role_matrix.py)."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.admin.formdata import get_form_data
from tests.workflow.role_matrix import ROLES, Case, check, fresh, registry, status

pytestmark = pytest.mark.django_db

CASES: dict[str, Case] = {}
case = registry(CASES)


# Decisions -----------------------------------------------------------------------------


def _decide(client, article, action, **data):
    url = reverse("admin:articles_article_transition", args=[article.pk, action])
    return client.post(url, {"expected": article.status, **data})


@case("accept (own series)", "series_editor", "editor")
def _(client, w):
    return _decide(client, w["mine"], "accept"), status(w["mine"]) == Article.Status.ACCEPTED


@case("accept (other series)", "editor")
def _(client, w):
    response = _decide(client, w["elsewhere"], "accept")
    return response, status(w["elsewhere"]) == Article.Status.ACCEPTED


@case("reject (other series)", "editor")
def _(client, w):
    response = _decide(client, w["elsewhere"], "reject")
    return response, status(w["elsewhere"]) == Article.Status.REJECTED


@case("start the review (other series)", "editor")
def _(client, w):
    response = _decide(client, w["elsewhere"], "start_review")
    return response, status(w["elsewhere"]) == Article.Status.IN_REVIEW


@case("request revisions (other series)", "editor")
def _(client, w):
    response = _decide(client, w["elsewhere"], "request_revisions", message="Shorten it.")
    return response, status(w["elsewhere"]) == Article.Status.REVISIONS_REQUESTED


@case("schedule (other series)", "editor")
def _(client, w):
    when = {"at_en_0": "2030-01-01", "at_en_1": "09:00:00"}
    response = _decide(client, w["accepted_elsewhere"], "schedule", **when)
    return response, status(w["accepted_elsewhere"]) == Article.Status.SCHEDULED


@case("unpublish with a reason (other series)", "editor")
def _(client, w):
    response = _decide(client, w["published_elsewhere"], "unpublish", public_en="Withdrawn.")
    return response, status(w["published_elsewhere"]) == Article.Status.UNPUBLISHED


@case("publish a correction (other series)", "editor")
def _(client, w):
    response = _decide(client, w["published_elsewhere"], "correct", public_en="Corrected.")
    return response, fresh(w["published_elsewhere"]).correction_notice_en == "Corrected."


@case("decide on a contributor's private draft")
def _(client, w):
    response = _decide(client, w["draft"], "reject")
    return response, status(w["draft"]) != Article.Status.DRAFT


# Edits and deletes ---------------------------------------------------------------------


def _edit(client, w, article):
    url = reverse("admin:articles_article_change", args=[article.pk])
    # The form as an editor of every series sees it; the draft's is not shown to anyone.
    source = article if article.pk != w["draft"].pk else w["mine"]
    data = get_form_data(w["editor_client"], reverse("admin:articles_article_change",
                                                     args=[source.pk]))  # fmt: skip
    data["title_en"] = "Renamed by a role"
    data["series"] = str(article.series_id)
    return client.post(url, data), fresh(article).title_en == "Renamed by a role"


@case("edit (own series)", "series_editor", "editor")
def _(client, w):
    return _edit(client, w, w["mine"])


@case("edit (other series)", "editor")
def _(client, w):
    return _edit(client, w, w["elsewhere"])


@case("edit a contributor's private draft")
def _(client, w):
    return _edit(client, w, w["draft"])


@case("add a piece to another series", "editor")
def _(client, w):
    data = get_form_data(w["editor_client"], reverse("admin:articles_article_add"))
    data.update(
        {
            "title_en": "Added by a role",
            "slug": "added-by-a-role",
            "original_language": "en",
            "series": str(w["other_series"].pk),
        }
    )
    response = client.post(reverse("admin:articles_article_add"), data)
    return response, Article.all_objects.filter(slug="added-by-a-role").exists()


def _delete(client, article):
    url = reverse("admin:articles_article_delete", args=[article.pk])
    return client.post(url, {"post": "yes"}), fresh(article).deleted_at is not None


@case("delete (own series)", "editor")
def _(client, w):
    return _delete(client, w["mine"])


@case("delete (other series)", "editor")
def _(client, w):
    return _delete(client, w["elsewhere"])


# Bulk actions on the queue -------------------------------------------------------------


def _bulk(client, action, article, query=""):
    url = reverse("admin:articles_article_changelist") + query
    data = {"action": action, "_selected_action": [str(article.pk)], "index": "0"}
    if action == "delete_selected":
        data["post"] = "yes"
    return client.post(url, data)


@case("bulk publish (own series)", "series_editor", "editor")
def _(client, w):
    response = _bulk(client, "publish_en", w["accepted_mine"])
    return response, fresh(w["accepted_mine"]).published_at_en is not None


@case("bulk publish (other series)", "editor")
def _(client, w):
    response = _bulk(client, "publish_en", w["accepted_elsewhere"])
    return response, fresh(w["accepted_elsewhere"]).published_at_en is not None


@case("bulk unpublish (other series)", "editor")
def _(client, w):
    response = _bulk(client, "unpublish_en", w["published_elsewhere"])
    return response, fresh(w["published_elsewhere"]).published_at_en is None


@case("bulk delete (other series)", "editor")
def _(client, w):
    response = _bulk(client, "delete_selected", w["elsewhere"])
    return response, fresh(w["elsewhere"]).deleted_at is not None


@case("bulk restore (other series)", "editor")
def _(client, w):
    response = _bulk(client, "restore_articles", w["deleted_elsewhere"], "?deleted=yes")
    return response, fresh(w["deleted_elsewhere"]).deleted_at is None


@case("bulk Crossref deposit (other series)", "editor")
def _(client, w):
    response = _bulk(client, "crossref_deposit_xml", w["published_elsewhere"])
    return response, b"10.1234/far.1" in response.content


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_does_exactly_what_it_may_and_learns_nothing_else(role, name, clients, world):
    check(role, CASES[name], clients, world)
