"""References carry their key (`id`) and further-reading flag, and citations follow them."""

import json

import pytest

from articles.interchange.common import InterchangeError
from articles.interchange.exporter import export_to
from articles.interchange.importer import import_file
from articles.models import Article
from tests.interchange.builders import article, document, write

pytestmark = pytest.mark.django_db

BOOK = {"type": "book", "title": "Fleeing the Gangs", "author": [{"family": "Varga"}]}
CITING = (
    '<p>Text.<span data-note="">See <cite data-ref="varga-2019" data-label="page" '
    'data-locator="4"></cite>.</span></p>'
)


def test_keys_and_further_reading_travel_through_export_and_import(tmp_path):
    references = [
        {**BOOK, "id": "varga-2019"},
        {"text": "UN Guiding Principles (1998).", "id": "principles", "further_reading": True},
    ]
    body = {"en": CITING, "es": "<p>El cuerpo.</p>"}
    import_file(write(tmp_path / "doc", document(article(body=body, references=references))))
    piece = Article.objects.get()
    assert [(r.key, r.further_reading) for r in piece.references.all()] == [
        ("varga-2019", False),
        ("principles", True),
    ]
    assert piece.body_en == CITING
    export_to(tmp_path / "out.json")
    exported = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert exported["articles"][0]["references"] == references


def test_an_entry_without_an_id_gets_a_key_of_its_own(tmp_path):
    references = [BOOK, {**BOOK, "title": "Another"}]
    import_file(write(tmp_path / "doc", document(article(references=references))))
    keys = [r.key for r in Article.objects.get().references.all()]
    assert len(set(keys)) == 2 and all(keys)


def test_a_body_citing_a_key_no_reference_has_is_refused(tmp_path):
    body = {"en": CITING, "es": "<p>El cuerpo.</p>"}
    path = write(tmp_path / "doc", document(article(body=body, references=[BOOK])))
    with pytest.raises(InterchangeError) as raised:
        import_file(path)
    assert "the text cites 'varga-2019'" in str(raised.value)
    assert not Article.objects.exists()


def test_two_entries_with_one_key_are_refused(tmp_path):
    references = [{**BOOK, "id": "same"}, {"text": "Other.", "id": "same"}]
    path = write(tmp_path / "doc", document(article(references=references)))
    with pytest.raises(InterchangeError) as raised:
        import_file(path)
    assert "two references have the key 'same'" in str(raised.value)
