"""The admin's WordPress import: upload and dry run, the run on the (immediate) task
queue, its progress and report, bad files refused, and who may do any of it."""

import os
import tomllib
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.tasks import task_backends
from django.urls import reverse

from articles.models import Article
from tests.personas import client_for, make_staff
from tests.wordpress.admin_exports import export_xml
from wordpress.admin import runs
from wordpress.models import ImportRun

pytestmark = pytest.mark.django_db

ADD = reverse("admin:wordpress_importrun_add")
CHANGELIST = reverse("admin:wordpress_importrun_changelist")


def _page(run: ImportRun) -> str:
    return reverse("admin:wordpress_importrun_change", args=[run.pk])


def _upload(client, data: bytes = b"", name: str = "blog.WordPress.2024-05-01.xml", **fields):
    export = SimpleUploadedFile(name, data or export_xml(), "text/xml")
    return client.post(ADD, {"export": export, **fields})


@pytest.fixture
def editor_client(db):
    return client_for(make_staff("chief@example.org", "Editor"))


@pytest.fixture
def checked(editor_client) -> ImportRun:
    response = _upload(editor_client)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportRun.objects.get()


def test_the_editor_group_may_import_from_wordpress():
    editor = Group.objects.get(name="Editor")
    codenames = set(editor.permissions.values_list("codename", flat=True))
    assert {"view_importrun", "add_importrun", "change_importrun"} <= codenames
    series_editor = Group.objects.get(name="Series editor")
    assert not series_editor.permissions.filter(content_type__app_label="wordpress").exists()


def test_the_admin_index_lists_wordpress_imports(editor_client):
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert "WordPress imports" in html
    assert CHANGELIST in html


def test_an_upload_is_checked_by_a_dry_run_that_imports_nothing(editor_client, checked):
    assert checked.state == ImportRun.State.CHECKED
    assert checked.file.name.startswith("wordpress-imports/")
    assert checked.file_name == "blog.WordPress.2024-05-01.xml"
    assert checked.dry_run_report is not None
    assert checked.report is None
    assert Article.all_objects.count() == 0
    page = editor_client.get(_page(checked))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Dry run" in html
    assert "Run the import" in html
    assert "Displacement note 2" in html  # its unknown shortcode is a warning
    assert "mysterious_shortcode" in html
    assert "[categories.violence]" in html  # the default mapping, shown


