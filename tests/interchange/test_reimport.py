from io import StringIO

import pytest
from django.core.management import call_command

from articles.interchange.importer import import_file
from articles.models import Article, FeaturedImage, Topic
from tests.factories import image_bytes
from tests.interchange.builders import article, document, dump, media_files, write

pytestmark = pytest.mark.django_db


def test_importing_the_same_file_twice_changes_nothing(tmp_path):
    path = write(tmp_path / "doc", document())
    import_file(path)
    before, files = dump(), media_files()
    out = StringIO()
    call_command("import_articles", str(path), stdout=out)
    assert dump() == before
    assert media_files() == files
    assert "(0 new, 1 updated)" in out.getvalue()


def test_an_unchanged_image_keeps_its_stored_file(tmp_path):
    path = write(tmp_path / "doc", document())
    import_file(path)
    name = FeaturedImage.objects.get().file.name
    import_file(path)
    assert FeaturedImage.objects.get().file.name == name
    assert media_files() == [name]


def test_a_changed_image_replaces_the_old_file_once_the_import_commits(
    tmp_path, django_capture_on_commit_callbacks
):
    import_file(write(tmp_path / "one", document()))
    old = FeaturedImage.objects.get().file.name
    other = {"images/hillside.jpg": image_bytes("JPEG", color=(10, 200, 30))}
    with django_capture_on_commit_callbacks(execute=True):
        import_file(write(tmp_path / "two", document(), images=other))
    new = FeaturedImage.objects.get().file.name
    assert new != old
    assert media_files() == [new]


def test_an_image_left_out_on_reimport_is_removed_with_its_file(
    tmp_path, django_capture_on_commit_callbacks
):
    import_file(write(tmp_path / "one", document()))
    with django_capture_on_commit_callbacks(execute=True):
        import_file(write(tmp_path / "two", document(article(image=None))))
    assert not FeaturedImage.objects.exists()
    assert media_files() == []


def test_reimport_replaces_authors_references_and_topics_to_match_the_file(tmp_path):
    import_file(write(tmp_path / "one", document()))
    changed = article(
        authors=[{"slug": "idmc", "name": "Observatory", "organisation": True}],
        references=[{"text": "Only this one."}],
        topics=["Climate"],
    )
    import_file(write(tmp_path / "two", document(changed)))
    piece = Article.objects.get()
    assert [(a.contributor.slug, a.role) for a in piece.authorships.all()] == [("idmc", "author")]
    assert [r.text for r in piece.references.all()] == ["Only this one."]
    assert [t.slug for t in piece.topics.all()] == ["climate"]
    assert Topic.objects.count() == 3  # topics themselves are kept


def test_a_language_left_out_of_published_is_unpublished(tmp_path):
    import_file(write(tmp_path / "one", document()))
    import_file(write(tmp_path / "two", document(article(published={"en": "2024-03-01"}))))
    piece = Article.objects.get()
    assert piece.published_languages() == ["en"]
    assert piece.published_at_es is None
    import_file(write(tmp_path / "three", document(article(published={}))))
    piece.refresh_from_db()
    assert piece.status == Article.Status.DRAFT


def test_a_new_publication_date_republishes_the_language_version(tmp_path):
    import_file(write(tmp_path / "one", document()))
    moved = article(published={"en": "2024-04-02T08:00:00+02:00", "es": "2030-01-01"})
    import_file(write(tmp_path / "two", document(moved)))
    piece = Article.objects.get()
    assert piece.published_at_en.isoformat() == "2024-04-02T06:00:00+00:00"
    assert not piece.is_published("es")  # scheduled for 2030
