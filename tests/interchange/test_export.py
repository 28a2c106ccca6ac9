import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.interchange.common import schema_errors
from articles.interchange.exporter import export_to
from articles.models import FeaturedImage
from tests.factories import make_article, make_series, make_topic, make_volume

pytestmark = pytest.mark.django_db


def exported(tmp_path) -> dict:
    export_to(tmp_path / "out.json")
    return json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))


def test_it_writes_every_series_volume_topic_and_article_drafts_included(tmp_path):
    make_article(languages=("en", "es"))
    make_article(languages=("es",), published=())
    make_volume(make_series(slug="empty-series"))
    make_topic(slug="unused-topic")
    doc = exported(tmp_path)
    assert (doc["format"], doc["version"]) == ("colophon-interchange", 2)
    assert len(doc["series"]) == 3
    assert len(doc["volumes"]) == 3
    assert "unused-topic" in [topic["slug"] for topic in doc["topics"]]
    assert [item["published"] != {} for item in doc["articles"]] == [True, False]


def test_the_export_follows_the_schema(tmp_path):
    make_article(languages=("en", "es"))
    assert schema_errors(exported(tmp_path)) == []


def test_images_are_copied_beside_the_document_under_distinct_names(tmp_path):
    make_article()
    make_article()
    doc = exported(tmp_path)
    names = [item["image"]["file"] for item in doc["articles"]]
    assert len(set(names)) == 2
    for name, image in zip(names, FeaturedImage.objects.order_by("article__slug"), strict=True):
        assert name.startswith("out_images/")
        with image.file.open("rb") as stored:
            assert (tmp_path / name).read_bytes() == stored.read()


def test_it_prints_a_one_line_summary(tmp_path):
    make_article(languages=("en", "es"))
    out = StringIO()
    call_command("export_articles", str(tmp_path / "out.json"), stdout=out)
    line = out.getvalue()
    assert line.count("\n") == 1
    assert line.startswith(
        "Exported 1 article, 1 series, 1 volume, 1 topic, 1 contributor, 1 image to "
        f"{tmp_path / 'out.json'} (images in "
    )


def test_the_images_folder_can_be_chosen_inside_the_documents_folder(tmp_path):
    make_article()
    call_command(
        "export_articles",
        str(tmp_path / "out.json"),
        images_dir=str(tmp_path / "images"),
        stdout=StringIO(),
    )
    doc = json.loads((tmp_path / "out.json").read_text())
    assert doc["articles"][0]["image"]["file"].startswith("images/")


def test_it_refuses_an_images_folder_outside_the_documents_folder(tmp_path):
    make_article()
    with pytest.raises(CommandError, match="must be a folder inside"):
        call_command(
            "export_articles", str(tmp_path / "a" / "out.json"), images_dir=str(tmp_path / "b")
        )


def test_a_missing_media_file_fails_the_export_and_writes_nothing(tmp_path):
    piece = make_article()
    piece.image.file.delete(save=False)
    with pytest.raises(CommandError) as caught:
        call_command("export_articles", str(tmp_path / "out.json"))
    assert f'articles[0] "{piece.slug}": image.file: images/' in str(caught.value)
    assert "is missing from the media storage" in str(caught.value)
    assert list(tmp_path.glob("out*")) == []
