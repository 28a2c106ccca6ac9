import pytest
from django.urls import reverse

from contributors.models import Contributor
from pages.models import Page
from series.models import Series
from tests.admin.formdata import form_errors, get_form_data
from tests.factories import make_contributor, make_organisation, make_series, make_volume

pytestmark = pytest.mark.django_db


def _listed(client, name: str, **params) -> set[int]:
    response = client.get(reverse(f"admin:{name}_changelist"), params)
    assert response.status_code == 200
    return {obj.pk for obj in response.context["cl"].result_list}


def test_an_organisation_without_a_name_is_refused_on_the_name_field(superuser_client):
    url = reverse("admin:contributors_contributor_add")
    data = get_form_data(superuser_client, url) | {"kind": "organisation", "slug": "unhcr"}
    response = superuser_client.post(url, data)
    assert form_errors(response)["form"]["name"] == ["An organisation needs a name."]
    assert not Contributor.objects.exists()


def test_a_pasted_orcid_address_is_stored_as_the_bare_id(superuser_client):
    contributor = make_contributor()
    url = reverse("admin:contributors_contributor_change", args=[contributor.pk])
    data = get_form_data(superuser_client, url) | {
        "orcid": "https://orcid.org/0000-0002-1825-0097"
    }
    response = superuser_client.post(url, data)
    assert response.status_code == 302, form_errors(response)
    contributor.refresh_from_db()
    assert contributor.orcid == "0000-0002-1825-0097"


def test_a_wrong_orcid_is_refused_with_the_reason(superuser_client):
    contributor = make_contributor()
    url = reverse("admin:contributors_contributor_change", args=[contributor.pk])
    data = get_form_data(superuser_client, url) | {"orcid": "0000-0002-1825-0098"}
    response = superuser_client.post(url, data)
    assert "wrong check digit" in form_errors(response)["form"]["orcid"][0]


def test_contributors_are_found_by_name_and_filtered_by_kind(superuser_client):
    person = make_contributor(given_name="Beatriz", family_name="Sánchez")
    organisation = make_organisation(name="Internal Displacement Monitoring Centre")
    assert _listed(superuser_client, "contributors_contributor", q="sánchez") == {person.pk}
    assert _listed(superuser_client, "contributors_contributor", q="monitoring") == {
        organisation.pk
    }
    assert _listed(superuser_client, "contributors_contributor", kind__exact="organisation") == {
        organisation.pk
    }


def test_volumes_are_filtered_by_series(superuser_client):
    volume = make_volume()
    make_volume()
    assert _listed(superuser_client, "series_volume", series__id__exact=volume.series_id) == {
        volume.pk
    }


def test_a_series_needs_a_title_only_in_the_default_language(superuser_client, settings):
    url = reverse("admin:series_series_add")
    data = get_form_data(superuser_client, url) | {"slug": "climate", "position": "1"}
    response = superuser_client.post(url, data)
    default_title = f"title_{settings.LANGUAGE_CODE}"
    assert default_title in form_errors(response)["form"]
    response = superuser_client.post(url, data | {default_title: "Climate Mobility"})
    assert response.status_code == 302, form_errors(response)
    assert Series.objects.get(slug="climate").title_es in ("", None)


def test_series_are_found_by_a_title_in_any_language(superuser_client):
    series = make_series(title_es="Movilidad climática")
    make_series()
    assert _listed(superuser_client, "series_series", q="movilidad") == {series.pk}


def test_a_page_saved_in_the_admin_has_its_body_sanitised_in_every_language(
    superuser_client, settings
):
    url = reverse("admin:pages_page_add")
    data = get_form_data(superuser_client, url) | {"slug": "about", "title_en": "About"}
    for code, _name in settings.LANGUAGES:
        data[f"body_{code}"] = f"<p>{code}</p><script>alert(1)</script><img src=x onerror=y>"
    response = superuser_client.post(url, data)
    assert response.status_code == 302, form_errors(response)
    page = Page.objects.get(slug="about")
    for code, _name in settings.LANGUAGES:
        assert getattr(page, f"body_{code}") == f"<p>{code}</p>"
