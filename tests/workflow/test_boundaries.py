"""Boundaries found in review: what the portal, preview links and series editors may not
touch."""

import pytest
from django.conf import settings
from django.urls import reverse

from articles.site.preview import preview_link
from articles.workflow.steps import transition
from tests.factories import make_article, make_contributor, make_organisation
from tests.personas import client_for, make_person, make_submission

pytestmark = pytest.mark.django_db


def test_the_portal_never_shows_or_rewrites_a_contributor_an_editor_added(contributor, series):
    article = make_submission(contributor, series)  # a draft its author may still edit
    shared = make_organisation(name="Observatory", email="private@observatory.example")
    article.authorships.create(contributor=shared, position=1)
    client = client_for(contributor)

    page = client.get(f"/en/submissions/{article.pk}/edit/authors/").content.decode()
    assert "private@observatory.example" not in page

    client.post(
        f"/en/submissions/{article.pk}/edit/authors/",
        {
            "language": "en",
            "series": series.pk,
            "title": "A submitted piece",
            "summary": "What the piece says.",
            "body_format": "html",
            "body": "<p>The submitted body.</p>",
            "licence": "CC-BY-4.0",
            "coauthors-TOTAL_FORMS": "1",
            "coauthors-INITIAL_FORMS": "0",
            "coauthors-0-name": "Hacked Org",
            "coauthors-0-email": "me@evil.example",
            "references-TOTAL_FORMS": "0",
            "references-INITIAL_FORMS": "0",
            "draft": "1",
        },
    )
    shared.refresh_from_db()
    assert (shared.name, shared.email) == ("Observatory", "private@observatory.example")
    assert article.authorships.filter(contributor=shared).exists()
    typed = article.authorships.get(name="Hacked Org").contributor
    assert typed.added_by == contributor


def test_a_preview_link_dies_when_the_piece_is_withdrawn(client, contributor, series):
    article = make_submission(contributor, series, status_path=["submit"])
    path = preview_link(article, "en").removeprefix(settings.SITE_URL)
    assert client.get(path).status_code == 200
    transition(article, "withdraw", contributor)
    assert client.get(path).status_code == 404


def test_a_series_editor_changes_only_contributors_of_their_series(
    series_editor, contributor, series, other_series
):
    make_submission(contributor, series, status_path=["submit"])
    far_author = make_person("far@example.org", given="Far", family="Away")
    stranger = make_submission(far_author, other_series).authorships.get().contributor
    public = make_article(languages=("en",)).authorships.get().contributor
    newcomer = make_contributor()
    client = client_for(series_editor)

    def form(person) -> str:
        url = reverse("admin:contributors_contributor_change", args=[person.pk])
        return client.get(url).content.decode()

    assert 'name="_save"' in form(contributor.contributor)
    assert 'name="_save"' in form(newcomer)
    assert 'name="_save"' not in form(public)  # shown read-only
    url = reverse("admin:contributors_contributor_change", args=[public.pk])
    assert client.post(url, {"name": "Renamed"}).status_code == 403
    # Someone credited only on another series' draft is not shown at all.
    url = reverse("admin:contributors_contributor_change", args=[stranger.pk])
    response = client.post(url, {"name": "Renamed"})
    assert (response.status_code, response["Location"]) == (302, reverse("admin:index"))
    public.refresh_from_db()
    stranger.refresh_from_db()
    assert public.display_name != "Renamed"
    assert stranger.display_name == "Far Away"
