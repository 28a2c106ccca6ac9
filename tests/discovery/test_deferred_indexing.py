"""A bulk write indexes each piece once, when its block ends, instead of after every save."""

import pytest

from articles.models import SearchDocument
from articles.search.index import indexing_deferred
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_a_piece_written_inside_the_block_is_indexed_once_when_it_ends(monkeypatch):
    written: list[list[int]] = []
    real = SearchDocument.objects.bulk_create

    def counting(documents, *args, **kwargs):
        written.append(sorted(d.article_id for d in documents))
        return real(documents, *args, **kwargs)

    monkeypatch.setattr(SearchDocument.objects, "bulk_create", counting)
    with indexing_deferred():
        piece = make_article(title_en="Crossing the line")
        piece.title_en = "Crossing the border"
        piece.save()
        assert written == []
    assert written == [[piece.pk]]
    assert "Crossing the border" in SearchDocument.objects.get(article=piece).heading


def test_a_block_that_fails_indexes_nothing():
    with pytest.raises(RuntimeError), indexing_deferred():
        piece = make_article(title_en="Never indexed")
        raise RuntimeError
    assert not SearchDocument.objects.filter(article=piece).exists()


def test_outside_the_block_each_save_indexes_at_once():
    piece = make_article(title_en="At once")
    assert "At once" in SearchDocument.objects.get(article=piece).heading
