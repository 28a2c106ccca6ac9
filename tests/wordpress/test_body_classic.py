"""Classic-editor content converted to the body markup the editor writes."""

from colophon.lib.notes import note_elements, parse
from tests.wordpress.bodies import UPLOADS, canonical, converted
from wordpress.importing.body import convert_body
from wordpress.importing.images import full_size
from wordpress.importing.pdf_links import says_download


def test_blank_lines_become_paragraphs_and_newlines_breaks():
    assert canonical("Families flee.\nOne by one.\n\nSecond <em>para</em>.") == (
        "<p>Families flee.<br>One by one.</p><p>Second <em>para</em>.</p>"
    )


def test_a_caption_becomes_a_figure_with_its_caption_and_full_size_image():
    content = (
        "Before.\n\n"
        '[caption id="attachment_12" align="alignnone" width="300"]'
        f'<a href="{UPLOADS}/2020/01/fence.jpg"><img class="size-medium wp-image-12" '
        f'src="{UPLOADS}/2020/01/fence-300x200.jpg" alt="A fence" width="300" height="200" />'
        '</a> <a href="https://commons.wikimedia.org/x">The Wrong Side of the Fence</a> by '
        'Jason Jacobs, <a href="https://creativecommons.org/licenses/by/2.0/">CC BY 2.0</a>'
        "[/caption]\n\nAfter."
    )
    html, body = converted(content)
    assert html == '<p>Before.</p><figure data-figure="1"></figure><p>After.</p>'
    [figure] = body.figures
    assert figure.number == 1
    assert figure.attachment_id == 12
    assert figure.url == f"{UPLOADS}/2020/01/fence.jpg"
    assert figure.src == f"{UPLOADS}/2020/01/fence-300x200.jpg"
    assert figure.alt == "A fence"
    assert figure.link == f"{UPLOADS}/2020/01/fence.jpg"
    assert figure.caption_html == (
        '<a href="https://commons.wikimedia.org/x">The Wrong Side of the Fence</a> by Jason '
        'Jacobs, <a href="https://creativecommons.org/licenses/by/2.0/">CC BY 2.0</a>'
    )


def test_a_caption_given_as_an_attribute_is_the_figures_caption():
    content = (
        '[caption id="attachment_3" caption="A <em>river</em>"]<img src="/r.jpg" />[/caption]'
    )
    body = convert_body(content)
    assert body.figures[0].caption_html == "A <em>river</em>"
    assert body.figures[0].attachment_id == 3


def test_an_image_inside_a_paragraph_splits_it_keeping_the_text_around():
    html, body = converted(
        f'Text before <img src="{UPLOADS}/a-1024x768.png" class="wp-image-5"> after.'
    )
    assert html == ('<p>Text before</p><figure data-figure="1"></figure><p>after.</p>')
    assert body.figures[0].url == f"{UPLOADS}/a.png"
    assert body.figures[0].attachment_id == 5


def test_an_image_inside_a_list_or_quote_is_lifted_out_of_it():
    content = (
        "<ol><li>one</li><li>two <img src='/b.jpg'></li><li>three</li></ol>"
        "<blockquote>Quoted <img src='/c.jpg'> more</blockquote>"
    )
    assert canonical(content) == (
        "<ol><li><p>one</p></li><li><p>two</p></li></ol>"
        '<figure data-figure="1"></figure>'
        '<ol start="3"><li><p>three</p></li></ol>'
        "<blockquote><p>Quoted</p></blockquote>"
        '<figure data-figure="2"></figure>'
        "<blockquote><p>more</p></blockquote>"
    )


def test_an_image_in_a_table_moves_after_the_table():
    content = "<table><tr><td>cell <img src='/t.jpg'></td></tr></table>"
    assert canonical(content) == (
        "<table><tbody><tr><td><p>cell</p></td></tr></tbody></table>"
        '<figure data-figure="1"></figure>'
    )


