import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext

from articles.models import Article, BodyFigure, FeaturedImage
from redirects.models import Redirect
from tests.wordpress.importing import MemoryImages, blog, media_files, run
from wordpress.importing import pieces
from wordpress.importing.mapping import Mapping

pytestmark = pytest.mark.django_db


def test_running_the_same_export_again_changes_nothing(tmp_path):
    run(blog(), tmp_path)
    redirects = Redirect.objects.count()

    report = run(blog(), tmp_path)

    assert report.summary().startswith("0 new, 0 updated, 2 unchanged, 0 failed")
    assert Article.objects.count() == 2
    assert Redirect.objects.count() == redirects


def test_a_changed_post_is_updated_in_place(tmp_path):
    run(blog(), tmp_path)
    export = blog()
    export.items[0] = export.items[0].replace("First paragraph.", "A better first paragraph.")

    report = run(export, tmp_path)

    assert "A better first paragraph." in Article.objects.get(slug="post-10").body_en
    assert report.counts["pieces"] == {"updated": 1, "unchanged": 1}
    assert Article.objects.count() == 2


def test_a_second_run_reads_no_content_type_from_the_database(tmp_path):
    run(blog(), tmp_path)
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_model(Article)  # what a process's first look-up reads

    with CaptureQueriesContext(connection) as queries:
        run(blog(), tmp_path)

    read = [q["sql"] for q in queries.captured_queries if "django_content_type" in q["sql"]]
    assert read == []


def test_a_changed_post_saves_its_piece_once(tmp_path):
    run(blog(), tmp_path)
    export = blog()
    export.items[0] = export.items[0].replace("First paragraph.", "A better first paragraph.")
    saved: list[int] = []

    def count(sender, instance, **kwargs):
        saved.append(instance.pk)

    # Each save of a piece is one more write, search index and PDF signal.
    post_save.connect(count, sender=Article, dispatch_uid="test-piece-saves")
    try:
        run(export, tmp_path)
    finally:
        post_save.disconnect(sender=Article, dispatch_uid="test-piece-saves")

    assert saved == [Article.objects.get(slug="post-10").pk]


def test_an_editor_s_title_is_kept_and_reported_when_the_post_changes(tmp_path):
    run(blog(), tmp_path)
    Article.objects.filter(slug="post-10").update(title_en="Crossing the Line, Revisited")
    export = blog()
    export.items[0] = export.items[0].replace("First paragraph.", "A better first paragraph.")

    report = run(export, tmp_path)

    piece = Article.objects.get(slug="post-10")
    assert piece.title_en == "Crossing the Line, Revisited"
    assert "A better first paragraph." in piece.body_en
    post = next(p for p in report.posts if p.wordpress_id == 10)
    assert post.kept == ["title_en"]


def test_overwrite_replaces_what_an_editor_changed(tmp_path):
    run(blog(), tmp_path)
    Article.objects.filter(slug="post-10").update(title_en="Edited")

    report = run(blog(), tmp_path, overwrite=True)

    assert Article.objects.get(slug="post-10").title_en == "Crossing the line"
    assert all(post.kept == [] for post in report.posts)


def with_pictures():
    export = blog()
    export.attachment(50, "2023/04/fence.jpg", title="The Fence", alt="A fence at dusk")
    export.attachment(51, "2023/04/river.jpg", title="River")
    export.post(
        12,
        "Pictures",
        creator="ana",
        categories=["displacement"],
        excerpt="Seen.",
        thumbnail=50,
        content=(
            '<p>Before.</p>\n\n<img class="wp-image-51" '
            'src="https://example.org/wp-content/uploads/2023/04/river.jpg" alt="">'
            "\n\n<p>After.</p>"
        ),
    )
    return export


