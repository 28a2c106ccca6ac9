"""The article changelist picks each page by key and reads only that page's rows
(articles.admin.changelist); pages hold the same rows, in the same order, as before."""

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [str(article) for article in response.context["cl"].result_list]


@pytest.mark.parametrize("order", ["", "-1", "3"])
def test_each_page_lists_the_rows_a_plain_slice_would_in_that_order(
    superuser_client, monkeypatch, order
):
    monkeypatch.setattr(admin.site._registry[Article], "list_per_page", 3)
    for _ in range(8):
        make_article(authors=1, references=0, image=False)
    url = reverse("admin:articles_article_changelist")
    first = superuser_client.get(url, {"o": order} if order else {})
    everything = list(first.context["cl"].queryset)
    pages = [first] + [
        superuser_client.get(url, {"p": n, **({"o": order} if order else {})}) for n in (2, 3)
    ]
    assert [titles(page) for page in pages] == [
        [str(a) for a in everything[start : start + 3]] for start in (0, 3, 6)
    ]
    assert len(titles(pages[2])) == 2


def test_each_row_checkbox_is_the_html_django_would_render():
    article = make_article(title_en='Fish & "chips" <b>here</b>', image=False, references=0)
    model_admin = admin.site._registry[Article]
    assert model_admin.action_checkbox(article) == admin.ModelAdmin.action_checkbox(
        model_admin, article
    )
