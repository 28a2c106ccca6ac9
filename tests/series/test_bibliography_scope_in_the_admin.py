"""Editors choose, beside a series' citation style, which entries its pieces' printed
bibliographies list."""

import pytest
from django.urls import reverse

from series.models import BibliographyScope, Series
from tests.admin.formdata import form_errors, get_form_data
from tests.factories import make_series

pytestmark = pytest.mark.django_db


def test_an_editor_sets_a_series_to_list_only_the_works_cited(superuser_client):
    series = make_series()
    url = reverse("admin:series_series_change", args=[series.pk])
    data = get_form_data(superuser_client, url)
    assert data["bibliography"] == BibliographyScope.ALL
    response = superuser_client.post(url, data | {"bibliography": BibliographyScope.CITED})
    assert response.status_code == 302, form_errors(response)
    assert Series.objects.get(pk=series.pk).bibliography == BibliographyScope.CITED
