"""The article page's reading aids: time to read, contents, neighbours, related, sharing."""

import re

import pytest

from articles.site.reading_aids import reading_minutes, share_links, with_heading_ids
from tests.factories import make_article, make_series, make_topic, make_volume

pytestmark = pytest.mark.django_db

LONG_BODY = (
    "<h2>Introduction</h2><p>" + "word " * 700 + "</p>"
    '<h2 id="body-law">The law</h2><p>Text.</p>'
    "<h2>Introduction</h2><p>Again.</p>"
)


def test_reading_time_counts_words_at_about_230_a_minute():
    assert reading_minutes("") == 1
    assert reading_minutes("<p>" + "word " * 231 + "</p>") == 2


def test_headings_get_ids_that_are_unique_and_keep_the_ones_they_had():
    body, headings = with_heading_ids(LONG_BODY)
    assert [h.id for h in headings] == ["body-introduction", "body-law", "body-introduction-2"]
    assert '<h2 id="body-introduction">Introduction</h2>' in body
    assert body.count('id="body-law"') == 1


def test_heading_ids_never_carry_markup_from_the_text():
    body, headings = with_heading_ids('<h2>&lt;script&gt;"x" <em>y</em></h2>')
    assert headings[0].id == "body-scriptx-y"
    assert "<script" not in body


def test_a_long_piece_has_a_table_of_contents_linking_to_its_sections(client):
    article = make_article(body_en=LONG_BODY)
    page = client.get(f"/en/articles/{article.slug}/").content.decode()
    assert 'aria-labelledby="contents-heading"' in page
    assert '<a href="#body-introduction">Introduction</a>' in page
    # Stored bodies carry no ids (the sanitiser drops them): every anchor comes from the text.
    assert '<a href="#body-the-law">The law</a>' in page
    assert "4 minutes read" in page


def test_a_short_piece_has_no_table_of_contents(client):
    article = make_article(body_en="<h2>One</h2><p>Short.</p>")
    page = client.get(f"/en/articles/{article.slug}/").content.decode()
    assert "contents-heading" not in page
    assert "1 minute read" in page


def test_the_page_links_the_previous_and_next_readable_volumes(client):
    series = make_series()
    first, _empty, third, fourth = (make_volume(series, number=n) for n in (1, 2, 3, 4))
    make_article(first)
    piece = make_article(third)
    make_article(fourth)
    page = client.get(f"/en/articles/{piece.slug}/").content.decode()
    assert re.search(rf'href="{first.get_absolute_url()}" rel="prev"', page)
    assert re.search(rf'href="{fourth.get_absolute_url()}" rel="next"', page)
    assert "/2/" not in re.sub(r"\d{4}/\d\d?/\d\d?", "", page.split('class="volume-nav"')[1])


def test_related_pieces_share_topics_and_the_most_shared_come_first(client):
    law, idps, other = make_topic(), make_topic(), make_topic()
    piece = make_article(topics=0)
    piece.topics.add(law, idps)
    close = make_article(topics=0)
    close.topics.add(law, idps)
    far = make_article(topics=0)
    far.topics.add(law)
    unrelated = make_article(topics=0)
    unrelated.topics.add(other)
    page = client.get(f"/en/articles/{piece.slug}/").content.decode()
    related = page.split('id="related-heading"')[1]
    assert related.index(close.title) < related.index(far.title)
    assert unrelated.title not in related


def test_share_links_are_plain_links_without_trackers():
    links = share_links("https://example.org/en/articles/a/", "A & B")
    assert [link["name"] for link in links][1:] == ["Mastodon", "Bluesky", "LinkedIn"]
    for link in links:
        assert "utm_" not in link["url"]
        assert "example.org%2Fen%2Farticles%2Fa%2F" in link["url"]
    assert links[0]["url"].startswith("mailto:?subject=A%20%26%20B")


def test_the_article_page_shows_share_links_in_both_languages(client):
    article = make_article(languages=("en", "es"))
    for lang, heading in (("en", "Share"), ("es", "Compartir")):
        page = client.get(f"/{lang}/articles/{article.slug}/").content.decode()
        assert f'<h2 id="share-heading">{heading}</h2>' in page
        assert "https://bsky.app/intent/compose?text=" in page
