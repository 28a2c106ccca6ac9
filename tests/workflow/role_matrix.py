"""The role matrix of the admin, shared by test_roles_post.py and test_roles_reach.py.

Each case is tried by each role on a fresh database. A role gets "ok" only if the case's
effect happened (the state moved, the row changed, the answer holds what was asked for);
readers and contributors are sent to sign in; a member of staff outside their reach gets
"no" (403, 404, the admin's redirect away, or the form again with an error). Whatever the
outcome, nothing a role may not do leaves a trace in the database, and no answer names a
piece or a person outside the role's reach.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client

from articles.models import Article, Authorship
from articles.models.workflow import ArticleEvent
from articles.workflow.deletion import soft_delete
from contributors.models import Contributor
from tests.factories import make_article, make_contributor, make_volume
from tests.personas import client_for, make_person, make_submission, make_volume_for

ROLES = ["reader", "contributor", "other_contributor", "series_editor", "editor"]
STAFF = {"series_editor", "editor"}
FAR_TITLES = ["Far submitted piece", "Far accepted piece", "Far deleted piece"]
PRIVATE = ["Private draft piece", "private-draft-slug"]
HIDDEN_PEOPLE = ["Hidden Drafter", "Hidden Drafter Institute"]
# What each role must never be shown. Editors of every series see every contributor.
SECRETS = {
    "reader": FAR_TITLES + PRIVATE + HIDDEN_PEOPLE + ["Own submitted piece"],
    "contributor": FAR_TITLES + PRIVATE + HIDDEN_PEOPLE,
    "other_contributor": FAR_TITLES + PRIVATE + HIDDEN_PEOPLE + ["Own submitted piece"],
    "series_editor": FAR_TITLES + PRIVATE + HIDDEN_PEOPLE,
    "editor": PRIVATE,
}


@pytest.fixture
def world(contributor, series, other_series, editor, series_editor):
    far = make_person("far@example.org", given="Far", family="Away")
    hidden_draft = make_submission(far, other_series, title="Far private draft")
    hidden = Contributor.objects.create(
        name="Hidden Drafter",
        family_name="Drafter",
        slug="hidden-drafter",
        affiliation_en="Hidden Drafter Institute",
        added_by=far,
    )
    hidden_draft.authorships.create(contributor=hidden, position=1)
    accepted_mine = make_submission(
        contributor, series, status_path=["submit", "accept"], title="Own accepted piece"
    )
    accepted_far = make_submission(
        contributor, other_series, status_path=["submit", "accept"], title="Far accepted piece"
    )
    for piece in (accepted_mine, accepted_far):
        make_volume_for(piece)
    deleted_far = make_submission(
        contributor, other_series, status_path=["submit"], title="Far deleted piece"
    )
    soft_delete(
        deleted_far,
    )
    published_far = make_article(
        make_volume(other_series), title_en="Far published piece", doi="10.1234/far.1"
    )
    return {
        "mine": make_submission(
            contributor, series, status_path=["submit"], title="Own submitted piece"
        ),
        "accepted_mine": accepted_mine,
        "elsewhere": make_submission(
            contributor, other_series, status_path=["submit"], title="Far submitted piece"
        ),
        "accepted_elsewhere": accepted_far,
        "published_elsewhere": published_far,
        "deleted_elsewhere": deleted_far,
        "draft": make_submission(
            contributor, series, title="Private draft piece", slug="private-draft-slug"
        ),
        "hidden": hidden,
        "own_author": contributor.contributor,
        "published_author": published_far.authorships.get().contributor,
        "newcomer": make_contributor(given_name="Newly", family_name="Added"),
        "other_series": other_series,
        "editor_client": client_for(editor),
    }


@pytest.fixture
def clients(contributor, other_contributor, editor, series_editor):
    people = {
        "contributor": contributor,
        "other_contributor": other_contributor,
        "series_editor": series_editor,
        "editor": editor,
    }
    return {"reader": Client(), **{role: client_for(p) for role, p in people.items()}}


def fresh(article: Article) -> Article:
    return Article.all_objects.get(pk=article.pk)


def status(article: Article) -> str:
    return fresh(article).status


@dataclass(frozen=True)
class Case:
    run: Callable  # (client, world) -> (response, whether the case's effect happened)
    allowed: frozenset[str]


def registry(cases: dict[str, Case]):
    """A decorator that adds a case, allowed to the given roles, to `cases`."""

    def case(name: str, *allowed: str):
        def register(run: Callable) -> Callable:
            cases[name] = Case(run, frozenset(allowed))
            return run

        return register

    return case


# The matrix ----------------------------------------------------------------------------


def snapshot() -> dict:
    """Everything a forbidden request could have written."""
    articles = Article.all_objects.order_by("pk").values(
        "pk", "status", "title_en", "slug", "series_id", "deleted_at", "published_at_en",
        "published_at_es", "correction_notice_en", "public_notice_en", "preview_generation",
        "handling_editor_id", "edit_version",
    )  # fmt: skip
    people = Contributor.objects.order_by("pk").values(
        "pk", "name", "given_name", "family_name", "affiliation_en", "bio_en"
    )
    bylines = Authorship.objects.order_by("pk").values_list("article_id", "contributor_id")
    return {
        "articles": list(articles),
        "contributors": list(people),
        "bylines": list(bylines),
        "events": ArticleEvent.objects.count(),
    }


def outcome(response, done: bool) -> str:
    where = response.get("Location", "")
    if done:
        return "ok"
    if response.status_code == 302 and "/login/" in where:
        return "login"
    if response.status_code in {200, 302, 403, 404}:
        return "no"
    return f"status {response.status_code}"


def _text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace") + response.get("Location", "")


def check(role: str, case: Case, clients: dict, world: dict) -> None:
    before = snapshot()
    response, done = case.run(clients[role], world)
    expected = "ok" if role in case.allowed else ("no" if role in STAFF else "login")
    assert outcome(response, done) == expected
    if expected != "ok":
        assert snapshot() == before
    text = _text(response)
    leaked = [secret for secret in SECRETS[role] if secret in text]
    assert leaked == []
