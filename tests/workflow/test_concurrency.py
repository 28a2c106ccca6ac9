"""Two editors at once, each on their own database connection: exactly one wins.

Row locks (select_for_update) are what decide; SQLite has none, so these run on PostgreSQL
(CI runs the suite on both).
"""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from articles.models import Article
from articles.workflow.steps import TransitionError, transition
from tests.admin.formdata import get_form_data
from tests.personas import make_person, make_staff, make_submission

# Roles are re-created by make_staff: the flush after each test removes them.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres(
        reason="needs PostgreSQL: SQLite serialises writers and has no row locks"
    ),
]


def _race(*steps):
    """Run each step in its own thread (so on its own connection), released together."""
    barrier = threading.Barrier(len(steps))
    results: list = [None] * len(steps)

    def run(index, step):
        try:
            barrier.wait()
            results[index] = step()
        except Exception as error:  # the outcome is what the test checks
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, s)) for i, s in enumerate(steps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_two_editors_deciding_at_once_exactly_one_wins_and_the_other_is_told():
    author = make_person("ana@example.org")
    first = make_staff("one@example.org", "Editor")
    second = make_staff("two@example.org", "Editor")
    article = make_submission(author, status_path=["submit"])

    def accept():
        return transition(
            Article.objects.get(pk=article.pk), "accept", first, expected="submitted"
        )

    def reject():
        return transition(
            Article.objects.get(pk=article.pk), "reject", second, expected="submitted"
        )

    results = _race(accept, reject)
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], TransitionError)
    assert "Someone acted on this piece first" in " ".join(errors[0].messages)
    article.refresh_from_db()
    assert article.status in {Article.Status.ACCEPTED, Article.Status.REJECTED}
    assert article.events.exclude(action="submit").count() == 1


def test_two_editors_saving_the_same_piece_at_once_one_save_is_refused():
    author = make_person("ana@example.org")
    editors = [make_staff(f"ed{i}@example.org", "Editor") for i in range(2)]
    article = make_submission(author, status_path=["submit"])
    url = reverse("admin:articles_article_change", args=[article.pk])
    clients = []
    for account in editors:
        client = Client()
        client.force_login(account)
        clients.append(client)
    forms = [get_form_data(client, url) for client in clients]
    for number, data in enumerate(forms):
        data["title_en"] = f"Title by editor {number}"

    results = _race(
        *(lambda c=c, d=d: c.post(url, d).status_code for c, d in zip(clients, forms, strict=True))
    )
    assert sorted(results) == [200, 302]  # one saved and redirected, one shown the form again
    article.refresh_from_db()
    assert article.title_en in {"Title by editor 0", "Title by editor 1"}
    assert article.edit_version == 1
