import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests.wordpress.builders import ExportBuilder
from tests.wordpress.importing import blog, run
from wordpress.importing.mapping import CategoryRule, Mapping, parse_mapping

pytestmark = pytest.mark.django_db


def tagged() -> ExportBuilder:
    export = ExportBuilder()
    export.category("papers", "Papers")
    export.category("idps", "IDPs")
    export.tag("borders", "Borders")
    export.tag("floods", "Floods")
    export.post(
        10,
        "Tagged",
        categories=["papers", "idps"],
        tags=["borders", "floods"],
        excerpt="x",
        meta=[("subtitle", "A second line"), ("doi", "https://doi.org/10.1234/abc.1")],
    )
    return export


MAPPING = Mapping(
    categories={
        "papers": CategoryRule("papers", "series", slug="papers", title="Papers"),
        "idps": CategoryRule("idps", "topic", slug="idps", title="IDPs", group="theme"),
    },
    fields={"subtitle": "subtitle", "doi": "doi"},
)


def test_tags_become_keywords_categories_topics_and_custom_fields_fields(tmp_path):
    run(tagged(), tmp_path, mapping=MAPPING)

    piece = Article.objects.get()
    assert piece.keywords_en == "Borders, Floods"
    assert [(t.slug, t.group) for t in piece.topics.all()] == [("idps", "theme")]
    assert piece.subtitle_en == "A second line"
    assert piece.doi == "10.1234/abc.1"
    assert piece.volume.series.slug == "papers"


def test_tags_may_become_topics_instead(tmp_path):
    mapping = Mapping(categories=MAPPING.categories, tags="topics")

    run(tagged(), tmp_path, mapping=mapping)

    piece = Article.objects.get()
    assert sorted(piece.topics.values_list("slug", flat=True)) == ["borders", "floods", "idps"]
    assert piece.keywords_en == ""


def test_a_mapping_naming_a_category_the_export_lacks_is_warned_about_with_the_real_ones(
    tmp_path,
):
    # "displacment": a typo for the export's "displacement", whose rule would be lost.
    mapping = parse_mapping('[categories.displacment]\nbecomes = "topic"\n')

    report = run(blog(), tmp_path, mapping=mapping, dry_run=True)

    [warning] = [w for w in report.warnings if "displacment" in w]
    assert "not in the export" in warning
    assert "displacement" in warning.replace("displacment", "")


def test_a_category_made_a_topic_gets_its_spanish_name_from_the_mapping(tmp_path):
    rule = CategoryRule("idps", "topic", slug="idps", title="IDPs", title_es="Desplazados")
    run(tagged(), tmp_path, mapping=Mapping(categories={"idps": rule}))

    topic = Article.objects.get().topics.get()
    assert (topic.name_en, topic.name_es) == ("IDPs", "Desplazados")


def test_a_title_without_a_volume_number_is_warned_about_with_the_pattern_as_written(tmp_path):
    rule = CategoryRule("papers", "series", slug="papers", volumes="title")
    report = run(tagged(), tmp_path, mapping=Mapping(categories={"papers": rule}))

    [warning] = [w for w in report.warnings if "volume number" in w]
    assert "'\\bVol(?:ume)?\\.?\\s*(\\d+)'" in warning  # one backslash each, as in the file
    assert "\\\\" not in warning


def test_a_series_and_a_topic_are_looked_up_once_a_run_not_once_a_post(tmp_path):
    export = ExportBuilder()
    export.category("papers", "Papers")
    export.category("idps", "IDPs")
    for number in (10, 11, 12):
        export.post(number, f"Post {number}", categories=["papers", "idps"], excerpt="x")

    with CaptureQueriesContext(connection) as queries:
        report = run(export, tmp_path, mapping=MAPPING)

    assert report.failed == []
    by_slug = [
        query["sql"]
        for query in queries.captured_queries
        if "WHERE" in query["sql"]
        and any(
            f'FROM "{table}" WHERE "{table}"."slug"' in query["sql"].replace("`", '"')
            for table in ("series_series", "articles_topic")
        )
    ]
    # The import's own look-up of each, and the archive redirects' at the end.
    assert len(by_slug) == 4, by_slug


def test_a_series_a_failed_post_made_is_made_again_by_the_next_post(tmp_path):
    export = ExportBuilder()
    export.category("papers", "Papers")
    export.category("idps", "IDPs")
    depth = 3000
    nested = "<!-- wp:group -->" * depth + "<p>Deep.</p>" + "<!-- /wp:group -->" * depth
    export.post(10, "Nested", categories=["papers", "idps"], excerpt="x", content=nested)
    export.post(11, "Plain", categories=["papers", "idps"], excerpt="x", content="<p>Plain.</p>")

    report = run(export, tmp_path, mapping=MAPPING)

    assert [post.wordpress_id for post in report.failed] == [10]
    piece = Article.objects.get()
    assert list(piece.topics.values_list("slug", flat=True)) == ["idps"]
    assert piece.series is not None and piece.series.slug == "papers"
    assert report.counts["series"] == {"new": 1}
    assert report.counts["volumes"] == {"new": 1}
