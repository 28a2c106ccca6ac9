"""The admin's "view on site" shortcut (/admin/r/<content type>/<pk>/) redirects only to
objects the editor may see in the admin, so it cannot spell out other pieces' slugs."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from articles.models import Article, Authorship
from tests.personas import client_for, make_submission

pytestmark = pytest.mark.django_db


def _shortcut(obj) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


@pytest.fixture
def pieces(contributor, series, other_series):
    return {
        "mine": make_submission(contributor, series, status_path=["submit"], slug="mine-slug"),
        "elsewhere": make_submission(
            contributor, other_series, status_path=["submit"], slug="far-away-slug"
        ),
        "draft": make_submission(contributor, series, slug="secret-draft-slug"),
    }


def test_a_series_editor_is_sent_to_a_piece_of_their_series(series_editor, pieces):
    response = client_for(series_editor).get(_shortcut(pieces["mine"]))
    assert response.status_code == 302
    assert response["Location"].endswith("/mine-slug/")


@pytest.mark.parametrize("piece", ["elsewhere", "draft"])
def test_a_series_editor_learns_nothing_about_pieces_outside_their_reach(
    series_editor, pieces, piece
):
    response = client_for(series_editor).get(_shortcut(pieces[piece]))
    assert response.status_code == 404
    assert pieces[piece].slug not in response.content.decode()
    assert "Location" not in response


def test_an_editor_is_not_sent_to_a_contributors_private_draft(editor, pieces):
    client = client_for(editor)
    assert client.get(_shortcut(pieces["elsewhere"])).status_code == 302
    response = client.get(_shortcut(pieces["draft"]))
    assert response.status_code == 404
    assert "secret-draft-slug" not in response.content.decode()


def test_objects_without_an_admin_or_that_do_not_exist_get_404(editor, pieces):
    client = client_for(editor)
    byline = Authorship.objects.filter(article=pieces["mine"]).first()
    assert client.get(_shortcut(byline)).status_code == 404
    article_type = ContentType.objects.get_for_model(Article)
    for missing in (
        reverse("admin:view_on_site", args=[article_type.pk, 999999]),
        reverse("admin:view_on_site", args=[article_type.pk, "not-a-number"]),
        reverse("admin:view_on_site", args=[999999, pieces["mine"].pk]),
    ):
        assert client.get(missing).status_code == 404, missing


def test_readers_and_contributors_are_sent_to_sign_in(client, contributor, pieces):
    for person in (client, client_for(contributor)):
        response = person.get(_shortcut(pieces["mine"]))
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
