from datetime import UTC, datetime

import pytest

from articles.models import Article
from series.models import Series
from tests.wordpress.builders import ExportBuilder
from tests.wordpress.importing import blog, crossing_the_line, run

pytestmark = pytest.mark.django_db


def test_each_published_post_becomes_a_published_piece_in_its_series(tmp_path):
    report = run(blog(), tmp_path)

    piece = Article.objects.get(slug="post-10")
    assert piece.title_en == "Crossing the line"
    assert piece.summary_en == "What a border does."
    assert "<p>First paragraph.</p>" in piece.body_en
    assert piece.original_language == "en"
    assert piece.status == Article.Status.PUBLISHED
    assert piece.published_at_en == datetime(2023, 4, 5, 10, tzinfo=UTC)
    assert piece.volume is not None
    assert piece.volume.series == Series.objects.get()
    assert [a.contributor.display_name for a in piece.authorships.all()] == ["Ana Ruiz"]
    assert report.counts["pieces"]["new"] == 2
    assert report.summary().startswith("2 new, 0 updated, 0 unchanged, 0 failed")


def test_a_post_without_an_excerpt_gets_wordpress_s_automatic_one_and_a_warning(tmp_path):
    export = blog()
    words = " ".join(f"word{n}" for n in range(80))
    export.post(12, "Long", categories=["displacement"], creator="ana", content=f"<p>{words}</p>")

    report = run(export, tmp_path)

    summary = Article.objects.get(slug="post-12").summary_en
    assert summary.startswith("word0 word1") and "word54" in summary and "word55" not in summary
    post = next(p for p in report.posts if p.wordpress_id == 12)
    assert "summary made from the first words" in post.warnings


@pytest.mark.parametrize(
    ("wordpress_status", "status"),
    [
        ("draft", Article.Status.DRAFT),
        ("private", Article.Status.DRAFT),
        ("pending", Article.Status.SUBMITTED),
        ("future", Article.Status.SCHEDULED),
    ],
)
def test_unpublished_posts_take_the_matching_state_and_are_never_published(
    tmp_path, wordpress_status, status
):
    export = blog()
    export.post(
        20,
        "Not yet",
        status=wordpress_status,
        categories=["displacement"],
        creator="ana",
        excerpt="Soon.",
        date="2099-01-01 09:00:00",
    )

    run(export, tmp_path)

    piece = Article.objects.get(slug="post-20")
    assert piece.status == status
    assert piece.is_published("en") is False
    if wordpress_status == "future":
        assert piece.published_at_en == datetime(2099, 1, 1, 9, tzinfo=UTC)
    else:
        assert piece.published_at_en is None


def test_a_published_post_missing_what_publication_needs_stays_unpublished_and_says_what(
    tmp_path,
):
    export = ExportBuilder()
    export.author("ana", display_name="Ana Ruiz")
    export.post(30, "Loose", creator="ana", excerpt="No series.")

    report = run(export, tmp_path)

    piece = Article.objects.get(slug="post-30")
    assert piece.status == Article.Status.DRAFT
    assert any("volume" in w for w in report.posts[0].warnings), report.posts[0].warnings


def bilingual() -> ExportBuilder:
    export = ExportBuilder()
    export.author("ana", display_name="Ana Ruiz")
    export.category("displacement", "Displacement Papers")
    crossing_the_line(export, language="en", translations="pll_10", slug="crossing-the-line")
    export.post(
        11,
        "Cruzar la línea",
        creator="ana",
        categories=["displacement"],
        language="es",
        translations="pll_10",
        excerpt="Lo que hace una frontera.",
        date="2023-09-01 08:30:00",
        slug="cruzar-la-linea",
    )
    export.translations("pll_10", {"en": 10, "es": 11})
    return export


def test_a_polylang_pair_is_one_bilingual_piece_with_a_date_per_language(tmp_path):
    report = run(bilingual(), tmp_path)

    piece = Article.objects.get()
    assert piece.slug == "crossing-the-line"
    assert piece.original_language == "en"
    assert (piece.title_en, piece.title_es) == ("Crossing the line", "Cruzar la línea")
    assert piece.summary_es == "Lo que hace una frontera."
    assert piece.published_at_en == datetime(2023, 4, 5, 10, tzinfo=UTC)
    assert piece.published_at_es == datetime(2023, 9, 1, 8, 30, tzinfo=UTC)
    assert piece.published_languages() == ["en", "es"]
    assert report.counts["pieces"] == {"new": 1, "updated": 1}


def test_a_second_run_neither_republishes_nor_moves_the_dates(tmp_path):
    run(bilingual(), tmp_path)
    piece = Article.objects.get()
    events = piece.events.count()

    report = run(bilingual(), tmp_path)

    piece.refresh_from_db()
    assert piece.events.count() == events
    assert piece.published_at_es == datetime(2023, 9, 1, 8, 30, tzinfo=UTC)
    assert "0 new, 0 updated" in report.summary()


def test_a_post_with_blocks_nested_beyond_reason_fails_alone_with_a_reason_that_says_so(
    tmp_path,
):
    export = ExportBuilder()
    export.author("ana", display_name="Ana Ruiz")
    depth = 3000
    nested = "<!-- wp:group -->" * depth + "<p>Deep.</p>" + "<!-- /wp:group -->" * depth
    export.post(10, "Nested", creator="ana", excerpt="x", content=nested)
    export.post(11, "Plain", creator="ana", excerpt="x", content="<p>Plain.</p>")

    report = run(export, tmp_path)

    [failed] = report.failed
    assert failed.wordpress_id == 10
    assert "nested" in failed.reason
    assert "Recursion" not in failed.reason
    assert Article.objects.get().title_en == "Plain"


def test_a_dry_run_links_no_translation_to_a_piece_that_only_the_dry_run_made(tmp_path):
    report = run(bilingual(), tmp_path, dry_run=True)

    assert [(p.wordpress_id, p.admin_url) for p in report.posts] == [(10, ""), (11, "")]
    assert not Article.objects.exists()


def test_an_imported_pair_is_found_by_search_in_each_language(tmp_path, client):
    run(bilingual(), tmp_path)
    piece = Article.objects.get()
    indexed = set(piece.search_documents.values_list("language", "heading"))
    assert ("en", "Crossing the line") in indexed
    assert ("es", "Cruzar la línea") in indexed
