"""Series editors see only the contributors their work or the public site shows them: never
co-authors typed into another contributor's draft in another series."""

import pytest
from django.urls import reverse

from articles.models import Authorship
from contributors.models import Contributor
from tests.admin.formdata import form_errors, get_form_data
from tests.factories import make_article, make_contributor
from tests.personas import client_for, make_person, make_submission

pytestmark = pytest.mark.django_db


def _typed_coauthor(article, name: str) -> Contributor:
    """A co-author as the portal records one the submitting account typed in."""
    person = Contributor.objects.create(
        name=name,
        family_name=name.split()[-1],
        slug=name.lower().replace(" ", "-"),
        affiliation_en=f"{name} Institute",
        bio_en=f"{name} writes privately.",
        added_by=article.submitted_by,
    )
    article.authorships.create(contributor=person, position=1)
    return person


@pytest.fixture
def people(contributor, series, other_series):
    far = make_person("far@example.org", given="Far", family="Away")
    draft = make_submission(far, other_series, slug="far-draft")
    submitted = make_submission(far, other_series, status_path=["submit"], slug="far-submitted")
    mine = make_submission(contributor, series, status_path=["submit"], slug="mine")
    orphan_draft = make_submission(far, other_series, slug="far-other-draft")
    orphan = _typed_coauthor(orphan_draft, "Dropped Coauthor")
    Authorship.objects.filter(contributor=orphan).delete()  # removed from the draft again
    return {
        "draft co-author": _typed_coauthor(draft, "Hidden Drafter"),
        "submitted co-author": _typed_coauthor(submitted, "Hidden Submitter"),
        "dropped co-author": orphan,
        "far author": far.contributor,
        "own series author": contributor.contributor,
        "own series co-author": _typed_coauthor(mine, "Visible Colleague"),
        "published author": make_article(languages=("en",)).authorships.get().contributor,
        "editor's new record": make_contributor(given_name="Newly", family_name="Added"),
    }


SERIES_EDITOR_SEES = {
    "own series author",
    "own series co-author",
    "published author",
    "editor's new record",
}


def _listed(client) -> set[int]:
    response = client.get(reverse("admin:contributors_contributor_changelist"))
    assert response.status_code == 200
    return {person.pk for person in response.context["cl"].result_list}


def test_a_series_editor_lists_only_contributors_within_their_reach(series_editor, people):
    client = client_for(series_editor)
    expected = {people[name].pk for name in SERIES_EDITOR_SEES}
    assert _listed(client) == expected
    page = client.get(reverse("admin:contributors_contributor_changelist")).content.decode()
    for hidden in ("Hidden Drafter", "Hidden Submitter", "Dropped Coauthor", "Far Away"):
        assert hidden not in page


def test_editors_of_every_series_list_everyone(editor, people):
    assert {p.pk for p in people.values()} <= _listed(client_for(editor))


@pytest.mark.parametrize("name", sorted({"draft co-author", "submitted co-author", "far author"}))
def test_a_series_editor_cannot_open_a_hidden_contributor(series_editor, people, name):
    person = people[name]
    url = reverse("admin:contributors_contributor_change", args=[person.pk])
    response = client_for(series_editor).get(url, follow=True)
    page = response.content.decode()
    assert person.display_name not in page
    assert f"{person.display_name} Institute" not in page


def test_the_contributor_autocomplete_offers_only_contributors_within_reach(
    series_editor, editor, people
):
    url = reverse("admin:autocomplete")
    query = {
        "app_label": "articles",
        "model_name": "authorship",
        "field_name": "contributor",
        "term": "Hidden",
    }
    hidden = client_for(series_editor).get(url, query)
    assert hidden.status_code == 200
    assert hidden.json()["results"] == []
    visible = client_for(series_editor).get(url, {**query, "term": "Visible"})
    assert [r["text"] for r in visible.json()["results"]] == ["Visible Colleague"]
    everyone = client_for(editor).get(url, query)
    names = {r["text"] for r in everyone.json()["results"]}
    assert names == {"Hidden Drafter", "Hidden Submitter"}


def test_a_series_editor_cannot_credit_a_hidden_contributor_by_key(series_editor, people):
    article = Authorship.objects.get(contributor=people["own series author"]).article
    client = client_for(series_editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = get_form_data(client, url)
    hidden = people["draft co-author"]
    data.update(
        {
            "authorships-2-contributor": str(hidden.pk),
            "authorships-2-position": "2",
            "authorships-2-role": "author",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    errors = form_errors(response)
    assert list(errors) == ["authorships-2"]
    assert "Select a valid choice" in str(errors["authorships-2"])
    assert not article.authorships.filter(contributor=hidden).exists()
    assert "Hidden Drafter" not in response.content.decode()
