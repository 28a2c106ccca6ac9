"""Export, then import into an empty database: every field comes back."""

import io
import json
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from PIL import Image, ImageChops, ImageStat

from articles.interchange.exporter import export_to
from articles.interchange.importer import import_file
from articles.models import Article, Authorship, FeaturedImage, Reference, Topic
from articles.workflow.steps import publish_language
from contributors.models import Contributor
from series.models import Series, Volume
from tests.factories import (
    image_bytes,
    make_article,
    make_organisation,
    make_series,
    make_topic,
    make_upload,
    make_volume,
)
from tests.interchange.builders import dump, media_files

pytestmark = pytest.mark.django_db


def make_site() -> None:
    """Content that uses every corner of the format."""
    briefs = make_series(
        slug="protection-briefs",
        citation_style="apa",
        position=2,
        is_active=False,
        call_for_contributions_en="Write to us.",
    )
    climate = make_series(slug="climate", position=1, title_es="")
    four = make_volume(
        briefs, number=4, title_en="Four", title_es="Cuatro", published_on=date(2024, 3, 1)
    )
    both = make_article(
        four, languages=("en", "es"), position=2, doi="10.1234/x", licence="CC0-1.0"
    )
    publish_language(
        both, "en", at=datetime(2024, 3, 1, tzinfo=UTC)
    )  # midnight UTC: written as a date
    draft = make_article(four, languages=("es",), published=(), position=1)
    scheduled = make_article(
        make_volume(climate, number=0), languages=("en", "es"), published=("en",), image=False
    )
    publish_language(scheduled, "es", at=timezone.now() + timedelta(days=30))
    make_article(make_volume(climate), references=0, authors=0, topics=0)

    # A translator that is an organisation, and a byline the profile has since moved away from.
    observatory = make_organisation(bio_en="An observatory.", website="https://example.org/")
    Authorship.objects.create(article=both, contributor=observatory, role="translator", position=7)
    author = both.authorships.get(role="author").contributor
    author.name, author.affiliation_en = "Ana M. Author", "A New University"
    author.orcid = "https://orcid.org/0000-0002-1825-0097"
    author.photo = make_upload("face.png", image_bytes("PNG"))
    author.save()
    Authorship.objects.create(article=draft, contributor=author, position=3, name="A. Author")

    Reference.objects.create(article=both, position=9, text="UNHCR, Guidelines (2019).")
    image = FeaturedImage.objects.get(article=draft)
    image.file = make_upload("map.png", image_bytes("PNG", color=(0, 90, 200)))
    image.caption_es, image.year, image.source_url = "Un mapa", None, ""
    image.save()
    both.topics.add(make_topic(group="region"))
    make_topic(slug="unused", name_es="")


def empty_the_site() -> None:
    for model in (Authorship, Reference, FeaturedImage, Article, Volume, Series, Topic):
        model.objects.all().delete()
    Contributor.objects.all().delete()
    shutil.rmtree(settings.MEDIA_ROOT)


def test_export_then_import_into_an_empty_database_reproduces_every_field(tmp_path):
    make_site()
    before = dump()
    assert Article.objects.filter(status="draft").count() == 1
    export_to(tmp_path / "out" / "site.json")
    empty_the_site()
    assert media_files() == []

    import_file(tmp_path / "out" / "site.json")

    assert dump() == before


def test_a_second_export_of_the_imported_site_is_identical(tmp_path):
    make_site()
    export_to(tmp_path / "one" / "site.json")
    empty_the_site()
    import_file(tmp_path / "one" / "site.json")
    export_to(tmp_path / "two" / "site.json")
    first = json.loads((tmp_path / "one" / "site.json").read_text())
    assert json.loads((tmp_path / "two" / "site.json").read_text()) == first
    for name in (tmp_path / "one" / "site_images").iterdir():
        assert (tmp_path / "two" / "site_images" / name.name).read_bytes() == name.read_bytes()


def test_publication_moments_are_written_as_dates_only_at_midnight_utc(tmp_path):
    make_site()
    export_to(tmp_path / "site.json")
    items = json.loads((tmp_path / "site.json").read_text())["articles"]
    moments = [value for item in items for value in item["published"].values()]
    assert "2024-03-01" in moments
    assert all(len(value) == 10 or value.endswith("Z") for value in moments)


def test_reimporting_an_export_into_the_same_site_keeps_every_stored_file(tmp_path):
    make_site()
    files = media_files()
    export_to(tmp_path / "site.json")
    call_command("import_articles", str(tmp_path / "site.json"), stdout=io.StringIO())
    assert media_files() == files


def photo_like_jpeg() -> bytes:
    # Noise: lossy re-encoding does not reach a fixed point on it, unlike a flat colour.
    image = Image.effect_noise((120, 80), 60).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


def test_a_detailed_jpeg_imported_elsewhere_keeps_its_size_and_nearly_its_pixels(tmp_path):
    piece = make_article(image=False)
    FeaturedImage.objects.create(
        article=piece,
        file=make_upload("noise.jpg", photo_like_jpeg()),
        title="Noise",
        creator="Pillow",
        licence="CC0-1.0",
        alt_en="Grey noise",
    )
    stored = FeaturedImage.objects.get().file.read()
    export_to(tmp_path / "site.json")
    empty_the_site()
    import_file(tmp_path / "site.json")
    again = FeaturedImage.objects.get()
    # Every import re-encodes the image (nothing a file says reaches readers unchecked),
    # so a JPEG from another site is one more lossy generation: same size, close pixels.
    assert (again.width, again.height) == (120, 80)
    before = Image.open(io.BytesIO(stored)).convert("L")
    with again.file.open("rb") as handle:
        after = Image.open(io.BytesIO(handle.read())).convert("L")
    assert ImageStat.Stat(ImageChops.difference(before, after)).mean[0] < 4


def test_the_export_names_its_images_relative_to_the_document(tmp_path):
    make_site()
    export_to(tmp_path / "site.json")
    doc = json.loads((tmp_path / "site.json").read_text())
    files = [item["image"]["file"] for item in doc["articles"] if item["image"]]
    assert files and all(name.startswith("site_images/") for name in files)
    assert len(set(files)) == len(files)
    for name in files:
        assert Path(tmp_path / name).is_file()


def test_a_sanitised_body_comes_back_unchanged(tmp_path):
    body = (
        '<h1 id="intro">Intro</h1><p>See <a href="https://example.org/" rel="x">this</a> '
        'and <a href="mailto:a@example.org">mail</a>.</p><blockquote cite="https://un.org/">'
        '<p>Article 1</p></blockquote><ol start="3"><li>Three</li></ol>'
        '<p onclick="x()">Gone<script>alert(1)</script></p>'
    )
    make_article(body_en=body)
    before = dump()
    export_to(tmp_path / "site.json")
    empty_the_site()
    import_file(tmp_path / "site.json")
    assert dump() == before
