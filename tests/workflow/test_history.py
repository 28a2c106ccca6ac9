"""History never loses text: revisions on every save, compare, restore, undo a delete."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from tests.admin.formdata import get_form_data
from tests.factories import make_article
from tests.personas import client_for

pytestmark = pytest.mark.django_db


def _edit(client, article, **changes):
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = get_form_data(client, url)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_restoring_a_revision_brings_back_the_old_spanish_body(editor):
    article = make_article(languages=("en", "es"))
    client = client_for(editor)
    _edit(client, article, body_es="<p>Texto original.</p>")
    _edit(client, article, body_es="<p>Texto reescrito.</p>")
    versions = list(Version.objects.get_for_object(article))
    assert len(versions) == 2
    older = versions[-1]
    assert "Texto original." in older.field_dict["body_es"]
    restore = reverse("admin:articles_article_revision", args=[article.pk, older.pk])
    data = get_form_data(client, restore)
    assert client.post(restore, data).status_code == 302
    article.refresh_from_db()
    assert article.body_es == "<p>Texto original.</p>"
    # Restoring text keeps the piece where the workflow has it.
    assert article.status == Article.Status.PUBLISHED
    assert article.published_languages() == ["en", "es"]


def test_a_revision_keeps_every_language_and_the_bibliography_and_credit(editor):
    article = make_article(languages=("en", "es"))
    _edit(client_for(editor), article, title_es="Título nuevo")
    version = Version.objects.get_for_object(article).first()
    assert version.field_dict["title_es"] == "Título nuevo"
    followed = {v.content_type.model for v in version.revision.version_set.all()}
    assert {"article", "reference", "authorship", "featuredimage"} <= followed


def test_editors_compare_two_revisions(editor):
    article = make_article(languages=("en", "es"))
    client = client_for(editor)
    _edit(client, article, summary_en="First summary.")
    _edit(client, article, summary_en="Second summary.")
    newer, older = Version.objects.get_for_object(article)[:2]
    url = reverse("admin:articles_article_compare", args=[article.pk])
    page = client.get(url, {"a": older.pk, "b": newer.pk}).content.decode()
    assert "summary_en" in page
    assert "-First summary." in page and "+Second summary." in page


def test_a_deleted_article_can_be_recovered_with_its_text_and_history(editor):
    article = make_article(languages=("en",), published=())
    client = client_for(editor)
    _edit(client, article, title_en="Keep me")
    delete = reverse("admin:articles_article_delete", args=[article.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    # The row is kept, so reversion has nothing to rebuild: the piece is restored as it was.
    assert not Version.objects.get_deleted(Article).exists()
    changelist = reverse("admin:articles_article_changelist")
    action = {"action": "restore_articles", "_selected_action": [article.pk]}
    assert client.post(changelist + "?deleted=yes", action).status_code == 302
    restored = Article.objects.get(pk=article.pk)
    assert restored.title_en == "Keep me"
    assert Version.objects.get_for_object(restored).exists()
