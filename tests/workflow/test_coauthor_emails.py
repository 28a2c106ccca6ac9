"""Who hears of decisions about a piece: only addresses someone has vouched for.

A contributor types their co-authors' addresses into the portal, and nobody confirms them.
Mailing them every decision (with the unpublished title and the editors' words) would let
a hostile contributor send our mail to any address. So decisions go to the submitting
account, to co-authors with their own confirmed account and to addresses an editor
entered; a co-author someone else typed in hears once, when the piece is first published.
"""

import pytest
from django.core import mail

from articles.workflow.steps import publish_language, transition
from contributors.models import Contributor
from tests.personas import make_person, make_submission, make_volume_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    def run(step) -> list[str]:
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            step()
        return sorted(address for message in mail.outbox for address in message.to)

    return run


def typed_coauthor(article, author, email: str, position: int = 1) -> Contributor:
    """A co-author as the portal records one: no account, added by the submitting author."""
    coauthor = Contributor.objects.create(
        name="Carla Coautora",
        family_name="Coautora",
        slug=f"carla-{position}",
        email=email,
        language="es",
        added_by=author,
    )
    article.authorships.create(contributor=coauthor, position=position)
    return coauthor


def test_a_coauthor_address_a_contributor_typed_gets_no_decision(capture, contributor, editor):
    article = make_submission(contributor, status_path=["submit"], title="Cities")
    typed_coauthor(article, contributor, "victim@elsewhere.example")
    only_the_author = ["ana@example.org"]
    assert capture(lambda: transition(article, "start_review", editor)) == only_the_author
    assert (
        capture(lambda: transition(article, "request_revisions", editor, message="Shorten it."))
        == only_the_author
    )
    transition(article, "resubmit", contributor, message="Shortened.")
    assert capture(lambda: transition(article, "accept", editor)) == only_the_author
    other = make_submission(contributor, status_path=["submit"], title="Towns")
    typed_coauthor(other, contributor, "victim@elsewhere.example", position=2)
    assert capture(lambda: transition(other, "reject", editor)) == only_the_author


def test_confirmed_accounts_and_addresses_editors_entered_get_decisions(
    capture, contributor, editor
):
    article = make_submission(contributor, status_path=["submit"])
    with_account = make_person("eva@example.org", given="Eva", family="Ruiz")
    unconfirmed = make_person("leo@example.org", given="Leo", family="Sin", is_active=False)
    entered = Contributor.objects.create(
        name="Observatory", kind="organisation", slug="observatory", email="desk@obs.example"
    )
    for position, person in enumerate(
        [with_account.contributor, unconfirmed.contributor, entered], start=1
    ):
        article.authorships.create(contributor=person, position=position)
    sent = capture(lambda: transition(article, "accept", editor))
    assert sent == ["ana@example.org", "desk@obs.example", "eva@example.org"]


def test_a_typed_coauthor_is_told_once_of_the_first_publication_and_only_what_is_public(
    capture, contributor, editor
):
    article = make_submission(contributor, status_path=["submit"], title="Cities")
    typed_coauthor(article, contributor, "carla@example.org")
    transition(article, "accept", editor)
    make_volume_for(article)
    sent = capture(
        lambda: publish_language(article, "en", by=editor, message="Between us: a rush job.")
    )
    assert sent == ["ana@example.org", "carla@example.org"]
    notice = next(m for m in mail.outbox if m.to == ["carla@example.org"])
    assert "Cities" in notice.subject
    assert "Between us" not in notice.body  # the editors' words are for the authors
    # Carla's language is Spanish, but the piece is read in English: linked to its page.
    assert f"/en/articles/{article.slug}/" in notice.body
    assert notice.extra_headers["Content-Language"] == "en"

    for field in ("title", "summary", "body"):
        setattr(article, f"{field}_es", getattr(article, f"{field}_en"))
    article.save()
    assert capture(lambda: publish_language(article, "es", by=editor)) == ["ana@example.org"]
    assert capture(lambda: transition(article, "correct", editor)) == ["ana@example.org"]
