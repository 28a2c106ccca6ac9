"""A bad document is refused with messages naming article and field, and changes nothing."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from articles.interchange import article_items
from articles.interchange.importer import import_file
from tests.factories import image_bytes, make_article
from tests.interchange.builders import article, document, dump, media_files, row_counts, write

pytestmark = pytest.mark.django_db

SECOND = 'articles[1] "second-piece"'


def huge_png() -> bytes:
    # 400 megapixels declared, a few kilobytes on disk: a decompression bomb.
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG")
    return out.getvalue()


def second(doc: dict) -> dict:
    return doc["articles"][1]


def unknown_series(doc, folder):
    second(doc)["series"] = "no-such-series"


def missing_title(doc, folder):
    del second(doc)["title"]


def not_an_image(doc, folder):
    (folder / "images" / "notes.jpg").write_text("Dear editor, ...")
    second(doc)["image"]["file"] = "images/notes.jpg"


def decompression_bomb(doc, folder):
    (folder / "images" / "bomb.png").write_bytes(huge_png())
    second(doc)["image"]["file"] = "images/bomb.png"


def parent_path(doc, folder):
    (folder.parent / "outside.jpg").write_bytes((folder / "images" / "hillside.jpg").read_bytes())
    second(doc)["image"]["file"] = "../outside.jpg"


def absolute_path(doc, folder):
    second(doc)["image"]["file"] = str((folder / "images" / "hillside.jpg").resolve())


def symbolic_link_out(doc, folder):
    (folder.parent / "outside.jpg").write_bytes((folder / "images" / "hillside.jpg").read_bytes())
    (folder / "images" / "link.jpg").symlink_to(folder.parent / "outside.jpg")
    second(doc)["image"]["file"] = "images/link.jpg"


def missing_file(doc, folder):
    second(doc)["image"]["file"] = "images/nope.jpg"


def unknown_language(doc, folder):
    second(doc)["title"]["fr"] = "Lacunes de protection"


def bad_article_licence(doc, folder):
    second(doc)["licence"] = "CC-BY-9.0"


def bad_image_licence(doc, folder):
    second(doc)["image"]["licence"] = "WTFPL"


def bad_orcid(doc, folder):
    second(doc)["authors"] = [{"slug": "bo", "family": "Bo", "orcid": "0000-0002-1825-0098"}]


def bad_csl(doc, folder):
    second(doc)["references"] = [
        {"text": "Fine."},
        {"type": "book", "title": "X", "URL": "ftp://x"},
    ]


def published_without_summary(doc, folder):
    second(doc)["summary"] = {"en": "Only English."}


def published_with_only_a_script(doc, folder):
    second(doc)["body"]["en"] = "<script>alert(1)</script>"


def no_alt_text(doc, folder):
    second(doc)["image"]["alt"] = {}


def keyword_with_comma(doc, folder):
    second(doc)["keywords"] = {"en": ["fine", "displacement, violence"]}


def duplicate_slug(doc, folder):
    second(doc)["slug"] = "protection-gaps"


def wrong_type(doc, folder):
    second(doc)["volume"] = "four"


def misspelt_field(doc, folder):
    second(doc)["sumary"] = {"en": "x"}


def newer_version(doc, folder):
    doc["version"] = 3


def conflicting_profiles(doc, folder):
    second(doc)["authors"][0]["bio"] = {"en": "Someone else entirely."}


def organisation_with_a_given_name(doc, folder):
    second(doc)["authors"] = [
        {"slug": "unit", "name": "Unit", "organisation": True, "given": "Ana"}
    ]


def volume_of_an_unknown_series(doc, folder):
    doc["volumes"].append({"series": "elsewhere", "number": 1})


def bad_published_date(doc, folder):
    second(doc)["published"] = {"en": "2024-02-30"}


CASES = {
    "an unknown series": (
        unknown_series,
        f'{SECOND}: series: no series "no-such-series" in the file or in the database',
    ),
    "a missing required field": (missing_title, f"{SECOND}: title: this field is required"),
    "a file that is not an image": (
        not_an_image,
        f"{SECOND}: image.file: the file is not a JPEG, PNG or WebP image.",
    ),
    "a decompression bomb": (
        decompression_bomb,
        f"{SECOND}: image.file: the image has more than 40 megapixels",
    ),
    "a path into the parent folder": (
        parent_path,
        f"{SECOND}: image.file: '../outside.jpg' must be a path inside the JSON file's folder",
    ),
    "an absolute path": (absolute_path, "must be a path inside the JSON file's folder"),
    "a symbolic link out of the folder": (
        symbolic_link_out,
        f"{SECOND}: image.file: 'images/link.jpg' must be a path inside",
    ),
    "a missing image file": (
        missing_file,
        f"{SECOND}: image.file: there is no file 'images/nope.jpg' beside the JSON file",
    ),
    "an unknown language": (
        unknown_language,
        f'{SECOND}: title.fr: "fr" is not a language of this site (settings.LANGUAGES: en, es)',
    ),
    "a bad article licence": (
        bad_article_licence,
        f"{SECOND}: licence: 'CC-BY-9.0' is not one of these licences: CC-BY-4.0,",
    ),
    "a bad image licence": (
        bad_image_licence,
        f"{SECOND}: image.licence: 'WTFPL' is not one of these licences",
    ),
    "a bad ORCID": (
        bad_orcid,
        f"{SECOND}: authors[0].orcid: 0000-0002-1825-0098 has a wrong check digit",
    ),
    "a bad CSL item": (
        bad_csl,
        f"{SECOND}: references[1]: reference URL 'ftp://x' must start with https://",
    ),
    "a published language without its summary": (
        published_without_summary,
        f"{SECOND}: summary.es: required because the es version is published",
    ),
    "a published body that sanitises to nothing": (
        published_with_only_a_script,
        f"{SECOND}: body.en: required because the en version is published",
    ),
    "an image without alt text": (
        no_alt_text,
        f"{SECOND}: image.alt.en: describe the image for readers who cannot see it",
    ),
    "a keyword with a comma": (
        keyword_with_comma,
        f"{SECOND}: keywords.en[1]: a keyword cannot contain a comma",
    ),
    "a duplicate slug": (
        duplicate_slug,
        'articles[1] "protection-gaps": appears twice in the file (also articles[0] '
        '"protection-gaps")',
    ),
    "a value of the wrong type": (
        wrong_type,
        f"{SECOND}: volume: should be an integer, not a string",
    ),
    "a misspelt field": (misspelt_field, f"{SECOND}: unknown field(s): sumary"),
    "a newer version of the format": (
        newer_version,
        "version: 3 is not one of: 1, 2",
    ),
    "two different profiles for one contributor": (
        conflicting_profiles,
        f'{SECOND}: authors[0].bio: differs from articles[0] "protection-gaps": authors[0].bio',
    ),
    "an organisation with a given name": (
        organisation_with_a_given_name,
        f"{SECOND}: authors[0].given: an organisation has a single name",
    ),
    "a volume of an unknown series": (
        volume_of_an_unknown_series,
        'volumes[1] "elsewhere 1": series: no series "elsewhere"',
    ),
    "a date that does not exist": (
        bad_published_date,
        f"{SECOND}: published.en: 2024-02-30 is not a real date",
    ),
}


def attempt(path: Path) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("import_articles", str(path))
    return str(caught.value)


@pytest.fixture
def existing_content():
    """Content already on the site, which a failed import must leave exactly as it was."""
    make_article(languages=("en", "es"))
    return row_counts(), dump(), media_files()


@pytest.mark.parametrize("mutate, expected", CASES.values(), ids=CASES.keys())
def test_a_bad_document_is_refused_and_leaves_nothing_behind(
    tmp_path, existing_content, mutate, expected
):
    folder = tmp_path / "doc"
    doc = document(article(), article("second-piece"))
    write(folder, doc)
    mutate(doc, folder)
    path = write(folder, doc, images={})
    message = attempt(path)
    assert expected in message
    assert "nothing was imported" in message.splitlines()[0]
    assert (row_counts(), dump(), media_files()) == existing_content


def test_a_json_syntax_error_names_its_line_and_column(tmp_path, existing_content):
    path = write(tmp_path / "doc", '{\n  "series": [],\n  "articles": [,]\n}')
    message = attempt(path)
    assert "not valid JSON: Expecting value at line 3, column 16" in message
    assert (row_counts(), dump(), media_files()) == existing_content


def test_a_missing_file_is_named(tmp_path):
    assert f"{tmp_path / 'nope.json'}: no such file" in attempt(tmp_path / "nope.json")


def test_every_problem_in_the_file_is_reported_in_one_pass(tmp_path, existing_content):
    folder = tmp_path / "doc"
    doc = document(article(), article("second-piece"), article("third-piece"))
    write(folder, doc)
    unknown_language(doc, folder)
    bad_article_licence(doc, folder)
    not_an_image(doc, folder)
    doc["articles"][2]["series"] = "nowhere"
    doc["articles"][2]["keywords"] = {"es": ["a, b"]}
    message = attempt(write(folder, doc, images={}))
    assert message.splitlines()[0].endswith("has 5 errors; nothing was imported.")
    for fragment in (
        f"{SECOND}: title.fr:",
        f"{SECOND}: licence:",
        f"{SECOND}: image.file:",
        'articles[2] "third-piece": series: no series "nowhere"',
        'articles[2] "third-piece": keywords.es[0]: a keyword cannot contain a comma',
    ):
        assert fragment in message
    assert (row_counts(), dump(), media_files()) == existing_content


def test_every_schema_problem_is_reported_before_anything_is_checked(tmp_path):
    doc = document(article(), article("second-piece"))
    doc["articles"][0]["position"] = -1
    doc["articles"][1]["authors"][0]["role"] = "editor"
    del doc["series"][0]["title"]
    message = attempt(write(tmp_path / "doc", json.dumps(doc)))
    assert 'series[0] "protection-briefs": title: this field is required' in message
    assert 'articles[0] "protection-gaps": position: must be at least 0' not in message
    assert "position" in message
    assert f'{SECOND}: authors[0].role: "editor" is not one of: "author", "translator"' in message


def all_paths(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []


def test_a_failed_import_into_an_empty_site_leaves_no_files_or_folders(tmp_path, settings):
    doc = document(article(), article("second-piece", licence="nope"))
    attempt(write(tmp_path / "doc", doc))
    assert all_paths(Path(settings.MEDIA_ROOT)) == []
    assert not Path(settings.MEDIA_ROOT).exists()


def test_a_failed_import_keeps_the_image_it_would_have_replaced(
    tmp_path, django_capture_on_commit_callbacks
):
    import_file(write(tmp_path / "one", document()))
    before = (row_counts(), dump(), media_files())
    doc = document(article(), article("second-piece", licence="nope"))
    other = {"images/hillside.jpg": image_bytes("JPEG", color=(10, 200, 30))}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        attempt(write(tmp_path / "two", doc, images=other))
    assert callbacks == []
    assert (row_counts(), dump(), media_files()) == before


def test_an_unexpected_failure_also_removes_the_files_written(tmp_path, monkeypatch):
    def broken(article, language, at=None, **options):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(article_items, "publish_language", broken)
    with pytest.raises(RuntimeError):
        import_file(write(tmp_path / "doc", document()))
    assert media_files() == []
    assert row_counts()["articles.Article"] == 0
