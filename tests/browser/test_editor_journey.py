"""An editor's whole task in Chromium: a new piece written in the admin's editor (blocks,
marks, a link, notes added out of order, a figure, a section pasted from Word), published
from the article list, then read on the public page and in its PDF; and hostile pasted
markup kept out of the stored body, the page and the PDF."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model

from articles.models import Article, BodyFigure
from tests.browser.editing import (
    AT_THE_END,
    DANGERS,
    add_note,
    click_after,
    download_pdf,
    no_violations_before_leaving,
    page_holding,
    paste,
    pdf_images,
    pdf_links,
    pdf_pages,
    select_by_dragging,
    toolbar,
    watch_dialogs,
)
from tests.browser.test_csp import violations
from tests.browser.test_editor import ENGLISH, PASSWORD, open_editors, signed_in
from tests.factories import image_bytes, make_article, make_series, make_volume

pytestmark = pytest.mark.django_db(transaction=True)

FIXTURES = Path(django_settings.BASE_DIR) / "tests/fixtures/paste"
WORD, GOOGLE_DOCS = FIXTURES / "word.html", FIXTURES / "google-docs.html"

NOTES = {
    "A": "Alpha note: see Varga, 2019.",
    "B": "Beta note, added last between the others.",
    "C": "Gamma note: the report of 2021.",
}
# The Word fixture's notes, in its document order, and the text just before each call.
WORD_NOTES = [
    ("Guiding Principles on Internal Displacement", "is not a new problem"),
    ("Adopted in 2009", "binding in Africa"),
    ("An endnote with", "in full."),
]
# The address's fragment points at this element, and it has been scrolled into view
# (smoothly, where the reader has not asked for reduced motion).
TARGETED = """(id) => {
  const target = document.querySelector(":target");
  const box = target?.getBoundingClientRect();
  return target?.id === id && box.top >= 0 && box.bottom <= window.innerHeight;
}"""
CREDIT = ("Camp map", "Ana Ruiz", "2023", "CC BY 4.0")
SOURCE = "https://example.org/maps/camps"


@pytest.fixture
def site(live_server, settings) -> str:
    settings.SITE_URL = live_server.url
    get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)
    return live_server.url


def write_the_body(page) -> None:
    """Types the piece in the English body editor as a person does, from an empty field."""
    keyboard = page.keyboard
    page.locator(f"{ENGLISH} .ProseMirror").click()
    keyboard.type("Families leave one district after another when the roads close.")
    keyboard.press("Enter")
    toolbar(page, "heading2").click()
    keyboard.type("Where the law falls short")
    keyboard.press("Enter")
    toolbar(page, "bulletList").click()
    keyboard.type("Count those who move")
    keyboard.press("Enter")
    keyboard.type("Protect those who stay")
    keyboard.press("Enter")
    keyboard.press("Enter")  # an empty item ends the list
    keyboard.type("Read the guidance note today.")
    select_by_dragging(page, "guidance note")
    keyboard.press("Control+k")
    dialog = page.locator("dialog.prose-editor-dialog")
    dialog.locator("input").fill("https://example.org/guidance")
    dialog.locator("button[type=submit]").click()
    dialog.wait_for(state="detached")
    keyboard.press("Control+End")
    page.wait_for_function(AT_THE_END)
    keyboard.press("Enter")
    keyboard.type("It is ")
    keyboard.press("Control+b")
    keyboard.type("plainly bold")
    keyboard.press("Control+b")
    keyboard.type(" and ")
    keyboard.press("Control+i")
    keyboard.type("quietly italic")
    keyboard.press("Control+i")
    keyboard.type(".")
    keyboard.press("Enter")
    toolbar(page, "blockquote").click()
    keyboard.type("Article six protects every person who flees.")
    keyboard.press("Enter")
    keyboard.press("Enter")  # an empty paragraph leaves the quotation
    # Notes A and C first, then B between them.
    keyboard.type("The first claim stands.")
    add_note(page, NOTES["A"])
    keyboard.type(" The middle claim holds.")
    keyboard.type(" The last claim follows.")
    add_note(page, NOTES["C"])
    click_after(page, "The middle claim holds.")
    add_note(page, NOTES["B"])
    # The figure, after the first paragraph, chosen from the figures on the form.
    click_after(page, "when the roads close.")
    toolbar(page, "bodyFigure").click()
    dialog.locator("select").select_option(label="1 — Camps along the river in 2023")
    dialog.locator("button[type=submit]").click()
    dialog.wait_for(state="detached")
    # A section copied from Word, pasted at the end.
    page.locator(f"{ENGLISH} .ProseMirror").click()
    keyboard.press("Control+End")
    page.wait_for_function(AT_THE_END)
    keyboard.press("Enter")
    paste(page, WORD.read_text(encoding="utf-8"))


def add_the_figure(page, picture: Path) -> None:
    page.locator("#figures-group .add-row a").click()
    fields = {
        "number": "1",
        "alt_en": "A map of the camps along the river",
        "caption_en": "Camps along the river in 2023",
        "title": CREDIT[0],
        "creator": CREDIT[1],
        "year": CREDIT[2],
        "source_url": SOURCE,
    }
    for name, value in fields.items():
        page.locator(f"#id_figures-0-{name}").fill(value)
    page.locator("#id_figures-0-licence").select_option("CC-BY-4.0")
    page.locator("#id_figures-0-file").set_input_files(str(picture))


def test_an_editor_writes_a_piece_with_notes_and_a_figure_and_publishes_it(
    browser, site, tmp_path
):
    base = site
    volume = make_volume(make_series(title_en="Displacement Briefs"), title_en="Violence")
    picture = tmp_path / "camps.png"
    picture.write_bytes(image_bytes("PNG", size=(400, 260), color=(30, 90, 150)))
    page = signed_in(browser.new_context(viewport={"width": 1280, "height": 900}), base)
    dialogs = watch_dialogs(page)
    no_violations_before_leaving(page)
    open_editors(page, f"{base}/admin/articles/article/add/")
    page.locator("#id_title_en").fill("Roads that close")
    page.locator("#id_volume").select_option(str(volume.pk))
    page.locator("#id_summary_en").fill("How families leave when the roads close.")
    add_the_figure(page, picture)
    write_the_body(page)
    no_violations_before_leaving(page)
    page.locator("input[name=_continue]").click()
    page.locator(".messagelist .success").wait_for()

    article = Article.all_objects.get()
    body = article.body_en
    assert body.startswith(
        "<p>Families leave one district after another when the roads close.</p>"
        '<figure data-figure="1"></figure><h2>Where the law falls short</h2>'
        "<ul><li><p>Count those who move</p></li><li><p>Protect those who stay</p></li></ul>"
        '<p>Read the <a href="https://example.org/guidance">guidance note</a> today.</p>'
        "<p>It is <strong>plainly bold</strong> and <em>quietly italic</em>.</p>"
        "<blockquote><p>Article six protects every person who flees.</p></blockquote>"
        f'<p>The first claim stands.<span data-note="">{NOTES["A"]}</span>'
        f' The middle claim holds.<span data-note="">{NOTES["B"]}</span>'
        f' The last claim follows.<span data-note="">{NOTES["C"]}</span></p>'
    ), body
    # The Word section as cleanPastedHTML gives it: its note keeps its own link.
    assert (
        "<h2>Displacement and the law</h2><p>Internal displacement is <strong>not</strong> a"
    ) in body
    assert (
        '<span data-note="">Adopted in 2009; text at <a href="https://au.int/en/treaties/'
        'kampala-convention">au.int</a>.<br>In force since 2012.</span>'
    ) in body
    figure = BodyFigure.objects.get(article=article)
    assert (figure.number, figure.width, figure.licence) == (1, 400, "CC-BY-4.0")

    # Published from the article list, as the form's "Publication" section says.
    no_violations_before_leaving(page)
    page.goto(f"{base}/admin/articles/article/")
    page.locator(f"input[name=_selected_action][value='{article.pk}']").check()
    page.locator("select[name=action]").select_option("publish_en")
    page.locator("button[name=index]").click()
    page.locator(".messagelist .success").wait_for()
    article.refresh_from_db()
    assert article.is_published("en"), article.status

    no_violations_before_leaving(page)
    page.goto(f"{base}{article.get_absolute_url()}")
    text = page.locator(".article__body")
    assert text.locator("p").first.inner_text().startswith("Families leave one district")
    assert text.locator("h2").all_inner_texts()[:3] == [
        "Where the law falls short",
        "Displacement and the law",
        "What states must do",
    ]
    assert text.locator("ul > li").all_inner_texts()[:2] == [
        "Count those who move",
        "Protect those who stay",
    ]
    assert text.locator("a[href='https://example.org/guidance']").inner_text() == "guidance note"
    assert text.locator("strong", has_text="plainly bold").count() == 1
    assert text.locator("em", has_text="quietly italic").count() == 1
    assert "Article six protects" in text.locator("blockquote").inner_text()
    assert text.locator("ol > li").all_inner_texts()[:2] == [
        "Adopt a national law",
        "Fund the focal point",
    ]
    assert text.locator("strong", has_text="not").count() == 1
    assert text.locator("em", has_text="Kampala Convention").count() == 1

    calls = page.locator(".article__body a[role=doc-noteref]")
    assert calls.all_inner_texts() == [str(n) for n in range(1, 7)]
    listed = page.locator("[role=doc-endnotes] li")
    assert listed.count() == 6
    expected = [NOTES["A"], NOTES["B"], NOTES["C"]] + [note for note, _call in WORD_NOTES]
    for number, words in enumerate(expected, start=1):
        note = page.locator(f"#note-{number}")
        assert words in note.inner_text(), (number, note.inner_text())
        if number == 5:
            link = note.locator("a[href='https://au.int/en/treaties/kampala-convention']")
            assert link.inner_text() == "au.int"
        assert calls.nth(number - 1).get_attribute("href") == f"#note-{number}"
        back = note.locator("a[role=doc-backlink]")
        assert back.get_attribute("href") == f"#note-call-{number}"
    # A call takes the reader to its note, the back-link back to the call, on screen.
    page.locator("#note-call-2").click()
    assert page.url.endswith("#note-2")
    page.wait_for_function(TARGETED, arg="note-2", timeout=5000)
    page.locator("#note-2 a[role=doc-backlink]").click()
    assert page.url.endswith("#note-call-2")
    page.wait_for_function(TARGETED, arg="note-call-2", timeout=5000)

    shown = page.locator(".article__body figure.body-figure")
    assert shown.locator("img").get_attribute("alt") == "A map of the camps along the river"
    shown.scroll_into_view_if_needed()
    page.wait_for_function(
        "document.querySelector('.body-figure img').naturalWidth > 0", timeout=10_000
    )
    assert "Camps along the river in 2023" in shown.locator("figcaption").inner_text()
    credit = shown.locator(".credit")
    assert all(part in credit.inner_text() for part in CREDIT), credit.inner_text()
    assert credit.locator(f"a[href='{SOURCE}']").inner_text() == "Camp map"

    data = download_pdf(page, base)
    pages = pdf_pages(data)
    calls_in_pdf = {
        NOTES["A"]: "The first claim stands.",
        NOTES["B"]: "The middle claim holds.",
        NOTES["C"]: "The last claim follows.",
        **dict(WORD_NOTES),
    }
    for note, sentence in calls_in_pdf.items():
        assert page_holding(pages, note) == page_holding(pages, sentence), note
    # The figure's picture is drawn on the page that prints its full credit.
    credit_page = page_holding(pages, f"Camp map by Ana Ruiz, 2023, CC BY 4.0. Source: {SOURCE}")
    assert pdf_images(data)[credit_page] >= 1
    assert violations(page) == []
    assert dialogs == []


HOSTILE = (
    "<p>SAFEONE before<script>alert(1)</script> after.</p>"
    '<p>SAFETWO <img src="data:image/png;base64,iVBORw0KGgo=" onerror="alert(2)"> picture.</p>'
    '<p>SAFETHREE <a href="javascript:alert(3)">click me</a> and'
    ' <a href=" JaVa\tScRiPt:alert(4)">spaced</a>.</p>'
    '<p onclick="alert(5)" onmouseover="alert(6)" style="background:url(javascript:alert(7))">'
    'SAFEFOUR <span style="font-weight:bold" onclick="alert(8)">handled</span></p>'
    '<iframe src="javascript:alert(9)"></iframe><iframe srcdoc="<script>alert(10)</script>">'
    "</iframe>"
    '<p>SAFEFIVE<svg onload="alert(11)"><circle r="1"/></svg> shape.</p>'
    '<p>SAFESIX <a href="data:text/html,&lt;script&gt;alert(12)&lt;/script&gt;">data link</a>.</p>'
    # Pandoc's footnotes, with a script link in the note.
    '<p>Pandoc claim SAFESEVEN<a href="#fn1" class="footnote-ref" id="fnref1"'
    ' role="doc-noteref"><sup>1</sup></a> ends.</p>'
    '<section id="footnotes" class="footnotes footnotes-end-of-document" role="doc-endnotes">'
    '<hr /><ol><li id="fn1"><p>SAFENOTE <a href="javascript:alert(13)">bad link</a> and'
    ' <a href="https://example.org/good">good link</a>.<a href="#fnref1" class="footnote-back"'
    ' role="doc-backlink">↩︎</a></p></li></ol></section>'
)
SAFE = ["SAFEONE", "SAFETWO", "SAFETHREE", "click me", "spaced", "SAFEFOUR", "handled"]
SAFE += ["SAFEFIVE", "SAFESIX", "data link", "SAFESEVEN", "SAFENOTE", "bad link", "good link"]
FORBIDDEN = re.compile(r"<script|<iframe|<svg|<img|\son\w+\s*=|javascript:|data:|style=", re.I)


def test_hostile_markup_pasted_into_the_editor_stays_out_of_the_page_and_the_pdf(browser, site):
    base = site
    article = make_article(body_en="<p>The piece begins.</p>", slug="pasted")
    page = signed_in(browser.new_context(), base)
    dialogs = watch_dialogs(page)
    open_editors(page, f"{base}/admin/articles/article/{article.pk}/change/")
    page.locator(f"{ENGLISH} .ProseMirror").click()
    page.keyboard.press("Control+End")
    page.wait_for_function(AT_THE_END)
    page.keyboard.press("Enter")
    paste(page, HOSTILE)
    no_violations_before_leaving(page)
    page.locator("input[name=_continue]").click()
    page.locator(".messagelist .success").wait_for()

    article.refresh_from_db()
    stored = article.body_en
    assert FORBIDDEN.findall(stored) == [], stored
    assert [word for word in SAFE if word not in stored] == [], stored
    assert '<a href="https://example.org/good">good link</a>' in stored
    assert stored.count("<span data-note=") == 1

    no_violations_before_leaving(page)
    page.goto(f"{base}{article.get_absolute_url()}")
    shown = page.evaluate(DANGERS)
    assert shown["found"] == []
    assert [word for word in SAFE if word not in shown["text"]] == []
    # Hovering and clicking where the handlers were sets nothing off.
    page.get_by_text("SAFEFOUR").hover()
    page.get_by_text("handled").first.click()

    data = download_pdf(page, base)
    text = " ".join(pdf_pages(data))
    assert [word for word in SAFE if word not in text] == [], text
    assert "alert(" not in text
    links = pdf_links(data)
    assert "https://example.org/good" in links
    assert [
        link for link in links if re.match(r"\s*(javascript|data|vbscript):", link, re.I)
    ] == []
    assert violations(page) == []
    assert dialogs == []


def test_bold_italic_and_raised_text_pasted_from_google_docs_survive_the_admins_policy(
    browser, site
):
    # Google Docs says bold, italic, superscript and subscript only in style attributes,
    # which the admin's policy never applies: they must be read as text, not through CSS.
    article = make_article(body_en="", published=())
    page = signed_in(browser.new_context(), site)
    open_editors(page, f"{site}/admin/articles/article/{article.pk}/change/")
    page.locator(f"{ENGLISH} .ProseMirror").click()
    paste(page, GOOGLE_DOCS.read_text(encoding="utf-8"))
    seen = violations(page)
    page.locator("input[name=_continue]").click()
    page.locator(".messagelist .success").wait_for()
    article.refresh_from_db()
    for marked in (
        "<strong>not</strong>",
        "<em>Kampala Convention</em>",
        "<em>Guiding Principles on Internal Displacement</em>",
        "H<sub>2</sub>O",
        "21<sup>st</sup>",
        "An endnote with <strong>bold</strong> text.",
    ):
        assert marked in article.body_en, (marked, article.body_en)
    assert seen == []
    assert violations(page) == []