def test_a_post_that_fails_is_rolled_back_with_its_media_files_and_the_rest_import(
    tmp_path, settings, monkeypatch
):
    real = pieces._workflow

    def fail_on_12(tally, item, article, language):
        if item.id == 12:
            raise RuntimeError("the disk is on fire")
        real(tally, item, article, language)

    monkeypatch.setattr(pieces, "_workflow", fail_on_12)

    report = run(with_pictures(), tmp_path)

    failed = report.failed
    assert [(p.wordpress_id, p.title, p.reason) for p in failed] == [
        (12, "Pictures", "RuntimeError: the disk is on fire")
    ]
    assert not Article.objects.filter(slug="post-12").exists()
    assert Article.objects.count() == 2
    assert FeaturedImage.objects.count() == BodyFigure.objects.count() == 0
    assert media_files(settings) == []
    assert report.counts["pieces"]["failed"] == 1
    assert "1 failed" in report.summary()


def test_images_are_stored_once_and_kept_on_a_second_run(tmp_path, settings):
    run(with_pictures(), tmp_path)
    piece = Article.objects.get(slug="post-12")
    assert piece.image.alt_en == "A fence at dusk"
    figure = piece.figures.get()
    assert '<figure data-figure="1"></figure>' in piece.body_en
    assert figure.credit_needed is True
    files = media_files(settings)
    assert len(files) == 2

    export = with_pictures()
    export.items[-1] = export.items[-1].replace("After.", "Afterwards.")
    run(export, tmp_path)

    assert media_files(settings) == files


def test_a_dry_run_writes_nothing_and_reports_what_a_real_run_would_do(tmp_path, settings):
    report = run(with_pictures(), tmp_path, dry_run=True)

    assert Article.objects.count() == 0
    assert Redirect.objects.count() == 0
    assert media_files(settings) == []
    assert report.dry_run is True
    assert report.counts["pieces"] == {"new": 3}
    assert report.redirects
    real = run(with_pictures(), tmp_path)
    assert real.counts["pieces"] == report.counts["pieces"]
    assert len(real.redirects) == len(report.redirects)


def test_a_missing_image_is_reported_and_the_piece_imported_without_it(tmp_path):
    report = run(with_pictures(), tmp_path, loader=MemoryImages(missing={"river.jpg"}))

    piece = Article.objects.get(slug="post-12")
    assert "data-figure" not in piece.body_en
    assert "Before." in piece.body_en and "After." in piece.body_en
    post = next(p for p in report.posts if p.wordpress_id == 12)
    assert post.outcome == "new"
    assert any("river.jpg" in w for w in post.warnings), post.warnings


def test_a_missing_image_leaves_its_caption_in_the_text(tmp_path):
    export = with_pictures()
    export.items[-1] = export.items[-1].replace(
        '<img class="wp-image-51" '
        'src="https://example.org/wp-content/uploads/2023/04/river.jpg" alt="">',
        '[caption id="attachment_51" width="300"]<img class="wp-image-51" '
        'src="https://example.org/wp-content/uploads/2023/04/river.jpg" alt=""> '
        "The river in spring[/caption]",
    )

    run(export, tmp_path, loader=MemoryImages(missing={"river.jpg"}))

    body = Article.objects.get(slug="post-12").body_en
    assert "data-figure" not in body
    assert "The river in spring" in body


def test_an_editor_s_credit_for_an_imported_picture_is_kept(tmp_path):
    run(with_pictures(), tmp_path)
    figure = Article.objects.get(slug="post-12").figures.get()
    BodyFigure.objects.filter(pk=figure.pk).update(
        creator="Li Wei", licence="CC-BY-4.0", credit_needed=False
    )
    export = with_pictures()
    export.items[-1] = export.items[-1].replace("After.", "Afterwards.")

    report = run(export, tmp_path)

    figure.refresh_from_db()
    assert (figure.creator, figure.licence, figure.credit_needed) == ("Li Wei", "CC-BY-4.0", False)
    post = next(p for p in report.posts if p.wordpress_id == 12)
    assert {"figure 1.creator", "figure 1.licence", "figure 1.credit_needed"} <= set(post.kept)
    assert "credit needed: river.jpg" not in post.warnings


def test_a_post_is_imported_again_when_the_mapping_changes(tmp_path):
    run(blog(), tmp_path, mapping=Mapping(tags="keywords", default_language="en"))

    report = run(blog(), tmp_path, mapping=Mapping(tags="topics", default_language="en"))

    assert report.counts["pieces"] == {"updated": 2}
