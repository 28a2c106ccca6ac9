from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from articles.interchange.importer import import_file
from articles.models import Article, Authorship, FeaturedImage, Topic
from contributors.models import Contributor
from series.models import Series, Volume
from tests.factories import image_bytes
from tests.interchange.builders import article, document, media_files, write

pytestmark = pytest.mark.django_db


def test_it_imports_every_field_of_a_document(tmp_path):
    import_file(write(tmp_path / "doc", document()))
    series = Series.objects.get()
    assert (series.slug, series.title_en, series.title_es) == (
        "protection-briefs",
        "Protection Briefs",
        "Notas de protección",
    )
    assert series.call_for_contributions_es == ""
    volume = Volume.objects.get()
    assert (volume.number, volume.title_en, str(volume.published_on)) == (
        4,
        "Criminal violence",
        "2024-03-01",
    )
    piece = Article.objects.get()
    assert piece.title_es == "Brechas de protección"
    assert piece.subtitle_es == ""
    assert piece.keywords_en == "displacement, violence"
    assert piece.doi == "10.1234/colophon.4"
    assert piece.status == Article.Status.PUBLISHED
    assert piece.published_languages() == ["en", "es"]
    assert [r.csl["title"] if r.csl else r.text for r in piece.references.all()] == [
        "Internal Displacement",
        "UN Guiding Principles on Internal Displacement (1998).",
    ]
    image = FeaturedImage.objects.get()
    assert image.credit_text() == "The Wrong Side of the Fence by Jason Jacobs, CC BY 2.0"
    assert (image.width, image.height) == (64, 48)
    assert image.alt_es == "Una valla en una ladera"
    assert len(media_files()) == 1


def test_a_date_means_midnight_utc_and_a_date_time_keeps_its_time(tmp_path):
    import_file(write(tmp_path / "doc", document()))
    piece = Article.objects.get()
    assert piece.published_at_en == datetime(2024, 3, 1, tzinfo=UTC)
    assert piece.published_at_es == datetime(2024, 6, 15, 9, 30, tzinfo=UTC)


def test_an_article_with_nothing_published_is_a_draft(tmp_path):
    import_file(write(tmp_path / "doc", document(article(published={}))))
    piece = Article.objects.get()
    assert piece.status == Article.Status.DRAFT
    assert piece.published_at_en is None


def test_a_topic_named_but_not_listed_is_created_from_its_name(tmp_path):
    import_file(write(tmp_path / "doc", document()))
    created = Topic.objects.get(slug="urban-violence")
    assert created.name_en == "Urban violence"
    assert sorted(t.slug for t in Article.objects.get().topics.all()) == ["idps", "urban-violence"]


def test_a_topic_can_be_named_by_its_default_language_name(tmp_path):
    import_file(write(tmp_path / "doc", document(article(topics=["IDPs"]))))
    assert [t.slug for t in Article.objects.get().topics.all()] == ["idps"]
    assert Topic.objects.count() == 1


def test_an_articles_volume_is_created_when_it_does_not_exist(tmp_path):
    import_file(write(tmp_path / "doc", document(article(volume=9))))
    assert sorted(Volume.objects.values_list("number", flat=True)) == [4, 9]
    assert Article.objects.get().volume.number == 9


def test_the_byline_snapshot_comes_from_the_author_item(tmp_path):
    import_file(write(tmp_path / "doc", document()))
    byline = Authorship.objects.get(role="author")
    assert byline.name == "Ana Pérez"
    assert byline.affiliation_es == "Universidad de Algún Lugar"
    ana = byline.contributor
    assert (ana.given_name, ana.family_name, ana.name) == ("Ana", "Pérez", "")
    assert ana.orcid == "0000-0002-1825-0097"
    organisation = Contributor.objects.get(slug="idmc")
    assert organisation.is_organisation
    assert organisation.name == "Observatory"


def test_contributors_are_matched_by_slug_and_updated(tmp_path):
    import_file(write(tmp_path / "one", document()))
    changed = article()
    changed["authors"][0]["bio"] = {"en": "Ana now writes about borders."}
    import_file(write(tmp_path / "two", document(changed)))
    ana = Contributor.objects.get(slug="ana-perez")
    assert ana.bio_en == "<p>Ana now writes about borders.</p>"
    assert ana.bio_es == ""
    assert Contributor.objects.count() == 2


