"""What a submission may hold that its database columns may not: refused in the step that
has the field, by field, with what the contributor typed there shown again and none of it
saved (the steps before it are saved: the draft is kept at every step).

SQLite stores an over-long value or a NUL character without complaint; PostgreSQL, the
production database, refuses both, which lost the whole submission in a server error.
"""

import pytest

from articles.models import Article
from contributors.models import Contributor
from tests.personas import client_for, post_submission, step_data, submission_form

pytestmark = pytest.mark.django_db

BODY = "<p>Three months of fieldwork in Medellín, written up.</p>"


def submission(series, **extra) -> dict:
    fields = {
        "title": "Cities that shelter",
        "summary": "What the piece says.",
        "body": BODY,
        "coauthors-TOTAL_FORMS": "1",
        "coauthors-0-name": "Eva Ruiz",
        "references-TOTAL_FORMS": "1",
    }
    return submission_form(series, **{**fields, **extra})


def assert_refused_and_kept(response, message: str) -> str:
    """The step again (400) with `message`, the typed text intact, and none of it saved."""
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Cities that shelter" in page  # the draft's title, above every step
    assert not Contributor.objects.filter(added_by__isnull=False).exists()
    assert Article.objects.get().body_en == BODY  # the earlier steps are saved
    return page


def test_a_coauthor_whose_last_name_is_longer_than_a_family_name_may_be_is_refused_by_name(
    contributor, series
):
    name = "Eva " + "R" * 151
    response = post_submission(
        client_for(contributor), submission(series, **{"coauthors-0-name": name})
    )
    page = assert_refused_and_kept(
        response, "kept as the family name, which can be at most 150 characters long"
    )
    assert name in page  # the co-author's row is shown as typed


def test_a_coauthor_address_longer_than_the_column_is_refused_by_name(contributor, series):
    # Valid by the e-mail rules (local part up to 64, labels up to 63, 320 in all), but
    # longer than the 254 characters the column holds.
    email = "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".org"
    assert 254 < len(email) <= 320
    response = post_submission(
        client_for(contributor), submission(series, **{"coauthors-0-email": email})
    )
    assert_refused_and_kept(response, "Ensure this value has at most 254 characters")


def test_a_coauthor_at_the_limits_is_saved(contributor, series):
    name = "Eva " + "R" * 150
    email = "a" * 64 + "@" + ".".join(["b" * 63] * 3)[: 254 - 65 - 4] + ".org"
    assert len(email) == 254
    response = post_submission(
        client_for(contributor),
        submission(series, **{"coauthors-0-name": name, "coauthors-0-email": email}),
    )
    assert response.status_code == 302
    coauthor = Contributor.objects.get(added_by__isnull=False)
    assert (coauthor.family_name, coauthor.email) == ("R" * 150, email)


@pytest.mark.parametrize(
    "field",
    [
        "title",
        "summary",
        "body",
        "keywords",
        "references_text",
        "coauthors-0-name",
        "coauthors-0-bio",
        "references-0-title",
        "references-0-name-0-family",
    ],
)
def test_a_nul_character_in_any_text_field_is_refused_not_a_server_error(
    contributor, series, field
):
    data = submission(series)
    data[field] = (data.get(field) or "Text") + "\x00"
    response = post_submission(client_for(contributor), data)
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    article = Article.all_objects.first()
    stored = (
        [article.title_en, article.summary_en, article.body_en, article.keywords_en]
        if article
        else []
    )
    assert not any("\x00" in (value or "") for value in stored)
    assert not any("\x00" in (c.bio_en or "") for c in Contributor.objects.all())


def test_renaming_a_coauthor_renames_their_family_name_too(contributor, series):
    client = client_for(contributor)
    draft = submission(series)
    del draft["submit"]  # saved as a draft, which its author may edit
    assert post_submission(client, draft).status_code == 302
    article = Article.objects.get()
    data = step_data("authors", {**draft, "coauthors-0-name": "Eva Gómez"})
    assert client.post(f"/en/submissions/{article.pk}/edit/authors/", data).status_code == 302
    coauthor = Contributor.objects.get(added_by=contributor)
    assert (coauthor.name, coauthor.family_name) == ("Eva Gómez", "Gómez")
