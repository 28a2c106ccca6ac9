"""Editors decide in the admin: buttons, clear refusals, stale saves, previews."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import signing
from django.urls import reverse

from articles.models import Article
from articles.site.preview import SALT, preview_link
from articles.workflow.steps import transition
from tests.admin.formdata import get_form_data
from tests.personas import client_for, make_submission

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_change_page_offers_the_decisions_the_state_allows(editor, contributor):
    article = make_submission(contributor, status_path=["submit"])
    page = client_for(editor).get(reverse("admin:articles_article_change", args=[article.pk]))
    html = page.content.decode()
    for action in ("start_review", "request_revisions", "accept", "reject"):
        assert reverse("admin:articles_article_transition", args=[article.pk, action]) in html
    assert "/transition/unpublish/" not in html


def test_a_decision_that_is_no_longer_allowed_gets_a_message_not_an_error(editor, contributor):
    article = make_submission(contributor, status_path=["submit", "accept"])
    client = client_for(editor)
    url = reverse("admin:articles_article_transition", args=[article.pk, "reject"])
    response = client.post(url, {"expected": "submitted"}, follow=True)
    assert response.status_code == 200
    assert any("Someone acted on this piece first" in m for m in _messages(response))
    assert Article.objects.get(pk=article.pk).status == Article.Status.ACCEPTED


def test_the_timeline_shows_internal_notes_to_editors(editor, contributor):
    article = make_submission(contributor, status_path=["submit"])
    transition(article, "reject", editor, message="Not for us.", note="Off topic.")
    page = client_for(editor).get(reverse("admin:articles_article_change", args=[article.pk]))
    html = page.content.decode()
    assert "Not for us." in html and "Off topic." in html


def test_the_later_of_two_concurrent_edits_is_refused_with_a_message(editor, contributor):
    article = make_submission(contributor, status_path=["submit"])
    url = reverse("admin:articles_article_change", args=[article.pk])
    first, second = client_for(editor), client_for(editor)
    mine, theirs = get_form_data(first, url), get_form_data(second, url)
    mine["title_en"] = "First editor's title"
    assert first.post(url, mine).status_code == 302
    theirs["title_en"] = "Second editor's title"
    response = second.post(url, theirs)
    assert response.status_code == 200
    assert "Someone else saved this piece while you were editing it" in response.content.decode()
    assert Article.objects.get(pk=article.pk).title_en == "First editor's title"


def test_an_admin_save_never_writes_back_a_state_that_changed_meanwhile(editor, contributor):
    article = make_submission(contributor, status_path=["submit"])
    url = reverse("admin:articles_article_change", args=[article.pk])
    client = client_for(editor)
    data = get_form_data(client, url)
    transition(Article.objects.get(pk=article.pk), "accept", editor)
    data["title_en"] = "Edited"
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert (article.status, article.title_en) == (Article.Status.ACCEPTED, "Edited")


def test_editors_preview_a_draft_as_readers_will_see_it(editor, contributor):
    article = make_submission(contributor, status_path=["submit"], title="Not yet public")
    response = client_for(editor).get(reverse("admin:articles_article_preview", args=[article.pk]))
    assert response.status_code == 200
    assert "Not yet public" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_signed_preview_link_works_without_an_account(client, contributor):
    article = make_submission(contributor, status_path=["submit"], title="For the reviewer")
    link = preview_link(article, "en").split("://", 1)[1].split("/", 1)[1]
    assert "For the reviewer" in client.get("/" + link).content.decode()
    assert client.get("/en/preview/forged-token/").status_code == 404


def test_an_expired_preview_link_is_refused(client, contributor, monkeypatch):
    article = make_submission(contributor, status_path=["submit"])
    import time

    token = signing.dumps({"a": article.pk, "v": 0}, salt=SALT)
    later = time.time() + timedelta(days=15).total_seconds()
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert client.get(f"/en/preview/{token}/").status_code == 404


def test_queue_filters_by_handling_editor_and_age(editor, series_editor, contributor):
    assigned = make_submission(contributor, status_path=["submit"])
    Article.objects.filter(pk=assigned.pk).update(handling_editor=series_editor)
    other = make_submission(contributor, status_path=["submit"])
    from django.utils import timezone

    Article.objects.filter(pk=other.pk).update(submitted_at=timezone.now() - timedelta(days=40))
    client = client_for(editor)
    url = reverse("admin:articles_article_changelist")
    by_editor = client.get(url, {"handling_editor__id__exact": series_editor.pk})
    assert [a.pk for a in by_editor.context["cl"].result_list] == [assigned.pk]
    old = client.get(url, {"age": "older"})
    assert [a.pk for a in old.context["cl"].result_list] == [other.pk]