def test_it_prints_a_one_line_summary(tmp_path):
    path = write(tmp_path / "doc", document(article(), article("second", image=None)))
    out = StringIO()
    call_command("import_articles", str(path), stdout=out)
    assert out.getvalue() == (
        f"Imported 2 articles (2 new, 0 updated), 1 series, 2 contributors, 1 image from {path}.\n"
    )


def test_hostile_html_in_a_body_is_sanitised_in_every_language(tmp_path):
    hostile = article(
        body={
            "en": '<h1 onclick="steal()">Heading</h1><p>Text<script>alert(1)</script></p>'
            '<iframe src="https://evil.example/"></iframe>',
            "es": '<p><a href="javascript:alert(1)">enlace</a> <a href="//evil.example/">otro</a>'
            "</p><img src=x onerror=alert(1)>",
        }
    )
    import_file(write(tmp_path / "doc", document(hostile)))
    piece = Article.objects.get()
    assert piece.body_en == "<h2>Heading</h2><p>Text</p>"
    assert "javascript" not in piece.body_es
    assert "evil.example" not in piece.body_es
    assert "<img" not in piece.body_es
    assert "enlace" in piece.body_es


def test_plain_text_fields_are_stored_as_written_for_templates_to_escape(tmp_path):
    title = {"en": "A <b>bold</b> claim", "es": "Una <b>tesis</b>"}
    import_file(write(tmp_path / "doc", document(article(title=title))))
    assert Article.objects.get().title_en == "A <b>bold</b> claim"


def test_an_author_given_only_by_slug_is_an_existing_contributor(tmp_path):
    import_file(write(tmp_path / "one", document()))
    import_file(
        write(tmp_path / "two", document(article("other", authors=[{"slug": "ana-perez"}])))
    )
    byline = Authorship.objects.get(article__slug="other")
    assert byline.name == "Ana Pérez"  # taken from the profile, as the admin would
    assert byline.affiliation_en == "University of Somewhere"


def test_a_byline_that_differs_from_the_profile_is_kept_as_printed(tmp_path):
    moved = article()
    moved["authors"][0]["profile"] = {"name": "Ana M. Pérez", "affiliation": {"en": "Elsewhere"}}
    import_file(write(tmp_path / "doc", document(moved)))
    byline = Authorship.objects.get(role="author")
    assert (byline.name, byline.affiliation_en) == ("Ana Pérez", "University of Somewhere")
    assert (byline.contributor.name, byline.contributor.affiliation_en) == (
        "Ana M. Pérez",
        "Elsewhere",
    )


def test_version_and_format_may_be_left_out(tmp_path):
    doc = document()
    del doc["format"], doc["version"]
    import_file(write(tmp_path / "doc", doc))
    assert Article.objects.count() == 1


def test_a_contributors_photo_is_imported_kept_and_removed(
    tmp_path, django_capture_on_commit_callbacks
):
    with_photo = article()
    with_photo["authors"][0]["photo"] = "images/face.png"
    images = {"images/hillside.jpg": image_bytes("JPEG"), "images/face.png": image_bytes("PNG")}
    path = write(tmp_path / "one", document(with_photo), images=images)
    import_file(path)
    photo = Contributor.objects.get(slug="ana-perez").photo.name
    assert photo.startswith("contributors/face")
    import_file(path)
    assert Contributor.objects.get(slug="ana-perez").photo.name == photo
    without = article()
    without["authors"][0]["photo"] = None
    with django_capture_on_commit_callbacks(execute=True):
        import_file(write(tmp_path / "two", document(without)))
    assert not Contributor.objects.get(slug="ana-perez").photo
    assert photo not in media_files()


def test_an_article_may_name_a_series_that_is_only_in_the_database(tmp_path):
    import_file(write(tmp_path / "one", document()))
    minimal = {"series": [], "articles": [article("another", volume=5)]}
    import_file(write(tmp_path / "two", minimal))
    assert Article.objects.get(slug="another").volume.series.slug == "protection-briefs"
