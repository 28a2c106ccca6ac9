"""The queued import's progress: written now and then, not after every post."""

import pytest

from wordpress.models import ImportRun
from wordpress.tasks import ProgressWriter, import_options

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_large_import_writes_its_progress_about_a_hundred_times(django_assert_max_num_queries):
    run = ImportRun.objects.create(file="wordpress-imports/big.xml", file_name="big.xml")
    clock = Clock()
    progress = ProgressWriter(run.pk, clock=clock)
    with django_assert_max_num_queries(102):
        for done in range(1, 50_001):
            clock.now += 0.001  # a thousand posts a second
            progress(done, 50_000)
    run.refresh_from_db()
    assert (run.done, run.total) == (50_000, 50_000)


def test_a_slow_import_writes_its_progress_every_two_seconds(django_assert_num_queries):
    run = ImportRun.objects.create(file="wordpress-imports/slow.xml", file_name="slow.xml")
    clock = Clock()
    progress = ProgressWriter(run.pk, clock=clock)
    progress(0, 100_000)
    clock.now += 2.5
    with django_assert_num_queries(1):
        progress(3, 100_000)
        clock.now += 0.5
        progress(4, 100_000)
    run.refresh_from_db()
    assert run.done == 3


def test_the_saved_options_become_the_importers_options():
    options = import_options(
        {"since": "2021-03-08", "overwrite": True, "fetch_media": True}, "", dry_run=False
    )
    assert str(options.since) == "2021-03-08"
    assert options.overwrite and options.fetch_media and not options.dry_run
    assert options.mapping is None
    dry = import_options({"since": "", "fetch_media": True}, "", dry_run=True)
    assert dry.since is None and dry.dry_run and not dry.fetch_media


def test_an_uploads_copy_on_the_server_is_read_by_the_admins_imports(settings, tmp_path):
    settings.WORDPRESS_MEDIA_DIR = str(tmp_path)
    assert import_options({}, "", dry_run=False).media_dir == tmp_path
    assert import_options({}, "", dry_run=True).media_dir == tmp_path
    settings.WORDPRESS_MEDIA_DIR = ""
    assert import_options({}, "", dry_run=False).media_dir is None