def test_figures_are_numbered_in_the_order_they_appear_from_the_first_number():
    content = "<img src='/a.jpg'>\n\n[gallery ids=\"9\"]\n\n<img src='/b.jpg'>"
    html, body = converted(content, first_figure=4)
    assert html == (
        '<figure data-figure="4"></figure><figure data-figure="5"></figure>'
        '<figure data-figure="6"></figure>'
    )
    assert [(f.number, f.url, f.attachment_id) for f in body.figures] == [
        (4, "/a.jpg", 0),
        (5, "", 9),
        (6, "/b.jpg", 0),
    ]


def test_footnote_shortcodes_become_notes():
    html, body = converted("Text.[footnote]See <em>Varga</em> 2019.[/footnote] More.")
    assert html == '<p>Text.<span data-note="">See <em>Varga</em> 2019.</span> More.</p>'
    assert len(note_elements(parse(html))) == 1
    assert body.warnings == ["[footnote] footnote shortcode converted to a note"]


def test_two_way_footnote_links_of_older_plugins_become_notes():
    content = (
        'Text<sup><a href="#fn1" id="ref1">1</a></sup> more.\n\n'
        '<ol class="footnotes"><li id="fn1">The note. <a href="#ref1">↩</a></li></ol>'
    )
    html = canonical(content)
    assert html == '<p>Text<span data-note="">The note.</span> more.</p>'
    assert len(note_elements(parse(html))) == 1


def test_unknown_shortcodes_are_kept_as_text_and_reported():
    html, body = converted('Hello [tweet id="3"] world')
    assert html == '<p>Hello [tweet id="3"] world</p>'
    assert body.warnings == ["unknown shortcode [tweet] kept as text"]


def test_a_download_pdf_link_is_dropped_with_its_paragraph_and_reported():
    for text in ("Download PDF", "PDF version", "Descargar PDF", "Versión en PDF", "Download"):
        url = f"{UPLOADS}/2021/03/paper.pdf"
        html, body = converted(f'Text.\n\n<a href="{url}">{text}</a>\n\nEnd.', uploads_url=UPLOADS)
        assert html == "<p>Text.</p><p>End.</p>", text
        assert body.pdf_links == [url]
        assert body.warnings == [
            f"Download PDF link to {url} dropped (Colophon makes its own PDF)"
        ]


def test_other_links_to_pdfs_are_kept():
    content = (
        f'Read <a href="{UPLOADS}/report.pdf">the UNHCR report</a>. '
        '<a href="https://elsewhere.org/paper.pdf">Download PDF</a>'
    )
    body = convert_body(content, uploads_url=UPLOADS)
    assert body.pdf_links == []
    assert "the UNHCR report" in body.html
    assert "elsewhere.org/paper.pdf" in body.html


def test_a_download_link_beside_other_text_leaves_the_text():
    content = 'Also: <a href="/wp-content/uploads/x.pdf">PDF version</a> in print soon.'
    html, body = converted(content)
    assert html == "<p>Also: in print soon.</p>"
    assert body.pdf_links == ["/wp-content/uploads/x.pdf"]


def test_empty_content_is_an_empty_body():
    body = convert_body("  \n")
    assert body.html == ""
    assert body.figures == []


def test_a_figure_placeholder_written_in_the_content_places_nothing():
    html, body = converted('<figure data-figure="7"></figure>Text <img src="/a.jpg">')
    assert html == '<p>Text</p><figure data-figure="1"></figure>'
    assert [f.number for f in body.figures] == [1]


def test_an_image_inside_a_note_goes_after_the_notes_paragraph():
    html = canonical('Text[footnote]See <img src="/n.jpg"> this.[/footnote] more.')
    assert html == (
        '<p>Text<span data-note="">See this.</span> more.</p><figure data-figure="1"></figure>'
    )
    assert len(note_elements(parse(html))) == 1


def test_a_url_alone_on_its_line_becomes_a_link():
    content = "Watch:\n\nhttps://www.youtube.com/watch?v=abc\n\nAfter https://x.org inline."
    assert canonical(content) == (
        '<p>Watch:</p><p><a href="https://www.youtube.com/watch?v=abc">'
        "https://www.youtube.com/watch?v=abc</a></p><p>After https://x.org inline.</p>"
    )


