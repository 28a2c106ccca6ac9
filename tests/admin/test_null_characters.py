"""A NUL character in an admin address: the page without that value, never a server error.

PostgreSQL refuses NUL in text; SQLite accepts it, so these guard PostgreSQL (CI runs both).
Every registered changelist is tried, with every filter it offers, so a new admin or
filter is covered without touching this file.
"""

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import reverse

from tests.admin.formdata import form_errors, get_form_data
from tests.factories import make_article, make_contributor, make_topic

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def changelist_parameters(model_admin, superuser) -> list[str]:
    """Every query parameter the changelist's filters read, plus search, sort and page."""
    request = RequestFactory().get("/")
    request.user = superuser
    changelist = model_admin.get_changelist_instance(request)
    names = {"q", "o", "p"}
    for spec in changelist.filter_specs:
        names |= set(spec.expected_parameters())
    if changelist.date_hierarchy:
        names.add(f"{changelist.date_hierarchy}__year")
    return sorted(names)


@pytest.mark.parametrize(
    ("model", "model_admin"), REGISTERED, ids=[m._meta.label for m, _a in REGISTERED]
)
def test_every_changelist_filter_ignores_a_value_with_a_nul(
    superuser_client, superuser, model, model_admin
):
    make_article(languages=("en", "es"), authors=2)
    make_contributor()
    make_topic()
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    for name in changelist_parameters(model_admin, superuser):
        for value in ("\x00", "published\x00", "1\x00"):
            response = superuser_client.get(url, {name: value}, follow=True)
            assert response.status_code == 200, (name, value)


def test_the_bad_value_is_left_out_the_others_kept_and_the_editor_told(superuser_client):
    url = reverse("admin:articles_article_changelist")
    response = superuser_client.get(url, {"status__exact": "submitted\x00", "o": "2"})
    assert response.status_code == 302
    assert response["Location"] == f"{url}?o=2"
    page = superuser_client.get(response["Location"])
    assert page.status_code == 200
    told = [str(m) for m in get_messages(page.wsgi_request)]
    assert told == ["A filter or search value held a null character and was left out."]


def test_an_autocomplete_term_with_a_nul_answers_normally(superuser_client):
    make_topic(name_en="Conflict")
    response = superuser_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Con\x00",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "topics",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert response.json()["results"]


def change_url(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title_en", "A title\x00"),
        ("summary_en", "A summary\x00"),
        ("references-0-text", "Doe, J. (2020). A book\x00."),
        ("references-0-title", "A book\x00"),
    ],
)
def test_a_nul_character_in_an_admin_form_is_refused_on_its_field(superuser_client, field, value):
    article = make_article(references=0)
    data = get_form_data(superuser_client, change_url(article))
    data[field] = value
    response = superuser_client.post(change_url(article), data)
    assert response.status_code == 200  # the form again, not a server error
    assert "Null characters are not allowed." in str(form_errors(response))
