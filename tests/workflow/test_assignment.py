"""Assigning a handling editor is a workflow step: the timeline says who assigned whom."""

import pytest
from django.urls import reverse

from articles.models import Article
from articles.workflow.steps import TransitionError, assign_handling_editor
from tests.admin.formdata import get_form_data
from tests.personas import client_for, make_submission

pytestmark = pytest.mark.django_db


def test_assigning_a_handling_editor_writes_who_assigned_whom(editor, series_editor, contributor):
    article = make_submission(contributor, status_path=["submit"])
    event = assign_handling_editor(article, series_editor, editor)
    assert event.action == "assign" and event.actor == editor
    assert event.note == "Handling editor: Eda (sara@example.org) (was: nobody)."
    assert event.from_status == event.to_status == Article.Status.SUBMITTED
    assert Article.objects.get(pk=article.pk).handling_editor == series_editor


def test_reassigning_names_the_previous_editor_and_unassigning_is_recorded_too(
    editor, series_editor, contributor
):
    article = make_submission(contributor, status_path=["submit"])
    assign_handling_editor(article, series_editor, editor)
    event = assign_handling_editor(article, editor, editor)
    assert event.note == (
        "Handling editor: Eda (chief@example.org) (was: Eda (sara@example.org))."
    )
    cleared = assign_handling_editor(article, None, editor)
    assert cleared.note.startswith("Handling editor: nobody")
    assert Article.objects.get(pk=article.pk).handling_editor is None


def test_assigning_the_same_editor_again_writes_nothing(editor, contributor):
    article = make_submission(contributor, status_path=["submit"])
    assign_handling_editor(article, editor, editor)
    assert assign_handling_editor(article, editor, editor) is None
    assert article.events.filter(action="assign").count() == 1


def test_only_staff_can_handle_a_piece_and_only_editors_can_assign(
    editor, contributor, other_contributor
):
    article = make_submission(contributor, status_path=["submit"])
    with pytest.raises(TransitionError):
        assign_handling_editor(article, other_contributor, editor)
    with pytest.raises(TransitionError):
        assign_handling_editor(article, editor, contributor)
    assert not article.events.filter(action="assign").exists()


def test_choosing_a_handling_editor_in_the_admin_goes_through_the_workflow(
    editor, series_editor, contributor
):
    article = make_submission(contributor, status_path=["submit"])
    client = client_for(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = get_form_data(client, url)
    data["handling_editor"] = str(series_editor.pk)
    assert client.post(url, data).status_code == 302
    event = article.events.get(action="assign")
    assert event.actor == editor and "sara@example.org" in event.note
    # Saving again without changing the editor adds no event.
    assert client.post(url, get_form_data(client, url)).status_code == 302
    assert article.events.filter(action="assign").count() == 1
    page = client.get(url).content.decode()
    assert "Assign a handling editor" in page


def test_a_piece_created_in_the_admin_with_an_editor_records_the_assignment(editor, series):
    client = client_for(editor)
    url = reverse("admin:articles_article_add")
    data = get_form_data(client, url)
    data.update(
        {
            "title_en": "An editor's own piece",
            "slug": "editors-own",
            "original_language": "en",
            "series": str(series.pk),
            "handling_editor": str(editor.pk),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(slug="editors-own")
    assert article.handling_editor == editor
    assert article.events.get(action="assign").actor == editor


def test_the_contributor_does_not_see_assignments_on_their_timeline(
    editor, series_editor, contributor
):
    article = make_submission(contributor, status_path=["submit"])
    assign_handling_editor(article, series_editor, editor)
    page = client_for(contributor).get(reverse("submissions:detail", args=[article.pk]))
    html = page.content.decode()
    assert "sara@example.org" not in html and "Assign a handling editor" not in html
