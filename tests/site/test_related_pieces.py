"""Related pieces are ranked on the topics table first; unpublished candidates never hide
the published pieces behind them (articles.site.reading_aids.related_pieces)."""

import pytest

from articles.site import reading_aids
from articles.site.reading_aids import related_pieces
from tests.factories import make_article, make_topic

pytestmark = pytest.mark.django_db


def test_published_pieces_behind_unpublished_candidates_are_still_found(monkeypatch):
    monkeypatch.setattr(reading_aids, "CANDIDATES", 2)
    first, second = make_topic(), make_topic()
    piece = make_article(topics=0)
    piece.topics.add(first, second)
    # Two drafts share both topics, so they fill the (shrunk) pool of best candidates.
    for _ in range(2):
        make_article(topics=0, published=()).topics.add(first, second)
    shares_one = make_article(topics=0)
    shares_one.topics.add(first)
    assert related_pieces(piece) == [shares_one]


def test_the_best_ranked_published_pieces_come_first_newest_first_on_ties(monkeypatch):
    monkeypatch.setattr(reading_aids, "CANDIDATES", 3)
    topics = [make_topic() for _ in range(3)]
    piece = make_article(topics=0)
    piece.topics.add(*topics)
    older_two, newer_two, three = (make_article(topics=0) for _ in range(3))
    older_two.topics.add(*topics[:2])
    newer_two.topics.add(*topics[1:])
    three.topics.add(*topics)
    make_article(topics=0).topics.add(topics[0])
    assert related_pieces(piece) == [three, newer_two, older_two]