def test_the_default_mapping_downloads_as_a_toml_file_to_edit(editor_client, checked):
    response = editor_client.get(reverse("admin:wordpress_importrun_mapping", args=[checked.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".toml" in response["Content-Disposition"]
    mapping = tomllib.loads(response.content.decode())
    assert mapping["categories"]["violence"]["becomes"] == "series"


def test_an_edited_mapping_can_be_uploaded_with_the_export(editor_client):
    mapping = '[categories.violence]\nbecomes = "topic"\nslug = "violence"\ntitle = "Violence"\n'
    toml = SimpleUploadedFile("mapping.toml", mapping.encode(), "application/toml")
    response = _upload(editor_client, mapping_file=toml)
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert run.mapping == mapping
    assert "becomes = &quot;topic&quot;" in editor_client.get(_page(run)).content.decode()


def _export_errors(response) -> str:
    return " ".join(response.context["form"].errors.get("export", []))


def test_a_file_that_is_not_a_wordpress_export_is_refused_and_nothing_is_kept(
    editor_client, settings
):
    feed = b'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title></channel></rss>'
    response = _upload(editor_client, feed, name="feed.xml")
    assert response.status_code == 400
    assert "Not a WordPress export" in _export_errors(response)
    assert "Not a WordPress export" in response.content.decode()
    assert ImportRun.objects.count() == 0
    assert not (settings.MEDIA_ROOT / "wordpress-imports").exists()


def test_a_web_page_is_refused_for_its_doctype(editor_client):
    page = b"<!DOCTYPE html><html><body><p>Hello</p></body></html>"
    response = _upload(editor_client, page, name="index.html")
    assert response.status_code == 400
    assert "DOCTYPE" in _export_errors(response)
    assert ImportRun.objects.count() == 0


def test_broken_xml_is_refused_with_the_line_where_it_breaks(editor_client):
    broken = export_xml().replace(b"</wp:post_name>", b"</wp:post_nam>", 1)
    response = _upload(editor_client, broken)
    assert response.status_code == 400
    assert "Not well-formed XML at line 42" in _export_errors(response)
    assert ImportRun.objects.count() == 0


def test_a_mapping_error_names_the_key(editor_client):
    response = _upload(editor_client, mapping_text='[categories.violence]\nbecomes = "serie"\n')
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["mapping_text"])
    assert errors.startswith("The mapping cannot be used: categories.violence.becomes:")
    assert ImportRun.objects.count() == 0


def test_a_mapping_file_that_is_not_toml_is_refused_with_its_line(editor_client):
    toml = SimpleUploadedFile("mapping.toml", b"tags = \n", "application/toml")
    response = _upload(editor_client, mapping_file=toml)
    assert response.status_code == 400
    assert "line 1" in " ".join(response.context["form"].errors["mapping_file"])
    assert ImportRun.objects.count() == 0


def test_running_the_import_queues_it_and_the_task_imports_every_post(editor_client, checked):
    response = editor_client.post(reverse("admin:wordpress_importrun_run", args=[checked.pk]))
    assert response.status_code == 302
    checked.refresh_from_db()
    assert checked.state == ImportRun.State.DONE
    assert checked.started_at and checked.finished_at
    assert checked.done == checked.total == 3
    assert checked.report is not None
    assert Article.all_objects.count() == 3
    html = editor_client.get(_page(checked)).content.decode()
    assert "Run the import" not in html
    assert "Report" in html
    piece = Article.all_objects.get(title_en="Displacement note 2")
    assert reverse("admin:articles_article_change", args=[piece.pk]) in html


def test_a_run_is_started_once_however_often_the_button_is_pressed(editor_client, checked):
    url = reverse("admin:wordpress_importrun_run", args=[checked.pk])
    editor_client.post(url)
    response = editor_client.post(url, follow=True)
    assert "already been started" in response.content.decode()
    assert Article.all_objects.count() == 3


def test_the_run_button_wants_a_post(editor_client, checked):
    response = editor_client.get(reverse("admin:wordpress_importrun_run", args=[checked.pk]))
    assert response.status_code == 405
    checked.refresh_from_db()
    assert checked.state == ImportRun.State.CHECKED


def test_the_progress_is_answered_as_json(editor_client, checked):
    ImportRun.objects.filter(pk=checked.pk).update(
        state=ImportRun.State.RUNNING, done=1200, total=50000
    )
    response = editor_client.get(reverse("admin:wordpress_importrun_progress", args=[checked.pk]))
    assert response.json() == {
        "state": "running",
        "state_label": "Running",
        "done": 1200,
        "total": 50000,
        "text": "1,200 of 50,000 posts",
        "finished": False,
    }
    page = editor_client.get(_page(checked)).content.decode()
    assert '<progress id="import-progress" max="50000" value="1200">' in page
    assert "js/wordpress-import-progress.js" in page


def test_a_failed_run_shows_its_error(editor_client, checked, monkeypatch):
    def broken(source, options, progress=None):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("wordpress.tasks.run_import", broken)
    editor_client.post(reverse("admin:wordpress_importrun_run", args=[checked.pk]))
    checked.refresh_from_db()
    assert checked.state == ImportRun.State.FAILED
    assert checked.error == "the disk is full"
    assert "the disk is full" in editor_client.get(_page(checked)).content.decode()


def test_the_list_of_runs_shows_each_run_and_its_state(editor_client, checked):
    html = editor_client.get(CHANGELIST).content.decode()
    assert "blog.WordPress.2024-05-01.xml" in html
    assert "Checked (dry run)" in html


def test_the_uploaded_export_is_never_served_as_media(client, checked):
    assert client.get(f"/media/{checked.file.name}").status_code == 404


def test_the_uploaded_export_is_stored_where_its_name_cannot_be_guessed(editor_client, checked):
    # Behind a public CDN domain the bucket answers any name it is asked for, and an
    # export's name is WordPress's own: site.WordPress.date.xml.
    second = _upload(editor_client)
    assert second.status_code == 302
    names = [run.file.name for run in ImportRun.objects.order_by("pk")]
    folders = [Path(name).parent for name in names]
    assert all(Path(name).name == "blog.WordPress.2024-05-01.xml" for name in names)
    assert all(folder.parent == Path("wordpress-imports") for folder in folders)
    assert folders[0] != folders[1]
    assert all(len(folder.name) >= 16 for folder in folders)


def test_deleting_a_run_deletes_its_export(editor_client, checked):
    path = checked.file.path
    response = editor_client.post(
        reverse("admin:wordpress_importrun_delete", args=[checked.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not ImportRun.objects.exists()
    assert not os.path.exists(path)


def test_with_a_worker_backend_the_run_waits_in_the_queue_and_the_page_follows_it(
    editor_client, checked, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    editor_client.post(reverse("admin:wordpress_importrun_run", args=[checked.pk]))
    checked.refresh_from_db()
    assert checked.state == ImportRun.State.QUEUED
    assert [r.args for r in task_backends["default"].results] == [[checked.pk]]
    assert Article.all_objects.count() == 0
    page = editor_client.get(_page(checked)).content.decode()
    assert "js/wordpress-import-progress.js" in page
    assert "<progress" in page
    assert "Run the import" not in page


def test_suggested_translation_pairs_are_listed_to_copy_into_the_mapping(editor_client):
    run = ImportRun.objects.create(
        file="wordpress-imports/blog.xml",
        file_name="blog.xml",
        dry_run_report={
            "dry_run": True,
            "posts": [],
            "suggestions": [{"ids": [12, 40], "reasons": ["same featured image"]}],
        },
    )
    html = editor_client.get(_page(run)).content.decode()
    assert "Suggested translation pairs" in html
    assert "[12, 40]" in html
    assert "same featured image" in html


def test_a_large_export_is_read_from_a_temporary_file_not_from_memory(
    editor_client, settings, monkeypatch
):
    # Django streams an upload above FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file; the
    # dry run reads that file where it is instead of holding the export in memory.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    sources = []

    def recording(source, options, progress=None):
        sources.append(source)
        return real(source, options, progress)

    real = runs.run_import
    monkeypatch.setattr(runs, "run_import", recording)
    data = export_xml(20)
    assert len(data) > 1024
    assert _upload(editor_client, data).status_code == 302
    assert len(sources) == 1
    assert isinstance(sources[0], Path)
    assert ImportRun.objects.get().file.size == len(data)
