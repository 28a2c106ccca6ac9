import io

import pytest

from articles.models import Article
from pages.models import Page
from tests.wordpress.builders import ExportBuilder
from tests.wordpress.importing import blog, run
from wordpress.management.commands.import_wordpress import TerminalProgress

pytestmark = pytest.mark.django_db


def test_a_published_page_becomes_a_page_and_a_draft_page_is_left_out_and_reported(tmp_path):
    export = ExportBuilder()
    export.page(20, "About us", slug="about", content="<p>Who we are.</p>")
    export.page(21, "Unfinished", slug="unfinished", status="draft")

    report = run(export, tmp_path)

    page = Page.objects.get(slug="about")
    assert (page.slug, page.title_en) == ("about", "About us")
    assert "<p>Who we are.</p>" in page.body_en
    skipped = next(p for p in report.posts if p.wordpress_id == 21)
    assert skipped.outcome == "skipped" and "draft" in skipped.reason


def test_a_page_in_two_languages_is_one_page(tmp_path):
    export = ExportBuilder()
    export.page(20, "About us", slug="about", language="en", translations="pll_p")
    export.page(21, "Quiénes somos", slug="quienes-somos", language="es", translations="pll_p")
    export.translations("pll_p", {"en": 20, "es": 21})

    run(export, tmp_path)

    assert not Page.objects.filter(slug="quienes-somos").exists()
    page = Page.objects.get(slug="about")
    assert (page.slug, page.title_en, page.title_es) == ("about", "About us", "Quiénes somos")


def test_trashed_posts_and_auto_drafts_are_not_imported(tmp_path):
    export = blog()
    export.post(40, "Binned", status="trash", categories=["displacement"])
    export.post(41, "Auto", status="auto-draft")

    report = run(export, tmp_path)

    assert not Article.objects.filter(slug__in=["post-40", "post-41"]).exists()
    assert {p.wordpress_id for p in report.posts} == {10, 11}


def test_each_post_s_report_links_to_its_piece_in_the_admin(tmp_path):
    report = run(blog(), tmp_path, extra={"site_url": "https://colophon.example.org"})

    piece = Article.objects.get(slug="post-10")
    post = next(p for p in report.posts if p.wordpress_id == 10)
    assert (
        post.admin_url == f"https://colophon.example.org/admin/articles/article/{piece.pk}/change/"
    )


def test_progress_is_a_line_per_thousand_posts_outside_a_terminal():
    stream = io.StringIO()
    progress = TerminalProgress(stream)

    for done in range(1, 2501):
        progress(done, 2500)

    assert stream.getvalue().splitlines() == [
        "1000/2500 posts",
        "2000/2500 posts",
        "2500/2500 posts",
    ]


def test_a_dry_run_links_no_translated_page_to_a_page_that_only_the_dry_run_made(tmp_path):
    export = ExportBuilder()
    export.page(20, "About us", slug="about", language="en", translations="pll_p")
    export.page(21, "Quiénes somos", slug="quienes-somos", language="es", translations="pll_p")
    export.translations("pll_p", {"en": 20, "es": 21})

    report = run(export, tmp_path, dry_run=True)

    assert [(p.wordpress_id, p.admin_url) for p in report.posts] == [(20, ""), (21, "")]
