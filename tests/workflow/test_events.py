"""A workflow step is announced once, after commit, and everything that follows listens."""

import logging

import pytest
from django.db import transaction

from articles.models import Article
from articles.workflow.deletion import restore, soft_delete
from articles.workflow.events import step_taken
from articles.workflow.steps import TransitionError, publish_language, transition
from pagecache.generation import read
from tests.factories import make_article
from tests.personas import make_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """The (action, article id, notify) of every step_taken sent while the test runs."""
    seen = []

    def listener(sender, event, notify, **kwargs):
        seen.append((event.action, event.article_id, notify))

    step_taken.connect(listener, dispatch_uid="test-listener")
    yield seen
    step_taken.disconnect(dispatch_uid="test-listener")


def test_a_step_is_announced_once_and_only_after_its_transaction_commits(
    heard, contributor, django_capture_on_commit_callbacks
):
    article = make_submission(contributor)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        transition(article, "submit", contributor)
        assert heard == []  # nothing before the commit
    assert len(callbacks) == 1
    assert heard == [("submit", article.pk, True)]


def test_a_step_that_is_refused_announces_nothing(
    heard, contributor, django_capture_on_commit_callbacks
):
    article = make_submission(contributor)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionError):
        transition(article, "accept", contributor)
    assert heard == []


def test_a_step_rolled_back_with_its_caller_announces_nothing(
    heard, contributor, django_capture_on_commit_callbacks
):
    article = make_submission(contributor)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                transition(article, "submit", contributor)
                raise RuntimeError("the caller fails after the step")
        except RuntimeError:
            pass
    assert heard == []
    assert Article.all_objects.get(pk=article.pk).status == "draft"


def test_steps_that_email_nobody_are_announced_without_notify(
    heard, django_capture_on_commit_callbacks
):
    article = make_article(published=())
    with django_capture_on_commit_callbacks(execute=True):
        soft_delete(article)
        restore(article)
    assert heard == [("delete", article.pk, False), ("restore", article.pk, False)]


def test_publication_moves_the_page_cache_on_through_the_event(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(published=())
    before = read()
    with django_capture_on_commit_callbacks(execute=True):
        publish_language(article, "en")
    assert read().number > (before.number if before else -1)


def test_a_failing_listener_is_logged_and_the_listeners_after_it_still_run(
    contributor, django_capture_on_commit_callbacks, caplog
):
    def broken(sender, **kwargs):
        raise RuntimeError("a listener that breaks")

    later = []
    step_taken.connect(broken, dispatch_uid="test-broken")
    step_taken.connect(
        lambda sender, event, **kw: later.append(event.action),
        weak=False,
        dispatch_uid="test-later",
    )
    try:
        article = make_submission(contributor)
        with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
            transition(article, "submit", contributor)
    finally:
        step_taken.disconnect(dispatch_uid="test-broken")
        step_taken.disconnect(dispatch_uid="test-later")
    assert later == ["submit"]
    assert "After the workflow step submit" in caplog.text
    assert "a listener that breaks" in caplog.text


def test_deleting_takes_the_piece_out_of_the_index_and_restoring_puts_it_back(
    django_capture_on_commit_callbacks,
):
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        soft_delete(article)
    assert not article.search_documents.exists()
    with django_capture_on_commit_callbacks(execute=True):
        restore(article)
    assert article.search_documents.filter(language="en").exists()
