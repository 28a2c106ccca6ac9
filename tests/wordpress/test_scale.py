"""A small run of the scale benchmark (tests/bench/wordpress_import.py imports 50,000
posts): a generated bilingual export imported whole, every post accounted for, and the
memory the import holds not growing with the number of posts."""

import gc
import tracemalloc

import pytest

from articles.models import Article
from tests.wordpress.generate import write_export
from wordpress.importing.importer import Options, run_import
from wordpress.models import ImportedItem

pytestmark = pytest.mark.django_db


def import_traced(path) -> tuple[object, int]:
    """The report of an import and the memory it still holds, the report included, once
    the garbage it left is collected (peak memory would measure when the collector ran)."""
    gc.collect()
    tracemalloc.start()
    try:
        report = run_import(path, Options())
        gc.collect()
        held, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return report, held


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


def inflate(path, extra: int) -> None:
    """Add `extra` bytes of running text to the body of every item of the export."""
    words = "displacement " * (extra // 13)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("]]></content:encoded>", f"<p>{words}</p>]]></content:encoded>"),
        encoding="utf-8",
    )


# Committed post by post, as a real run is: inside a test's transaction each published
# piece would leave its after-commit callbacks waiting until the end, which a run never
# holds.
@pytest.mark.django_db(transaction=True)
def test_the_memory_an_import_holds_grows_with_the_posts_not_with_their_text(tmp_path):
    small, large = tmp_path / "small.xml", tmp_path / "large.xml"
    write_export(small, posts=40)
    write_export(large, posts=120)
    # Every post 20 KB longer than the generator makes it, so that a run keeping the
    # posts' text would stand out from what it must keep of each post.
    extra = 20_000
    inflate(small, extra)
    inflate(large, extra)
    _report, small_held = import_traced(small)
    Article.all_objects.all().delete()
    ImportedItem.objects.all().delete()
    report, large_held = import_traced(large)
    assert report.failed == []
    # What a run keeps of each post (its catalogue entry, its line in the report, the
    # redirects it made) is a few kilobytes; one that kept the text would hold more than
    # 20 KB per post, and a 50,000-post export would not fit.
    per_post = (large_held - small_held) / 80
    assert per_post < extra / 2, (round(per_post), extra)
