import json

import pytest

from tests.wordpress.builders import ExportBuilder
from tests.wordpress.importing import run
from wordpress.importing.report import PostReport, Report


def a_report() -> Report:
    report = Report(dry_run=False, mapping_toml='tags = "keywords"\n')
    report.count("pieces", "new", 2)
    report.count("pieces", "failed")
    report.count("pages", "unchanged")
    report.posts.append(
        PostReport(12, "Pictures", "post", "failed", reason="RuntimeError: no disk")
    )
    report.posts.append(
        PostReport(
            10,
            "One",
            "post",
            "updated",
            "/admin/articles/article/1/change/",
            warnings=["credit needed: fence.jpg"],
            kept=["title_en"],
        )
    )
    report.redirects.append(("/?p=10", "/en/articles/one/"))
    return report


def test_the_summary_is_one_line_of_counts():
    assert a_report().summary() == "2 new, 0 updated, 1 unchanged, 1 failed; 1 redirects"


def test_the_text_has_counts_warnings_with_admin_links_kept_fields_and_redirects():
    text = a_report().as_text()

    assert "credit needed: fence.jpg" in text
    assert "/admin/articles/article/1/change/" in text
    assert "kept as edited in Colophon: title_en" in text
    assert "/?p=10 → /en/articles/one/" in text
    assert "RuntimeError: no disk" in text


def test_a_report_survives_a_trip_through_json():
    report = a_report()

    assert Report.from_json(report.as_json()) == report


@pytest.mark.django_db
def test_a_title_with_an_html_entity_is_reported_as_it_reads(tmp_path):
    export = ExportBuilder()
    export.post(50, "Media &amp; Text", excerpt="x", content="<p>Both.</p>")

    report = run(export, tmp_path, dry_run=True)

    assert report.posts[0].title == "Media & Text"


@pytest.mark.django_db
def test_a_dry_run_reports_the_posts_that_may_be_translations_of_each_other(tmp_path):
    export = ExportBuilder()
    export.category("displacement", "Displacement Papers")
    export.attachment(40, "2023/04/fence.jpg", alt="A fence")
    for id, title, language, date in [
        (10, "Crossing the line", "en", "2023-04-05 10:00:00"),
        (20, "Cruzar la línea", "es", "2023-04-07 10:00:00"),
    ]:
        export.post(
            id, title, language=language, thumbnail=40, categories=["displacement"], date=date
        )
    report = run(export, tmp_path, dry_run=True)
    assert [s.ids for s in report.suggestions] == [(10, 20)]
    assert "same featured image" in report.suggestions[0].reasons
    assert any(line.startswith("  [10, 20]: same featured image") for line in report.lines())
    again = Report.from_json(json.loads(json.dumps(report.as_json())))
    assert again.suggestions == report.suggestions
