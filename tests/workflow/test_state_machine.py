"""The state machine: every step is checked, recorded and explained when refused."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from articles.workflow.steps import TransitionError, publish_language, transition
from tests.personas import make_submission, make_volume_for

pytestmark = pytest.mark.django_db
S = Article.Status


def test_the_whole_path_from_draft_to_published_is_recorded_step_by_step(
    contributor, editor, series
):
    article = make_submission(contributor, series)
    assert article.status == S.DRAFT
    transition(article, "submit", contributor)
    transition(article, "start_review", editor)
    transition(article, "request_revisions", editor, message="Shorten it.", note="Too long.")
    transition(article, "resubmit", contributor, message="Shortened.")
    transition(article, "accept", editor)
    make_volume_for(article)
    publish_language(article, "en", at=timezone.now() + timedelta(days=2), by=editor)
    assert article.status == S.SCHEDULED
    steps = [(e.action, e.from_status, e.to_status, e.actor) for e in article.events.all()]
    assert steps == [
        ("submit", S.DRAFT, S.SUBMITTED, contributor),
        ("start_review", S.SUBMITTED, S.IN_REVIEW, editor),
        ("request_revisions", S.IN_REVIEW, S.REVISIONS_REQUESTED, editor),
        ("resubmit", S.REVISIONS_REQUESTED, S.IN_REVIEW, contributor),
        ("accept", S.IN_REVIEW, S.ACCEPTED, editor),
        ("schedule", S.ACCEPTED, S.SCHEDULED, editor),
    ]
    revision = article.events.get(action="request_revisions")
    assert (revision.message, revision.note) == ("Shorten it.", "Too long.")
    assert article.submitted_at is not None


def test_it_refuses_a_step_the_state_does_not_allow_with_a_clear_message(contributor, editor):
    article = make_submission(contributor)
    with pytest.raises(TransitionError, match="“Draft” cannot take the step “Accept”"):
        transition(article, "accept", editor)
    assert article.events.count() == 0
    assert Article.objects.get(pk=article.pk).status == S.DRAFT


def test_it_refuses_a_second_transition_based_on_a_state_that_has_changed(contributor, editor):
    article = make_submission(contributor, status_path=["submit"])
    transition(article, "accept", editor, expected=S.SUBMITTED)
    stale = Article.objects.get(pk=article.pk)
    with pytest.raises(TransitionError, match="Someone acted on this piece first") as error:
        transition(stale, "reject", editor, expected=S.SUBMITTED)
    assert "Accepted" in str(error.value)
    assert Article.objects.get(pk=article.pk).status == S.ACCEPTED


def test_only_the_submitting_author_takes_the_authors_steps(contributor, other_contributor):
    article = make_submission(contributor)
    with pytest.raises(TransitionError, match="Only the author"):
        transition(article, "submit", other_contributor)


def test_contributors_cannot_take_editors_steps(contributor):
    article = make_submission(contributor, status_path=["submit"])
    with pytest.raises(TransitionError, match="Only editors"):
        transition(article, "accept", contributor)


def test_a_revision_request_needs_a_message_for_the_authors(contributor, editor):
    article = make_submission(contributor, status_path=["submit"])
    with pytest.raises(TransitionError, match="message"):
        transition(article, "request_revisions", editor, message="  ")


def test_an_author_can_withdraw_before_acceptance_but_not_after(contributor, editor):
    early = make_submission(contributor, status_path=["submit", "start_review"])
    transition(early, "withdraw", contributor)
    assert early.status == S.WITHDRAWN
    late = make_submission(contributor, status_path=["submit", "accept"])
    with pytest.raises(TransitionError):
        transition(late, "withdraw", contributor)


def test_a_submission_cannot_be_published_before_it_is_accepted(contributor):
    article = make_submission(contributor, status_path=["submit"])
    make_volume_for(article)
    with pytest.raises(TransitionError):
        publish_language(article, "en")


def test_publishing_needs_a_volume(contributor):
    article = make_submission(contributor, status_path=["submit", "accept"])
    with pytest.raises(Exception, match="volume"):
        publish_language(article, "en")


def test_nothing_appears_before_its_time_and_publish_scheduled_is_idempotent(
    contributor, editor, client
):
    article = make_submission(contributor, status_path=["submit", "accept"], slug="later")
    make_volume_for(article)
    publish_language(article, "en", at=timezone.now() + timedelta(hours=1), by=editor)
    call_command("publish_scheduled")
    assert Article.objects.get(pk=article.pk).status == S.SCHEDULED
    assert client.get("/en/articles/later/").status_code == 404

    Article.objects.filter(pk=article.pk).update(
        published_at_en=timezone.now() - timedelta(minutes=1)
    )
    call_command("publish_scheduled")
    call_command("publish_scheduled")
    article.refresh_from_db()
    assert article.status == S.PUBLISHED
    assert article.events.filter(action="publish").count() == 1
    assert client.get("/en/articles/later/").status_code == 200


def test_unpublishing_with_a_reason_takes_every_version_down_and_keeps_the_reason(
    contributor, editor
):
    article = make_submission(contributor, status_path=["submit", "accept"])
    make_volume_for(article)
    publish_language(article, "en", by=editor)
    from articles.workflow.steps import unpublish_with_reason

    unpublish_with_reason(article, editor, {"en": "Published in error.", "es": ""})
    article.refresh_from_db()
    assert article.status == S.UNPUBLISHED
    assert article.published_languages() == []
    assert article.public_notice_en == "Published in error."
    assert article.withdrawn_at is not None


def test_a_correction_notice_keeps_the_piece_published(contributor, editor):
    article = make_submission(contributor, status_path=["submit", "accept"])
    make_volume_for(article)
    publish_language(article, "en", by=editor)
    from articles.workflow.steps import publish_correction

    publish_correction(article, editor, {"en": "A date was wrong.", "es": ""})
    article.refresh_from_db()
    assert article.status == S.PUBLISHED
    assert article.correction_notice_en == "A date was wrong."
    assert article.events.last().action == "correct"
