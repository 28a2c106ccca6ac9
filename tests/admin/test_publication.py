import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from articles.admin.article import ArticleAdmin
from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def _run_action(client, action: str, *articles: Article):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [a.pk for a in articles]},
        follow=True,
    )


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_there_is_a_publish_and_an_unpublish_action_for_each_site_language(
    superuser_client, settings
):
    response = superuser_client.get(CHANGELIST)
    actions = dict(response.context["action_form"].fields["action"].choices)
    for code, name in settings.LANGUAGES:
        assert actions[f"publish_{code}"] == f"Publish the {name} version"
        assert actions[f"unpublish_{code}"] == f"Unpublish the {name} version"


def test_the_publish_action_publishes_one_language_version(superuser_client):
    article = make_article(languages=("en", "es"), published=("en",))
    response = _run_action(superuser_client, "publish_es", article)
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.published_languages() == ["en", "es"]
    assert any("Published the Spanish version of 1 piece" in m for m in _messages(response))


def test_the_publish_action_reports_what_a_version_is_missing_without_a_server_error(
    superuser_client,
):
    ready = make_article(languages=("en", "es"), published=())
    untranslated = make_article(languages=("en",), published=())
    response = _run_action(superuser_client, "publish_es", ready, untranslated)
    assert response.status_code == 200
    messages = _messages(response)
    failure = next(m for m in messages if str(untranslated) in m and "not published" in m)
    assert "title" in failure
    assert "summary" in failure
    assert "body" in failure
    assert any("Published the Spanish version of 1 piece" in m for m in messages)
    ready.refresh_from_db()
    untranslated.refresh_from_db()
    assert ready.is_published("es")
    assert untranslated.status == Article.Status.DRAFT
    assert untranslated.published_on("es") is None


def test_publishing_again_keeps_the_original_publication_date(superuser_client):
    article = make_article(languages=("en",))
    first_date = article.published_on("en")
    response = _run_action(superuser_client, "publish_en", article)
    article.refresh_from_db()
    assert article.published_on("en") == first_date
    assert any("Already published in English" in m for m in _messages(response))


def test_the_unpublish_action_withdraws_one_language_and_keeps_the_other(superuser_client):
    article = make_article(languages=("en", "es"))
    response = _run_action(superuser_client, "unpublish_es", article)
    article.refresh_from_db()
    assert article.published_languages() == ["en"]
    assert any("Unpublished the Spanish version of 1 piece" in m for m in _messages(response))


def test_unpublishing_the_last_language_makes_the_piece_a_draft_again(superuser_client):
    article = make_article(languages=("en",))
    _run_action(superuser_client, "unpublish_en", article)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_the_change_form_shows_publication_dates_but_does_not_let_them_be_edited(
    superuser_client,
):
    article = make_article(languages=("en", "es"), published=("en",))
    response = superuser_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    form = response.context["adminform"].form
    assert "status" not in form.fields
    assert not any(name.startswith("published_at") for name in form.fields)
    html = response.content.decode()
    assert 'class="readonly"' in html
    assert "Spanish: missing" not in html  # both versions are written
    assert "English: ready" in html


def test_the_action_names_follow_the_editors_language(settings):
    action = ArticleAdmin.actions[0]
    with translation.override(settings.LANGUAGES[0][0]):
        first = str(action.short_description)
    with translation.override(settings.LANGUAGES[1][0]):
        second = str(action.short_description)
    assert first != second
