import pytest

from articles.models import Article
from redirects.models import Redirect
from redirects.paths import normalise
from tests.wordpress.builders import ExportBuilder
from tests.wordpress.importing import run

pytestmark = pytest.mark.django_db


def site() -> ExportBuilder:
    export = ExportBuilder(base="https://example.org/blog")
    export.author("ana", display_name="Ana Ruiz")
    export.category("displacement", "Displacement Papers")
    export.tag("borders", "Borders")
    export.post(
        10,
        "Crossing the line",
        creator="ana",
        categories=["displacement"],
        tags=["borders"],
        excerpt="x",
        slug="crossing-the-line",
        language="en",
        translations="pll_10",
        link="https://example.org/blog/2023/04/crossing-the-line/",
    )
    export.post(
        11,
        "Cruzar la línea",
        creator="ana",
        categories=["displacement"],
        excerpt="y",
        slug="cruzar-la-linea",
        language="es",
        translations="pll_10",
        link="https://example.org/blog/es/2023/09/cruzar-la-linea/",
        date="2023-09-01 10:00:00",
        content=(
            "<p>Texto.</p>\n\n<p><a href="
            '"https://example.org/blog/wp-content/uploads/2023/09/cruzar.pdf">Download PDF</a></p>'
        ),
    )
    export.translations("pll_10", {"en": 10, "es": 11})
    export.page(20, "About", slug="about", link="https://example.org/blog/about/")
    return export


def test_every_old_address_of_a_post_answers_301_to_its_page_in_its_language(tmp_path, client):
    run(site(), tmp_path)
    piece = Article.objects.get()

    for old, new in [
        ("/blog/2023/04/crossing-the-line/", f"/en/articles/{piece.slug}/"),
        ("/blog/es/2023/09/cruzar-la-linea/", f"/es/articles/{piece.slug}/"),
        ("/blog/?p=10", f"/en/articles/{piece.slug}/"),
        ("/blog/?p=11", f"/es/articles/{piece.slug}/"),
        ("/blog/category/displacement/", "/en/series/displacement/"),
        ("/blog/es/category/displacement/", "/es/series/displacement/"),
        ("/blog/about/", "/en/pages/about/"),
        ("/blog/?page_id=20", "/en/pages/about/"),
        ("/blog/feed/", "/en/feeds/rss/"),
        ("/blog/category/displacement/feed/", "/en/feeds/series/displacement/rss/"),
        ("/blog/tag/borders/", "/en/search/?q=Borders"),
    ]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"].endswith(new), (old, response["Location"])


def test_a_download_pdf_link_leads_to_the_piece_s_own_pdf(tmp_path):
    run(site(), tmp_path)
    piece = Article.objects.get()

    redirect = Redirect.objects.get(old_path="/blog/wp-content/uploads/2023/09/cruzar.pdf")

    assert redirect.new_path == f"/es/articles/{piece.slug}/{piece.slug}.pdf"


def test_the_report_lists_the_redirects_made_and_a_second_run_makes_none(tmp_path):
    first = run(site(), tmp_path)
    piece = Article.objects.get()
    assert (normalise("/blog/?p=10"), f"/en/articles/{piece.slug}/") in first.redirects
    assert first.counts["redirects"]["new"] == len(first.redirects)

    second = run(site(), tmp_path)

    assert second.redirects == []


def test_the_home_page_of_a_site_in_a_subfolder_leads_to_the_home_page_in_its_language(
    tmp_path, client
):
    run(site(), tmp_path)

    for old, new in [("/blog/", "/en/"), ("/blog", "/en/"), ("/blog/es/", "/es/")]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == new, (old, response["Location"])


def test_a_draft_whose_permalink_is_its_query_address_gets_that_redirect_once(tmp_path):
    export = ExportBuilder()
    export.category("displacement", "Displacement Papers")
    export.post(
        31,
        "Unfinished",
        categories=["displacement"],
        status="draft",
        slug="",
        link="https://example.org/?p=31",
        excerpt="x",
    )

    report = run(export, tmp_path)

    olds = [old for old, _new in report.redirects]
    assert olds.count("/?p=31") == 1
    assert "updated" not in report.counts["redirects"]
