"""A small run of the scale benchmark (tests/bench/wordpress_import.py imports 50,000
posts): a generated bilingual export imported whole, every post accounted for, and the
memory the import holds not growing with the number of posts."""

import tracemalloc

import pytest

from articles.models import Article
from tests.wordpress.generate import write_export
from wordpress.importing.importer import Options, run_import
from wordpress.models import ImportedItem

pytestmark = pytest.mark.django_db


def import_traced(path) -> tuple[object, int]:
    tracemalloc.start()
    try:
        report = run_import(path, Options())
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return report, peak


def test_a_generated_export_imports_every_post_once(tmp_path):
    path = tmp_path / "export.xml"
    write_export(path, posts=120)
    report = run_import(path, Options())
    assert report.failed == []
    posts = ImportedItem.objects.filter(kind="post")
    assert posts.count() == 120
    # A third of the English posts have a Spanish translation: 90 pieces for 120 posts.
    assert Article.all_objects.count() == len({record.object_id for record in posts})
    assert Article.all_objects.count() < 120
    again = run_import(path, Options())
    assert again.summary().startswith("0 new, 0 updated")


# Committed post by post, as a real run is: inside a test's transaction each published
# piece would leave its after-commit callbacks waiting until the end, which a run never
# holds.
@pytest.mark.django_db(transaction=True)
def test_the_memory_an_import_holds_per_post_is_less_than_the_posts_own_text(tmp_path):
    small, large = tmp_path / "small.xml", tmp_path / "large.xml"
    write_export(small, posts=40)
    write_export(large, posts=160)
    _report, small_peak = import_traced(small)
    Article.all_objects.all().delete()
    ImportedItem.objects.all().delete()
    report, large_peak = import_traced(large)
    assert report.failed == []
    # What a run keeps of each post (its catalogue entry, its line in the report, the
    # redirects it made) is smaller than the post itself; a run that kept the posts' text
    # would grow by at least an item of the export per post, and a 50,000-post export
    # would not fit.
    per_post = (large_peak - small_peak) / 120
    item_size = (large.stat().st_size - small.stat().st_size) / 120
    assert per_post < item_size, (round(per_post), round(item_size))
