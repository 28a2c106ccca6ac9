"""An editor imports a WordPress export in Chromium: uploads it, reads the dry run, runs
the import, watches its progress and opens an imported piece. The Content Security Policy
must not refuse anything on the way (the progress script is a file, not inline).

The queue is Django's dummy backend here, so the run waits as it would for a worker; the
test then plays the worker. Screenshots go to SCREENSHOT_DIR when set."""

import importlib
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission

from articles.models import Article
from tests.browser.test_csp import violations, watched_page
from tests.personas import make_staff
from tests.wordpress.admin_exports import export_xml
from wordpress.models import ImportRun
from wordpress.tasks import run_wordpress_import

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pw-Long-enough-123"  # tests/personas.py's


def _importing_editor():
    account = make_staff("chief@example.org", "Editor")
    # A transactional test's flush removed what the migration granted the group.
    grants = importlib.import_module("wordpress.migrations.0002_editor_imports")
    Group.objects.get(name="Editor").permissions.add(
        *Permission.objects.filter(
            content_type__app_label="wordpress", codename__in=grants.CODENAMES
        )
    )
    return account


def test_an_editor_imports_a_wordpress_export_and_watches_it_run(
    browser, live_server, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    _importing_editor()
    export = tmp_path / "displacement.WordPress.2024-05-01.xml"
    export.write_bytes(export_xml(3))

    page = watched_page(browser.new_context(viewport={"width": 1280, "height": 900}))
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill("chief@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")

    page.get_by_role("link", name="WordPress imports").click()
    page.get_by_role("link", name="Add WordPress import").click()
    # First the wrong file: the site's RSS feed, not its export.
    feed = tmp_path / "feed.xml"
    feed.write_bytes(b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>')
    page.locator("#id_export").set_input_files(str(feed))
    page.get_by_role("button", name="Upload and check (dry run)").click()
    assert "Not a WordPress export" in page.locator(".errorlist").inner_text()
    page.screenshot(path=str(shots / "wordpress-wrong-file.png"), full_page=True)
    assert not ImportRun.objects.exists()

    page.locator("#id_export").set_input_files(str(export))
    page.get_by_role("button", name="Upload and check (dry run)").click()

    page.get_by_role("heading", name="Dry run: what the import would do").wait_for()
    assert "3 new" in page.locator(".wordpress-summary").inner_text()
    assert "mysterious_shortcode" in page.locator("table.wordpress-posts").inner_text()
    page.locator(".wordpress-mapping summary").click()
    assert "[categories.violence]" in page.locator(".wordpress-mapping pre").inner_text()
    page.screenshot(path=str(shots / "wordpress-dry-run.png"), full_page=True)
    assert Article.all_objects.count() == 0

    page.get_by_role("button", name="Run the import").click()
    page.locator("[data-progress-state]", has_text="Queued").wait_for()
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.QUEUED

    # The worker picks it up; the page follows it without being reloaded by hand.
    ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.RUNNING, done=1, total=3)
    page.locator("[data-progress-text]", has_text="1 of 3 posts").wait_for(timeout=10_000)
    assert page.locator("progress").evaluate("bar => [bar.value, bar.max]") == [1, 3]
    page.screenshot(path=str(shots / "wordpress-running.png"), full_page=True)
    ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.QUEUED, done=0)
    run_wordpress_import.call(run.pk)

    page.get_by_role("heading", name="Report").wait_for(timeout=10_000)
    assert page.locator("[data-progress-state]").inner_text() == "Done"
    assert "3 new" in page.locator(".wordpress-summary").inner_text()
    page.screenshot(path=str(shots / "wordpress-report.png"), full_page=True)

    page.get_by_role("link", name="Displacement note 2").click()
    page.wait_for_url(f"{live_server.url}/admin/articles/article/*/change/")
    assert page.locator("#id_title_en").input_value() == "Displacement note 2"
    page.screenshot(path=str(shots / "wordpress-imported-piece.png"))
    assert violations(page) == []
