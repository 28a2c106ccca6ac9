"""Only staff allowed to import from WordPress reach the import's pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.personas import client_for, make_person, make_staff
from tests.wordpress.admin_exports import export_xml
from wordpress.models import ImportRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(db) -> ImportRun:
    return ImportRun.objects.create(
        file=SimpleUploadedFile("blog.xml", export_xml()), file_name="blog.xml"
    )


def _urls(run: ImportRun) -> dict[str, str]:
    return {
        "list": reverse("admin:wordpress_importrun_changelist"),
        "upload": reverse("admin:wordpress_importrun_add"),
        "page": reverse("admin:wordpress_importrun_change", args=[run.pk]),
        "progress": reverse("admin:wordpress_importrun_progress", args=[run.pk]),
        "mapping": reverse("admin:wordpress_importrun_mapping", args=[run.pk]),
    }


def test_anonymous_visitors_are_sent_to_the_login_page(client, run):
    for url in _urls(run).values():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    client.post(reverse("admin:wordpress_importrun_run", args=[run.pk]))
    run.refresh_from_db()
    assert run.state == ImportRun.State.CHECKED


def test_a_contributor_gets_no_access(run):
    contributor = client_for(make_person("ana@example.org"))
    for url in _urls(run).values():
        response = contributor.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_a_series_editor_may_neither_upload_nor_see_nor_run_an_import(run):
    series_editor = client_for(make_staff("sara@example.org", "Series editor"))
    for url in _urls(run).values():
        assert series_editor.get(url).status_code == 403, url
    upload = SimpleUploadedFile("blog.xml", export_xml(), "text/xml")
    response = series_editor.post(reverse("admin:wordpress_importrun_add"), {"export": upload})
    assert response.status_code == 403
    response = series_editor.post(reverse("admin:wordpress_importrun_run", args=[run.pk]))
    assert response.status_code == 403
    run.refresh_from_db()
    assert run.state == ImportRun.State.CHECKED
    assert ImportRun.objects.count() == 1


def test_the_run_button_is_refused_without_the_csrf_token(run):
    editor = make_staff("chief@example.org", "Editor")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    response = strict.post(reverse("admin:wordpress_importrun_run", args=[run.pk]))
    assert response.status_code == 403
    run.refresh_from_db()
    assert run.state == ImportRun.State.CHECKED
