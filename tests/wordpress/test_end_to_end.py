"""The bilingual Polylang export (tests/fixtures/wordpress/polylang-bilingual.xml, its
top comment says what it holds) imported with `manage.py import_wordpress --media`, then
read back through the models and over HTTP, as a reader and an editor would."""

from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from articles.models import Article
from contributors.models import Contributor
from pages.models import Page
from series.models import Series
from tests.wordpress.exports import POLYLANG, UPLOADS, SourcePost, source_posts
from wordpress.models import ImportedItem

pytestmark = pytest.mark.django_db

SOURCE = source_posts(POLYLANG)
POSTS = [p for p in SOURCE if p.type == "post"]
PUBLISHED = [p for p in POSTS if p.status == "publish"]
UNPUBLISHED = [p for p in POSTS if p.status in {"draft", "pending", "future"}]


@pytest.fixture
def run(tmp_path):
    """The command, as an editor types it; the report is saved in the test's folder."""

    def run(*options: str, source=POLYLANG) -> str:
        out = StringIO()
        report = tmp_path / "report.txt"
        call_command(
            "import_wordpress",
            str(source),
            "--media",
            str(UPLOADS),
            "--report",
            str(report),
            *options,
            stdout=out,
            stderr=StringIO(),
        )
        return out.getvalue()

    return run


@pytest.fixture
def imported(run):
    return run()


def piece_of(post: SourcePost) -> Article:
    record = ImportedItem.objects.get(kind="post", wordpress_id=str(post.id))
    return Article.all_objects.get(pk=record.object_id)


def url_in(language: str, obj) -> str:
    with translation.override(language):
        return obj.get_absolute_url()


def post(post_id: int) -> SourcePost:
    return next(p for p in SOURCE if p.id == post_id)


def test_each_english_post_and_its_spanish_translation_become_one_piece(imported):
    pairs = {}
    for p in PUBLISHED:
        pairs.setdefault(p.translations or f"alone-{p.id}", []).append(p)
    assert sorted(len(members) for members in pairs.values()) == [1, 2, 2]
    for members in pairs.values():
        pieces = {piece_of(p).pk for p in members}
        assert len(pieces) == 1, [p.id for p in members]
    assert Article.all_objects.count() == len(pairs) + len(UNPUBLISHED)


def test_each_language_keeps_its_own_publication_date_and_the_earlier_is_the_original(
    imported,
):
    for p in PUBLISHED:
        piece = piece_of(p)
        assert piece.localized("published_at", p.language) == p.date_gmt, p.id
        assert piece.is_published(p.language)
    for english in (p for p in PUBLISHED if p.translations and p.language == "en"):
        spanish = next(
            p for p in PUBLISHED if p.translations == english.translations and p.language == "es"
        )
        assert spanish.date_gmt > english.date_gmt  # the fixture's premise
        assert piece_of(english).original_language == "en"


def test_an_untranslated_post_is_a_piece_in_its_own_language_only(imported):
    alone = next(p for p in PUBLISHED if not p.translations)
    piece = piece_of(alone)
    assert piece.original_language == alone.language
    assert piece.published_languages() == [alone.language]


def test_block_editor_footnotes_become_notes_in_each_language(imported):
    english, spanish = post(101), post(111)
    piece = piece_of(english)
    for source, body in ((english, piece.body_en), (spanish, piece.body_es)):
        assert body.count("<span data-note") == 2, source.id
        assert "data-fn" not in body and "wp:footnotes" not in body
    assert "Guiding Principles on Internal Displacement" in piece.body_en
    assert "Amparo 411-2017, 13 de julio de 2018" in piece.body_es


def test_the_caption_credit_is_read_into_the_figure(imported):
    piece = piece_of(post(102))
    figures = list(piece.figures.all())
    fence = next(f for f in figures if "Wrong Side of the Fence" in f.title)
    assert fence.creator == "Jason Jacobs"
    assert fence.licence == "CC-BY-2.0"
    assert fence.source_url.startswith("https://commons.wikimedia.org/wiki/File:The_Wrong_Side")
    assert not fence.credit_needed
    assert fence.file.name  # the file came from --media


def test_an_image_whose_caption_names_no_creator_is_flagged_credit_needed(imported):
    piece = piece_of(post(101))
    assert piece.image.credit_needed
    assert piece.image.file.name


def test_featured_images_keep_their_alt_text(imported):
    piece = piece_of(post(103))
    assert piece.image.alt_en == "A road under brown floodwater with a half-submerged road sign"
    assert piece.image.licence == "CC-BY-SA-4.0"


