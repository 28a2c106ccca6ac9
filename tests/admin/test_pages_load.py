import pytest
from django.urls import reverse

from pages.models import Page
from tests.factories import make_article, make_contributor, make_topic

pytestmark = pytest.mark.django_db

MODELS = [
    ("series", "series"),
    ("series", "volume"),
    ("contributors", "contributor"),
    ("articles", "topic"),
    ("articles", "article"),
    ("pages", "page"),
]


@pytest.fixture
def one_of_each():
    article = make_article(languages=("en", "es"), authors=2)
    return {
        "series": article.volume.series,
        "volume": article.volume,
        "contributor": make_contributor(),
        "topic": make_topic(),
        "article": article,
        "page": Page.objects.create(slug="about", title_en="About", body_en="<p>Hi</p>"),
    }


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_the_changelist_loads(superuser_client, one_of_each, app, model):
    response = superuser_client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_the_add_page_loads(superuser_client, app, model):
    response = superuser_client.get(reverse(f"admin:{app}_{model}_add"))
    assert response.status_code == 200


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_the_change_page_loads(superuser_client, one_of_each, app, model):
    obj = one_of_each[model]
    response = superuser_client.get(reverse(f"admin:{app}_{model}_change", args=[obj.pk]))
    assert response.status_code == 200


def test_the_admin_loads_no_script_or_style_from_another_host(superuser_client, one_of_each):
    article = one_of_each["article"]
    html = superuser_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content
    assert b"//ajax.googleapis" not in html
    assert b"//code.jquery" not in html
    assert b"jquery-ui" not in html


def test_the_translated_fields_of_an_article_sit_side_by_side(superuser_client, one_of_each):
    article = one_of_each["article"]
    response = superuser_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    fieldsets = response.context["adminform"].model_admin.get_fieldsets(None, article)
    rows = [row for _name, options in fieldsets for row in options["fields"]]
    assert ("title_en", "title_es") in rows
    assert ("body_en", "body_es") in rows
    assert ("published_at_en", "published_at_es") in rows


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_article_pages_load_in_each_language_of_the_admin(
    superuser_client, one_of_each, language
):
    article = one_of_each["article"]
    for url in (
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[article.pk]),
    ):
        response = superuser_client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        assert response["Content-Language"] == language
