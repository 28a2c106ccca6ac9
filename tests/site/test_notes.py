"""Authors' notes on the reading page: numbered calls where the note was written, the
notes listed after the body with a way back, sidenotes beside the text on wide screens."""

import pytest
from lxml import html as lxml_html

from articles.models import Article
from pages.models import Page
from tests.factories import make_article
from tests.site.test_query_counts import EXPECTED

pytestmark = pytest.mark.django_db


def note(text: str) -> str:
    return f'<span data-note="">{text}</span>'


BODY_EN = (
    "<h2>Where the law falls short</h2>"
    f"<p>Families flee{note('First, on <em>flight</em>.')} one by one.</p>"
    "<h2>Counting</h2>"
    f"<p>Nobody counts them{note('See <a href="https://example.org/count">the count</a>.')}"
    f" and nobody asks{note('Third.')}.</p>"
    "<h2>What to do</h2><p>Listen.</p>"
)
BODY_ES = f"<p>Las familias huyen{note('Primera nota.')}.</p>"


@pytest.fixture
def piece():
    article = make_article(languages=("en", "es"), slug="notes")
    # Stored as the sanitiser keeps notes, whatever the sanitiser of the day does on save.
    Article.objects.filter(pk=article.pk).update(body_en=BODY_EN, body_es=BODY_ES)
    return article


def page_tree(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


def test_calls_are_numbered_in_order_and_link_to_their_notes(client, piece):
    tree = page_tree(client, "/en/articles/notes/")
    calls = tree.cssselect(".article__body sup.note-call > a")
    assert [a.text for a in calls] == ["1", "2", "3"]
    for n, call in enumerate(calls, start=1):
        assert call.get("role") == "doc-noteref"
        assert call.get("aria-label") == f"Note {n}"
        assert call.get("id") == f"note-call-{n}"
        target = tree.get_element_by_id(call.get("href").removeprefix("#"))
        assert target.tag == "li"
        back = target.cssselect("a[role=doc-backlink]")
        assert len(back) == 1
        assert back[0].get("href") == f"#note-call-{n}"
        assert back[0].get("aria-label") == f"Back to note {n} in the text"


def test_the_notes_come_after_the_body_as_a_labelled_list(client, piece):
    tree = page_tree(client, "/en/articles/notes/")
    section = tree.cssselect("section.notes")[0]
    assert section.get("role") == "doc-endnotes"
    heading = tree.get_element_by_id(section.get("aria-labelledby"))
    assert heading.text == "Notes"
    items = section.cssselect("ol > li")
    assert [" ".join(li.text_content().split()) for li in items] == [
        "First, on flight. \u21a9\ufe0e",
        "See the count. \u21a9\ufe0e",
        "Third. \u21a9\ufe0e",
    ]
    assert items[0].cssselect("em")[0].text == "flight"
    assert items[1].cssselect("a")[0].get("href") == "https://example.org/count"
    # After the body, before the bibliography.
    order = [
        el.get("class") for el in tree.cssselect(".article__body, .notes, .article__bibliography")
    ]
    assert order == ["article__body prose", "notes", "article__bibliography"]


def test_sidenotes_repeat_each_note_hidden_from_screen_readers(client, piece):
    tree = page_tree(client, "/en/articles/notes/")
    sidenotes = tree.cssselect(".article__body .sidenote")
    assert len(sidenotes) == 3
    assert all(side.get("aria-hidden") == "true" for side in sidenotes)
    # Nothing hidden from assistive technology may take the keyboard focus.
    assert [a.get("tabindex") for a in sidenotes[1].cssselect("a")] == ["-1"]
    assert not any(side.get("id") for side in sidenotes)


def test_the_spanish_page_numbers_and_labels_its_own_notes(client, piece):
    tree = page_tree(client, "/es/articles/notes/")
    call = tree.cssselect(".article__body sup.note-call > a")
    assert [(a.text, a.get("aria-label")) for a in call] == [("1", "Nota 1")]
    section = tree.cssselect("section.notes")[0]
    assert section.cssselect("h2")[0].text == "Notas"
    back = section.cssselect("a[role=doc-backlink]")[0]
    assert back.get("aria-label") == "Volver a la nota 1 en el texto"


def test_the_contents_name_headings_without_their_notes(client, piece):
    Article.objects.filter(pk=piece.pk).update(
        body_en=BODY_EN.replace("Counting</h2>", f"Counting{note('Heading note.')}</h2>")
    )
    tree = page_tree(client, "/en/articles/notes/")
    contents = [a.text for a in tree.cssselect("nav.contents a")]
    assert contents == ["Where the law falls short", "Counting", "What to do"]
    counting = tree.get_element_by_id(tree.cssselect("nav.contents a")[1].get("href")[1:])
    assert counting.cssselect("sup.note-call a")[0].text == "2"


def test_a_page_without_notes_has_no_notes_section(client):
    make_article(slug="plain")
    tree = page_tree(client, "/en/articles/plain/")
    assert not tree.cssselect("section.notes, sup.note-call")


HOSTILE = (
    "<p>Text"
    '<span data-note="">&lt;script&gt;alert(1)&lt;/script&gt; &amp;lt;b&amp;gt; '
    '<a href="https://example.org/?a=1&amp;b=&quot;2&quot;">x</a></span>.</p>'
)


def test_a_note_never_turns_escaped_text_into_markup(client):
    article = make_article(slug="hostile")
    Article.objects.filter(pk=article.pk).update(body_en=HOSTILE)
    content = client.get("/en/articles/hostile/").content.decode()
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;lt;b&amp;gt;" in content
    tree = lxml_html.fromstring(content)
    item = tree.get_element_by_id("note-1")
    assert item.cssselect("a")[0].get("href") == 'https://example.org/?a=1&b="2"'
    assert not tree.cssselect(".notes script, .article__body script")


def test_an_editors_page_renders_its_notes(client):
    Page.objects.create(slug="about", title_en="About", body_en="<p>Hi</p>")
    Page.objects.filter(slug="about").update(body_en=f"<p>We publish{note('Since 2020.')}.</p>")
    tree = page_tree(client, "/en/pages/about/")
    assert [a.text for a in tree.cssselect(".prose sup.note-call a")] == ["1"]
    assert tree.get_element_by_id("note-1").text_content().startswith("Since 2020.")


def test_notes_cost_the_article_page_no_query(client, django_assert_num_queries, piece):
    with django_assert_num_queries(EXPECTED["article"]):
        assert client.get("/en/articles/notes/").status_code == 200
