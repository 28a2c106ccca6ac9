"""cleanPastedHTML (static/js/editor/paste.js) in a real Chromium: what Word, LibreOffice
Writer and Google Docs put on the clipboard (tests/fixtures/paste/, README there) comes
out as the stored markup's headings, lists, marks, links and notes, without the junk.
The module is served to a blank page by Playwright itself, so no server or database is
involved; the editor that calls the function is tested elsewhere."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from tests.browser.conftest import ARGS, CHROMIUM

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "paste"
ORIGIN = "http://paste.test"

# Everything the assertions need, read from the DOM of the function's output (parsed in
# an inert <template>, so nothing in it can run even if it were left in).
SUMMARY = """async (html) => {
  const { cleanPastedHTML } = await import("/static/js/editor/paste.js");
  const output = cleanPastedHTML(html);
  const template = document.createElement("template");
  template.innerHTML = output;
  const root = template.content;
  const outside = (selector) =>
    [...root.querySelectorAll(selector)].filter((e) => !e.closest("[data-note]"));
  const withoutNotes = (element) => {
    const copy = element.cloneNode(true);
    copy.querySelectorAll("[data-note]").forEach((note) => note.replaceWith("*"));
    return copy.textContent;
  };
  const list = (element) => [
    element.localName,
    [...element.children].map((item) => [
      [...item.children].filter((c) => c.localName === "p").map((p) => p.textContent).join("|"),
      [...item.children].filter((c) => c.localName === "ul" || c.localName === "ol").map(list),
      [...item.children].map((c) => c.localName),
    ]),
  ];
  const all = [...root.querySelectorAll("*")];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_COMMENT);
  return {
    output,
    top: [...root.childNodes].map((n) => n.nodeName.toLowerCase()),
    headings: [...root.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) => [
      h.localName, h.textContent,
    ]),
    paragraphs: [...root.children].filter((e) => e.localName === "p").map(withoutNotes),
    lists: [...root.children].filter((e) => ["ul", "ol"].includes(e.localName)).map(list),
    strong: outside("strong").map((e) => e.textContent),
    em: outside("em").map((e) => e.textContent),
    sup: outside("sup").map((e) => e.textContent),
    sub: outside("sub").map((e) => e.textContent),
    links: outside("a").map((a) => [a.getAttribute("href"), a.textContent]),
    notes: [...root.querySelectorAll("span[data-note]")].map((n) => n.innerHTML),
    noteAttributes: [...root.querySelectorAll("span[data-note]")].map((n) => n.dataset.note),
    tags: [...new Set(all.map((e) => e.localName))].sort(),
    attributes: [...new Set(all.flatMap((e) => e.getAttributeNames()))].sort(),
    cells: [...root.querySelectorAll("tr")].map((r) => [...r.children].map((c) => c.textContent)),
    comments: walker.nextNode() ? 1 : 0,
  };
}"""

ALLOWED_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "br", "span"}
ALLOWED_TAGS |= {"a", "strong", "em", "sup", "sub", "table", "tbody", "tr", "td", "th"}
ALLOWED_ATTRIBUTES = {"href", "data-note", "start", "colspan", "rowspan", "data-pm-slice"}
JUNK = ("mso", "style", "class", "font", "color", "o:p", "<!--", "docs-internal-guid", "lang=")

# The three fixtures hold the same short piece, written in each program.
HEADINGS = [["h2", "Displacement and the law"], ["h2", "What states must do"]]
PARAGRAPHS = [
    "Internal displacement is not a new problem*, and the Kampala Convention is binding"
    " in Africa.*",
    "Read the global report in full.*",
    "Recommendations:",
    "Water is H2O in the 21st century too.",
]
LISTS = [
    [
        "ul",
        [
            ["Prevent displacement", [], ["p"]],
            [
                "Protect people who are displaced",
                [["ul", [["during flight", [], ["p"]], ["in camps", [], ["p"]]]]],
                ["p", "ul"],
            ],
            ["Find durable solutions", [], ["p"]],
        ],
    ],
    ["ol", [["Adopt a national law", [], ["p"]], ["Fund the focal point", [], ["p"]]]],
]
NOTES = [
    "See the <em>Guiding Principles on Internal Displacement</em> (1998).",
    'Adopted in 2009; text at <a href="https://au.int/en/treaties/kampala-convention">au.int</a>.'
    "<br>In force since 2012.",
    "An endnote with <strong>bold</strong> text.",
]
PROGRAMS = ["word.html", "libreoffice.html", "google-docs.html"]


@pytest.fixture(scope="module")
def page():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium (.ci/run does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        tab = browser.new_page()
        tab.dialogs = []  # an alert() from pasted markup would land here
        tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
        tab.route(f"{ORIGIN}/**", _serve)
        tab.goto(f"{ORIGIN}/")
        yield tab
        browser.close()


def _serve(route) -> None:
    path = route.request.url.removeprefix(ORIGIN)
    if path == "/":
        route.fulfill(body="<!doctype html><title>paste</title>", content_type="text/html")
    elif path.startswith("/static/js/editor/") and path.endswith(".js"):
        route.fulfill(path=str(ROOT / path.lstrip("/")), content_type="text/javascript")
    else:
        route.fulfill(status=404, body="")


def clean(page: Page, html: str) -> dict:
    return page.evaluate(SUMMARY, html)


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("program", PROGRAMS)
def test_headings_paragraphs_and_nested_lists_survive_a_paste(page, program):
    result = clean(page, fixture(program))

    assert result["headings"] == HEADINGS
    assert result["paragraphs"] == PARAGRAPHS
    assert result["lists"] == LISTS


@pytest.mark.parametrize("program", PROGRAMS)
def test_bold_italic_superscript_subscript_and_links_survive_a_paste(page, program):
    result = clean(page, fixture(program))

    table_header = ["Year", "Displaced"] if program == "word.html" else []
    assert result["strong"] == ["not", "focal point", *table_header]
    assert result["em"] == ["Kampala Convention"]
    assert result["sup"] == ["st"]
    assert result["sub"] == ["2"]
    assert result["links"] == [["https://www.internal-displacement.org/", "global report"]]


@pytest.mark.parametrize("program", PROGRAMS)
def test_footnotes_and_endnotes_become_inline_notes_in_call_order(page, program):
    result = clean(page, fixture(program))

    assert result["notes"] == NOTES
    assert result["noteAttributes"] == ["", "", ""]
    # The notes' own list went with them: nothing after the last paragraph but Word's table.
    assert result["top"][-1] == ("table" if program == "word.html" else "p")


@pytest.mark.parametrize("program", PROGRAMS)
def test_fonts_colours_classes_and_office_junk_are_gone(page, program):
    result = clean(page, fixture(program))

    for junk in JUNK:
        assert junk not in result["output"].lower(), junk
    assert set(result["tags"]) <= ALLOWED_TAGS
    assert set(result["attributes"]) <= ALLOWED_ATTRIBUTES
    assert result["comments"] == 0
    assert "#text" not in result["top"]


@pytest.mark.parametrize("program", PROGRAMS)
def test_cleaning_the_cleaned_markup_again_changes_nothing(page, program):
    once = clean(page, fixture(program))["output"]

    assert clean(page, once)["output"] == once


def test_a_copy_from_the_editor_keeps_its_slice_depth_for_prosemirror(page):
    html = '<p data-pm-slice="1 1 []">half a <strong>sentence</strong></p>'

    assert clean(page, html)["output"] == html


def test_a_google_docs_heading_bold_all_through_is_just_a_heading(page):
    html = '<h3><span style="font-weight:700;color:#434343">Findings</span></h3>'

    assert clean(page, html)["output"] == "<h3>Findings</h3>"


def test_spaces_breaks_and_empty_marks_at_the_edges_of_blocks_and_notes_go(page):
    html = (
        "<p><strong> </strong><br> <em>  text </em> <strong><br></strong> </p>"
        '<p>Note<sup><a href="#n1" id="r1">1</a></sup></p><div id="n1"><p><a href="#r1">1</a>'
        "<span>&nbsp;</span><span><b> Bold start</b></span> end.&nbsp;</p></div>"
    )

    assert clean(page, html)["output"] == (
        '<p><em>text</em></p><p>Note<span data-note=""><strong>Bold start</strong> end.</span></p>'
    )


def test_a_word_table_keeps_its_cells_as_paragraphs(page):
    result = clean(page, fixture("word.html"))

    assert result["cells"] == [["Year", "Displaced"], ["2023", "75.9 million"]]
    assert "<td><p><strong>Year</strong></p></td>" in result["output"]


def test_word_heading_and_title_paragraphs_become_the_stored_heading_levels(page):
    html = (
        "<p class=MsoTitle>A title</p><p class=MsoHeading3>Third</p>"
        "<p class=MsoHeading8>Eighth</p><h1>One</h1><h5>Five</h5><h6>Six</h6>"
    )

    assert clean(page, html)["headings"] == [
        ["h2", "A title"],
        ["h3", "Third"],
        ["h4", "Eighth"],
        ["h2", "One"],
        ["h4", "Five"],
        ["h4", "Six"],
    ]


def word_item(level: int, marker: str, text: str, lst: str = "l0") -> str:
    return (
        f"<p class=MsoListParagraphCxSpMiddle style='mso-list:{lst} level{level} lfo1'>"
        f"<![if !supportLists]><span style='mso-list:Ignore'>{marker}<span "
        "style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp; </span></span><![endif]>"
        f"{text}<o:p></o:p></p>\n"
    )


def test_a_word_numbered_list_keeps_its_start_and_nests_lettered_items(page):
    html = (
        word_item(1, "3.", "Three")
        + word_item(2, "a.", "Three a")
        + word_item(3, "i.", "Three a i")
        + word_item(1, "4.", "Four")
    )

    result = clean(page, html)

    assert result["output"].startswith('<ol start="3"><li><p>Three</p><ol><li><p>Three a</p><ol>')
    assert result["lists"] == [
        [
            "ol",
            [
                [
                    "Three",
                    [["ol", [["Three a", [["ol", [["Three a i", [], ["p"]]]]], ["p", "ol"]]]]],
                    ["p", "ol"],
                ],
                ["Four", [], ["p"]],
            ],
        ]
    ]


def test_word_bullets_o_and_section_sign_markers_make_bulleted_lists(page):
    html = word_item(1, "·", "One") + word_item(2, "o", "Two") + word_item(3, "§", "Three")

    assert clean(page, html)["output"] == (
        "<ul><li><p>One</p><ul><li><p>Two</p><ul><li><p>Three</p></li></ul></li></ul></li></ul>"
    )


def test_two_word_lists_in_a_row_stay_two_lists(page):
    html = word_item(1, "·", "Bullet", "l0") + word_item(1, "1.", "Number", "l1")

    assert [tag for tag, _ in clean(page, html)["lists"]] == ["ul", "ol"]


def test_a_phrase_copied_from_google_docs_stays_inline_and_is_not_bold(page):
    html = (
        '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b">'
        '<span style="font-weight:400;color:#000000;">plain </span>'
        '<span style="font-weight:700;font-style:italic;">both</span></b>'
    )

    assert clean(page, html)["output"] == "plain <strong><em>both</em></strong>"


def test_pandoc_and_markdown_it_footnotes_follow_the_same_two_way_rule(page):
    html = (
        '<p>Pandoc<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref">'
        "<sup>1</sup></a> and markdown-it"
        '<sup class="footnote-ref"><a href="#fn2" id="fnref2">[2]</a></sup>.</p>'
        '<section class="footnotes" role="doc-endnotes"><hr><ol>'
        '<li id="fn1"><p>Note <em>one</em>.<a href="#fnref1" class="footnote-back">↩︎</a></p></li>'
        '<li id="fn2"><p>First.</p><p>Second <a href="#fnref2" class="footnote-backref">↩︎</a>'
        "</p></li></ol></section>"
    )

    result = clean(page, html)

    assert result["output"] == (
        '<p>Pandoc<span data-note="">Note <em>one</em>.</span> and markdown-it'
        '<span data-note="">First.<br>Second</span>.</p>'
    )


def test_a_note_number_repeated_in_its_own_element_is_not_part_of_the_note(page):
    html = (
        '<p>Text<sup><a href="#n1" id="r1">1</a></sup> and more<sup><a href="#n2" id="r2">2</a>'
        '</sup>.</p><ol><li id="n1"><p><sup>1</sup> The note. <a href="#r1">↩</a></p></li>'
        '<li id="n2"><p>2 January 2020 is the date. <a href="#r2">↩</a></p></li></ol>'
    )

    assert clean(page, html)["notes"] == ["The note.", "2 January 2020 is the date."]


def test_a_fragment_link_that_is_not_a_note_keeps_only_its_text(page):
    html = (
        '<p>See <a href="#two">section two</a> and <a href="#nowhere">this</a>.</p>'
        '<h2 id="two">Two</h2><p>Back <a href="#top">up</a>.</p>'
    )

    result = clean(page, html)

    assert result["output"] == "<p>See section two and this.</p><h2>Two</h2><p>Back up.</p>"


def test_a_word_call_whose_note_was_not_copied_keeps_its_label_as_text(page):
    html = (
        "<p class=MsoNormal>A claim<a style='mso-footnote-id:ftn4' href=\"#_ftn4\" "
        'name="_ftnref4"><span class=MsoFootnoteReference><span style=\'mso-special-character:'
        "footnote'><![if !supportFootnotes]><span class=MsoFootnoteReference>[4]</span>"
        "<![endif]></span></span></a>.</p>"
    )

    assert clean(page, html)["output"] == "<p>A claim[4].</p>"


def test_scripts_handlers_javascript_links_styles_and_data_images_are_dropped(page):
    html = (
        '<p onclick="steal()" style="color:red" class="x">Hi '
        '<a href="javascript:alert(1)" onmouseover="x()">one</a> '
        '<a href=" JaVa&#x09;script:alert(2)">two</a> '
        '<img src="data:image/png;base64,iVBORw0KGgo=" onerror="alert(3)">'
        "<script>alert(4)</script><style>p { color: red }</style>"
        '<a href="data:text/html,<b>x</b>">three</a> '
        '<a href="https://ok.example/" target="_blank" onclick="y()">ok</a> '
        '<a href="/about/">site</a> <a href="mailto:ed@example.org">mail</a>'
        '<a href="\n\x01javascript:alert(7)">four</a><a href="//evil.example/">five</a>'
        '<svg onload="alert(5)"><circle r="1"/></svg><iframe src="https://x.example/"></iframe>'
        '<b onmouseover="z()">bold</b></p>'
        '<form action="/x"><input name="q"><button formaction="javascript:alert(6)">go</button>'
        '</form><object data="x.swf"></object><p><img src="data:image/svg+xml,<svg/>"></p>'
    )

    result = clean(page, html)

    assert result["output"] == (
        '<p>Hi one two three <a href="https://ok.example/">ok</a> <a href="/about/">site</a> '
        '<a href="mailto:ed@example.org">mail</a>fourfive<strong>bold</strong></p>'
    )
    assert page.dialogs == []


def test_a_citation_copied_from_the_editor_is_pasted_with_what_it_says(page):
    html = (
        '<p data-pm-slice="1 1 []">see <cite data-ref="varga" data-label="page" data-locator="4"'
        ' data-prefix="see" onclick="x()" class="c"></cite></p><p><span data-note="">'
        '<em><cite data-ref="idmc"></cite></em></span> <cite>a title</cite></p>'
    )

    out = clean(page, html)["output"]

    assert out == (
        '<p data-pm-slice="1 1 []">see <cite data-ref="varga" data-label="page" data-locator="4"'
        ' data-prefix="see"></cite></p><p><span data-note=""><em><cite data-ref="idmc"></cite>'
        "</em></span> a title</p>"
    )
