"""Workflow e-mails: to whom, in which language, with text and HTML, from editable wording."""

import pytest
from django.core import mail

from articles.models.workflow import NotificationTemplate
from articles.workflow.steps import transition
from tests.personas import make_person, make_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    def run(step):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            step()
        return list(mail.outbox)

    return run


def test_a_submission_goes_to_the_series_editors_in_their_language(
    capture, contributor, series, series_editor
):
    article = make_submission(contributor, series, title="Cities")
    sent = capture(lambda: transition(article, "submit", contributor))
    assert [m.to for m in sent] == [["sara@example.org"]]
    message = sent[0]
    assert message.subject == "Nuevo envío: Cities"
    assert "Se ha enviado una nueva pieza" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and 'lang="es"' in html
    assert f"/admin/articles/article/{article.pk}/change/" in message.body


def test_without_series_editors_a_submission_goes_to_the_editors(capture, contributor, editor):
    article = make_submission(contributor)
    sent = capture(lambda: transition(article, "submit", contributor))
    assert [m.to for m in sent] == [["chief@example.org"]]


def test_a_decision_reaches_every_author_with_an_address_in_their_own_language(
    capture, contributor, editor
):
    article = make_submission(contributor, status_path=["submit"], title="Cities")
    spanish = make_person("eva@example.org", given="Eva", family="Ruiz", language="es")
    article.authorships.create(contributor=spanish.contributor, position=1)
    no_address = article.authorships.create(
        contributor=type(spanish.contributor).objects.create(slug="nobody", family_name="Nadie"),
        position=2,
    )
    assert no_address.pk
    sent = capture(
        lambda: transition(article, "request_revisions", editor, message="Add a map <b>now</b>.")
    )
    by_address = {m.to[0]: m for m in sent}
    assert set(by_address) == {"ana@example.org", "eva@example.org"}
    english, spanish_mail = by_address["ana@example.org"], by_address["eva@example.org"]
    assert english.subject == "Revisions requested: Cities"
    assert spanish_mail.subject == "Se solicitan cambios: Cities"
    assert "Add a map <b>now</b>." in english.body
    html = english.alternatives[0][0]
    assert "Add a map &lt;b&gt;now&lt;/b&gt;." in html
    assert f"/en/submissions/{article.pk}/" in english.body
    assert f"/es/submissions/{article.pk}/" in spanish_mail.body


def test_internal_notes_never_reach_the_authors(capture, contributor, editor):
    article = make_submission(contributor, status_path=["submit"])
    sent = capture(lambda: transition(article, "reject", editor, message="No.", note="SECRET"))
    assert sent and all("SECRET" not in m.body for m in sent)


def test_editors_reword_the_emails_and_placeholders_cannot_reach_into_objects(
    capture, contributor, editor
):
    template = NotificationTemplate.objects.get(action="accept")
    template.subject_en = "Yes! $title {article.submitted_by.password}"
    template.save()
    article = make_submission(contributor, status_path=["submit"], title="Cities")
    sent = capture(lambda: transition(article, "accept", editor))
    assert sent[0].subject == "Yes! Cities {article.submitted_by.password}"
