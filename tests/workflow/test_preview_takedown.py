"""A takedown ends every preview link handed out before it; editors still preview in the
admin, deleted pieces included."""

import pytest
from django.conf import settings
from django.urls import reverse

from articles.models import Article
from articles.site.preview import preview_link
from articles.workflow.deletion import restore, soft_delete
from articles.workflow.steps import transition, unpublish_with_reason
from tests.admin.formdata import get_form_data
from tests.factories import make_article
from tests.personas import client_for, make_submission

pytestmark = pytest.mark.django_db


def _path(article: Article) -> str:
    return preview_link(article, article.original_language).removeprefix(settings.SITE_URL)


def _unpublish(article: Article, editor) -> None:
    unpublish_with_reason(article, editor, {"en": "Withdrawn at the authors' request."})


def _delete(article: Article, editor) -> None:
    soft_delete(article, editor)


def _reject(article: Article, editor) -> None:
    transition(article, "reject", editor)


def _withdraw(article: Article, editor) -> None:
    transition(article, "withdraw", article.submitted_by)


def _published(contributor) -> Article:
    return make_article(languages=("en",), title_en="The full text")


def _submitted(contributor) -> Article:
    return make_submission(contributor, status_path=["submit"], title="The full text")


TAKEDOWNS = {
    "unpublishing with a reason": (_published, _unpublish),
    "deleting": (_published, _delete),
    "rejecting": (_submitted, _reject),
    "withdrawing": (_submitted, _withdraw),
}


@pytest.mark.parametrize("takedown", TAKEDOWNS)
def test_a_takedown_ends_every_preview_link_handed_out_before_it(
    takedown, client, editor, contributor
):
    make, take_down = TAKEDOWNS[takedown]
    article = make(contributor)
    path = _path(article)
    assert "The full text" in client.get(path).content.decode()
    take_down(article, editor)
    response = client.get(path)
    assert response.status_code == 404
    assert "The full text" not in response.content.decode()


def test_a_takedown_moves_the_preview_generation_in_its_own_write(editor):
    article = make_article(languages=("en",))
    before = article.preview_generation
    _unpublish(article, editor)
    assert article.preview_generation == before + 1
    assert Article.objects.get(pk=article.pk).preview_generation == before + 1


def test_a_link_minted_after_unpublishing_works_until_the_next_takedown(client, editor):
    article = make_article(languages=("en",), title_en="The full text")
    _unpublish(article, editor)
    fresh = _path(article)
    assert "The full text" in client.get(fresh).content.decode()
    soft_delete(article, editor)
    assert client.get(fresh).status_code == 404


def test_restoring_a_deleted_piece_does_not_revive_old_links(client, editor):
    article = make_article(languages=("en",))
    path = _path(article)
    soft_delete(article, editor)
    restore(article, editor)
    assert client.get(path).status_code == 404


def test_other_steps_keep_preview_links_working(client, editor, contributor):
    article = make_submission(contributor, status_path=["submit"], title="The full text")
    path = _path(article)
    transition(article, "start_review", editor)
    transition(article, "request_revisions", editor, message="Shorten it.")
    transition(article, "resubmit", contributor)
    transition(article, "accept", editor)
    assert "The full text" in client.get(path).content.decode()


def test_an_admin_save_from_an_older_copy_does_not_revive_old_links(client, editor):
    article = make_article(languages=("en",))
    path = _path(article)
    admin = client_for(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = get_form_data(admin, url)
    _unpublish(article, editor)
    data["title_en"] = "Edited after the decision"
    assert admin.post(url, data).status_code == 302
    assert Article.objects.get(pk=article.pk).title_en == "Edited after the decision"
    assert client.get(path).status_code == 404


def test_editors_preview_a_deleted_piece_in_the_admin(editor):
    article = make_article(languages=("en",), title_en="Deleted but kept")
    soft_delete(article, editor)
    url = reverse("admin:articles_article_preview", args=[article.pk])
    response = client_for(editor).get(url)
    assert response.status_code == 200
    assert "Deleted but kept" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