def test_the_full_size_image_is_asked_for_without_resizing_parameters():
    assert full_size(f"{UPLOADS}/2019/05/camp-1024x683.jpg") == f"{UPLOADS}/2019/05/camp.jpg"
    assert full_size("https://x.files.wordpress.com/2008/06/a.jpg?w=604") == (
        "https://x.files.wordpress.com/2008/06/a.jpg"
    )
    assert full_size("https://i0.wp.com/x.org/a-300x200.png?resize=300%2C200&ssl=1") == (
        "https://i0.wp.com/x.org/a.png?ssl=1"
    )
    assert full_size("/a.jpg?v=2") == "/a.jpg?v=2"
    assert full_size("/plan-1x2-final.jpg") == "/plan-1x2-final.jpg"


def test_download_links_are_recognised_in_their_usual_wordings():
    for text in (
        "Click here to download the PDF",
        "Download PDF (English)",
        "PDF en español",
        "Descargue el PDF (2 MB)",
        "Versión PDF",
    ):
        assert says_download(text), text
    for text in ("the UNHCR report (PDF)", "Guiding Principles", "PDF of the 1998 treaty"):
        assert not says_download(text), text


def test_an_emoji_written_as_an_image_is_its_character():
    content = 'Thanks <img class="wp-smiley" src="https://s.w.org/x/1f642.png" alt="🙂" /> all'
    html, body = converted(content)
    assert html == "<p>Thanks 🙂 all</p>"
    assert body.figures == []


def test_players_pasted_into_the_text_become_links():
    content = (
        'Watch <iframe src="https://www.youtube.com/embed/abc" width="560"></iframe> now.\n\n'
        '<video controls><source src="https://x.org/v.mp4" type="video/mp4"></video>\n\n'
        '<iframe src="javascript:alert(1)"></iframe>End.'
    )
    assert canonical(content) == (
        '<p>Watch <a href="https://www.youtube.com/embed/abc">'
        "https://www.youtube.com/embed/abc</a> now.</p>"
        '<p><a href="https://x.org/v.mp4">https://x.org/v.mp4</a></p><p>End.</p>'
    )


def test_paragraphs_of_non_breaking_spaces_are_dropped():
    content = "<p>One</p>\n<p>&nbsp;</p>\n<p><br></p>\n<p>Two&nbsp;</p>"
    assert canonical(content) == "<p>One</p><p>Two&nbsp;</p>"


def test_an_old_theme_caption_in_html_becomes_a_figure_with_its_caption():
    content = (
        '<div id="attachment_9" class="wp-caption aligncenter"><img class="wp-image-9" '
        'src="/c-300x200.jpg" alt="Camp"><p class="wp-caption-text">A camp.</p></div>After.'
    )
    html, body = converted(content)
    assert html == '<figure data-figure="1"></figure><p>After.</p>'
    assert (body.figures[0].attachment_id, body.figures[0].caption_html) == (9, "A camp.")


def test_a_formula_or_drawing_leaves_its_text_and_is_reported():
    content = (
        'Area <math alttext="a^2"><msup><mi>a</mi><mn>2</mn></msup></math> and '
        "<svg><text>Chart of arrivals</text></svg>."
    )
    html, body = converted(content)
    # WordPress's paragraphs take <math> for a block of its own.
    assert html == "<p>Area</p><p>a^2</p><p>and Chart of arrivals.</p>"
    assert body.warnings == [
        "a formula (MathML) was kept as plain text: a^2",
        "a drawing (SVG) was kept as plain text: Chart of arrivals",
    ]


def test_an_attachment_id_too_large_for_a_database_is_no_id():
    body = convert_body(
        '<img src="/a.jpg" class="wp-image-99999999999999999999"> '
        '[gallery ids="1,99999999999999999999"]'
    )
    assert [f.attachment_id for f in body.figures] == [0, 1]