def test_guest_authors_become_contributors_and_one_person_exported_twice_is_one(imported):
    assert Contributor.objects.filter(email="m.castillo@uni.example.edu").count() == 1
    okafor = Contributor.objects.get(email="d.okafor@law.example.ac.uk")
    assert okafor.name == "Daniel Okafor"
    assert "human rights law" in okafor.bio_en
    castillo = Contributor.objects.get(email="m.castillo@uni.example.edu")
    # The user mcastillo signs 101; the guest author standing for her signs 102.
    assert castillo in [a.contributor for a in piece_of(post(101)).authorships.all()]
    assert castillo in [a.contributor for a in piece_of(post(102)).authorships.all()]
    assert [a.contributor.name for a in piece_of(post(101)).authorships.order_by("position")] == [
        "Daniel Okafor",
        "María Castillo",
    ]


def test_each_series_category_becomes_a_series_with_its_pieces(imported):
    for p in PUBLISHED:
        (category,) = p.categories
        series = Series.objects.get(slug=category)
        assert piece_of(p).volume.series == series, p.id
    assert not Series.objects.filter(slug="uncategorized").exists()


def test_both_language_versions_of_the_about_page_are_one_page(imported):
    about, acerca = (p for p in SOURCE if p.type == "page")
    records = ImportedItem.objects.filter(wordpress_id__in=[str(about.id), str(acerca.id)])
    (page_id,) = {r.object_id for r in records}
    page = Page.objects.get(pk=page_id)
    assert page.title_en == "About" and page.title_es == "Acerca de"


@pytest.mark.parametrize("source", PUBLISHED, ids=lambda p: f"post-{p.id}-{p.language}")
def test_every_old_address_of_a_post_answers_301_to_its_page_in_its_language(
    imported, client, source
):
    piece = piece_of(source)
    expected = url_in(source.language, piece)
    assert expected.startswith(f"/{source.language}/")
    for old in (source.old_path, f"/?p={source.id}"):
        response = client.get(old)
        assert response.status_code == 301, old
        assert urlsplit(response["Location"]).path == expected, old
        assert client.get(response["Location"]).status_code == 200, old

    (category,) = source.categories
    prefix = "" if source.language == "en" else f"/{source.language}"
    archive = f"{prefix}/category/{category}/"
    response = client.get(archive)
    assert response.status_code == 301, archive
    series = Series.objects.get(slug=category)
    assert urlsplit(response["Location"]).path == url_in(source.language, series)
    assert client.get(response["Location"]).status_code == 200


def test_an_uploaded_pdf_redirects_to_the_pieces_own_pdf(imported, client):
    response = client.get("/wp-content/uploads/2019/05/when-gangs-displace.pdf")
    assert response.status_code == 301
    assert urlsplit(response["Location"]).path.startswith("/en/")
    assert "Download PDF" not in piece_of(post(101)).body_en


def test_running_the_import_again_changes_nothing(imported, run):
    before = {
        a.pk: (a.title_en, a.title_es, a.body_en, a.body_es, a.status)
        for a in Article.all_objects.all()
    }
    again = run()
    assert "0 new, 0 updated" in again
    after = {
        a.pk: (a.title_en, a.title_es, a.body_en, a.body_es, a.status)
        for a in Article.all_objects.all()
    }
    assert after == before


def test_a_title_an_editor_changed_is_kept_when_wordpress_changed_the_post_too(
    imported, run, tmp_path
):
    piece = piece_of(post(103))
    piece.title_en = "Planned relocation after disasters"
    piece.save()
    # The old site is still in use: the post's excerpt changed since the first export.
    changed = tmp_path / "export.xml"
    changed.write_text(
        POLYLANG.read_text(encoding="utf-8").replace(
            "Disasters displace more people each year than conflict.",
            "Disasters displace more people each year than conflict and violence.",
        ),
        encoding="utf-8",
    )
    output = run(source=changed)
    assert "1 updated" in output
    piece.refresh_from_db()
    assert piece.title_en == "Planned relocation after disasters"
    assert piece.summary_en.startswith(
        "Disasters displace more people each year than conflict and violence."
    )
    assert "title" in output  # the report names the field it kept


def test_a_title_an_editor_changed_is_kept_when_nothing_changed_on_wordpress(imported, run):
    piece = piece_of(post(101))
    piece.title_en = "Gangs and internal displacement"
    piece.save()
    run()
    piece.refresh_from_db()
    assert piece.title_en == "Gangs and internal displacement"


def test_drafts_pending_and_scheduled_posts_are_not_published(imported, client):
    states = {p.status: piece_of(p) for p in UNPUBLISHED}
    assert set(states) == {"draft", "pending", "future"}
    assert states["draft"].status == Article.Status.DRAFT
    assert states["pending"].status == Article.Status.SUBMITTED
    scheduled = states["future"]
    assert scheduled.published_at_en > timezone.now()
    for piece in states.values():
        assert not piece.is_published("en")
        assert not Article.objects.published("en").filter(pk=piece.pk).exists()
        assert client.get(url_in("en", piece)).status_code == 404
