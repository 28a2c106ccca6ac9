"""Deleting a piece in the admin is soft: it disappears everywhere and can be restored."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from lxml import etree

from articles.models import Article
from articles.workflow.deletion import restore, soft_delete
from articles.workflow.steps import TransitionError, unpublish_language
from tests.factories import make_article
from tests.personas import client_for

pytestmark = pytest.mark.django_db

OAI = "{http://www.openarchives.org/OAI/2.0/}"


def _delete_in_admin(client, article: Article):
    url = reverse("admin:articles_article_delete", args=[article.pk])
    return client.post(url, {"post": "yes"})


def _public_urls(article: Article) -> list[str]:
    with translation.override("en"):
        return [
            reverse("articles:detail", args=[article.slug]),
            reverse("articles:list"),
            reverse("articles:home"),
            reverse("feeds:pieces_atom"),
            reverse("feeds:pieces_rss"),
            reverse("series:detail", args=[article.volume.series.slug]),
            reverse("articles:search") + "?q=piece",
            "/sitemap-articles.xml",
        ]


def test_deleting_in_the_admin_keeps_the_row_and_marks_it_deleted(editor):
    article = make_article(languages=("en",), published=())
    assert _delete_in_admin(client_for(editor), article).status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    kept = Article.all_objects.get(pk=article.pk)
    assert kept.deleted_at is not None
    assert kept.authorships.exists() and kept.references.exists()
    assert kept.events.last().action == "delete"
    assert kept.events.last().actor == editor


def test_a_deleted_piece_disappears_from_every_public_page_feed_and_the_sitemap(client, editor):
    article = make_article(languages=("en",))
    title = article.title_en
    for url in _public_urls(article)[1:]:
        page = client.get(url).content.decode()
        assert title in page or f"/{article.slug}/" in page, url
    soft_delete(article, editor)
    assert client.get(_public_urls(article)[0]).status_code == 404
    for url in _public_urls(article)[1:]:
        page = client.get(url).content.decode()
        assert title not in page and f"/{article.slug}/" not in page, url


def test_a_deleted_piece_is_out_of_the_public_querysets():
    article = make_article(languages=("en", "es"))
    soft_delete(
        article,
    )
    assert not Article.objects.published("en").exists()
    assert not Article.objects.published_anywhere().exists()
    assert Article.all_objects.deleted().get() == article
    article.refresh_from_db()
    assert article.published_languages() == []


def test_oai_reports_a_deleted_piece_that_was_public_as_a_deleted_record(client):
    article = make_article(languages=("en",))
    never_public = make_article(languages=("en",), published=())
    soft_delete(
        article,
    )
    soft_delete(
        never_public,
    )
    response = client.get("/oai/", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    tree = etree.fromstring(response.content)
    headers = {
        header.findtext(f"{OAI}identifier"): header.get("status")
        for header in tree.iter(f"{OAI}header")
    }
    assert [status for name, status in headers.items() if name.endswith(f":{article.slug}")] == [
        "deleted"
    ]
    assert not any(name.endswith(f":{never_public.slug}") for name in headers)


def test_the_queue_hides_deleted_pieces_unless_the_deleted_filter_asks(editor):
    kept = make_article(languages=("en",), title_en="Still here")
    gone = make_article(languages=("en",), title_en="Thrown away")
    soft_delete(gone, editor)
    client = client_for(editor)
    changelist = reverse("admin:articles_article_changelist")
    page = client.get(changelist).content.decode()
    assert kept.title_en in page and gone.title_en not in page
    deleted = client.get(changelist, {"deleted": "yes"}).content.decode()
    assert gone.title_en in deleted and kept.title_en not in deleted


def test_an_editor_restores_a_deleted_piece_with_the_admin_action(editor):
    article = make_article(languages=("en",))
    soft_delete(article, editor)
    client = client_for(editor)
    changelist = reverse("admin:articles_article_changelist")
    response = client.post(
        changelist + "?deleted=yes",
        {"action": "restore_articles", "_selected_action": [article.pk]},
        follow=True,
    )
    assert any("Restored 1 piece" in str(m) for m in get_messages(response.wsgi_request))
    restored = Article.objects.get(pk=article.pk)
    assert restored.deleted_at is None and restored.withdrawn_at is None
    assert restored.published_languages() == ["en"]
    assert restored.events.last().action == "restore"


def test_the_bulk_delete_action_is_soft_too(editor):
    article = make_article(languages=("en",))
    client_for(editor).post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"},
    )
    assert Article.all_objects.get(pk=article.pk).deleted_at is not None


def test_recover_deleted_articles_leads_to_the_deleted_pieces(editor):
    response = client_for(editor).get(reverse("admin:articles_article_recoverlist"))
    assert response.status_code == 302
    assert response["Location"].endswith("?deleted=yes")


def test_series_editors_can_neither_delete_nor_restore(series_editor, series):
    article = make_article(languages=("en",))
    article.series = series
    article.save()
    assert _delete_in_admin(client_for(series_editor), article).status_code == 403
    soft_delete(
        article,
    )
    with pytest.raises(TransitionError):
        restore(article, series_editor)
    assert Article.all_objects.get(pk=article.pk).deleted_at is not None


def test_a_deleted_piece_takes_no_workflow_step_until_restored(editor):
    article = make_article(languages=("en",))
    soft_delete(article, editor)
    with pytest.raises(TransitionError, match="restore it first"):
        unpublish_language(article, "en", editor)
    with pytest.raises(TransitionError, match="restore it first"):
        soft_delete(article, editor)
    restore(article, editor)
    with pytest.raises(TransitionError, match="has not been deleted"):
        restore(article, editor)


def test_a_new_piece_may_not_reuse_a_deleted_pieces_slug(editor):
    article = make_article(languages=("en",), slug="taken")
    soft_delete(article, editor)
    probe = Article(slug="taken", original_language="en", title_en="Another")
    with pytest.raises(Exception, match="slug"):
        probe.validate_unique()
