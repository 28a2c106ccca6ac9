"""wpautop's behaviour, checked against WordPress's own expected outputs where possible."""

import re
import time

from wordpress.importing.autop import autop, remove_markers


def test_it_turns_blank_lines_into_paragraphs_and_newlines_into_breaks():
    assert autop("One\ntwo\n\nThree") == "<p>One<br />\ntwo</p>\n<p>Three</p>\n"


def test_it_gives_wordpress_first_post_its_expected_paragraphs():
    # From WordPress's tests (Functions_WpAutop_Test::test_first_post), shortened.
    text = (
        "\nWelcome to WordPress!  This post contains important information.\n\n"
        'First things first:\n<ul>\n<li><a href="%1$s">Subscribe</a></li>\n</ul>\n'
        "As a subscriber, you will receive an email.\nWhen a new version is released, "
        '<a href="%2$s">log in</a> and follow the instructions.\nUpgrading is easy!\n\n'
        "Thank you for selecting WordPress.\n"
    )
    assert autop(text) == (
        "<p>Welcome to WordPress!  This post contains important information.</p>\n"
        '<p>First things first:</p>\n<ul>\n<li><a href="%1$s">Subscribe</a></li>\n</ul>\n'
        "<p>As a subscriber, you will receive an email.<br />\nWhen a new version is "
        'released, <a href="%2$s">log in</a> and follow the instructions.<br />\n'
        "Upgrading is easy!</p>\n<p>Thank you for selecting WordPress.</p>\n"
    )


def test_it_leaves_pre_elements_alone():
    # Functions_WpAutop_Test::test_skip_pre_elements
    text = (
        "Look at this code\n\n<pre>Line1<br />Line2<br>Line3<br/>Line4\nActual Line 2\n"
        "Actual Line 3</pre>\n\nCool, huh?"
    )
    assert autop(text).strip() == (
        "<p>Look at this code</p>\n<pre>Line1<br />Line2<br>Line3<br/>Line4\nActual Line 2\n"
        "Actual Line 3</pre>\n<p>Cool, huh?</p>"
    )


def test_it_does_not_break_lines_inside_input_elements():
    # Functions_WpAutop_Test::test_skip_input_elements
    text = (
        'Username: <input type="text" id="username" name="username" /><br />'
        'Password: <input type="password" id="password1" name="password1" />'
    )
    assert autop(text).strip() == f"<p>{text}</p>"


def test_it_does_not_wrap_block_elements_in_paragraphs():
    assert autop("<div>Inside</div>\n\nAfter") == "<div>Inside</div>\n<p>After</p>\n"


def test_it_keeps_newlines_inside_a_script():
    text = "<script>var a = 1;\nvar b = 2;</script>"
    assert "var a = 1;\nvar b = 2;" in autop(text)


def test_newlines_inside_a_tag_are_not_line_breaks():
    text = '<a\nhref="x">link</a> text'
    assert autop(text) == '<p><a\nhref="x">link</a> text</p>\n'


def test_it_leaves_a_shortcode_alone_on_its_line_unwrapped():
    text = 'Before\n\n[gallery ids="1,2"]\n\nAfter'
    result = autop(text, shortcodes=("gallery",))
    assert result == '<p>Before</p>\n[gallery ids="1,2"]\n<p>After</p>\n'


def test_a_shortcode_within_a_sentence_stays_in_its_paragraph():
    assert autop("See [gallery] here", shortcodes=("gallery",)) == "<p>See [gallery] here</p>\n"


def test_it_removes_more_and_nextpage_markers():
    assert remove_markers("a<!--more-->b<!--more Read on-->c<!--nextpage-->d") == "abcd"
    assert autop("Intro\n<!--more-->\n\nRest") == "<p>Intro</p>\n<p>Rest</p>\n"


def test_empty_content_has_no_paragraphs():
    assert autop("  \n\n ") == ""


def test_unclosed_pre_and_script_cost_no_scan_to_the_end():
    started = time.monotonic()
    autop("<pre>" * 20_000 + "</pre>x" + "<pre>" * 20_000)
    autop("<script>a\n" * 20_000)
    autop("<p>[caption]x" * 20_000 + "</p>", shortcodes=("caption",))
    assert time.monotonic() - started < 10


# The cases below are WordPress's own (tests/phpunit/tests/formatting: wpautop's tests).

BLOCK_TAGS = re.split(
    r"\s+",
    "table thead tfoot caption col colgroup tbody tr td th div dl dd dt ul ol li pre form map "
    "area address style p h1 h2 h3 h4 h5 h6 fieldset legend section article aside hgroup "
    "header footer nav figure details menu summary",
)
INLINE_TAGS = re.split(
    r"\s+",
    "a em strong small s cite q dfn abbr data time code var samp kbd sub sup i b u mark span "
    "del ins noscript select",
)


def test_block_level_elements_are_blocks_whatever_the_whitespace():
    content = [f"<{tag}>foo</{tag}>" for tag in BLOCK_TAGS]
    assert autop("\n\n".join(content)).strip() == "\n".join(content)
    assert autop("".join(content)).strip() == "\n".join(content)
    with_attributes = [f"<{tag} attr='value'>foo</{tag}>" for tag in BLOCK_TAGS]
    assert autop("".join(with_attributes)).strip() == "\n".join(with_attributes)
    empty = [f"<{tag}/>" for tag in BLOCK_TAGS]
    assert autop("".join(empty)).strip() == "\n".join(empty)


def test_inline_elements_are_inline():
    content = "\n\n".join(f"<{tag}>foo</{tag}>" for tag in INLINE_TAGS)
    expected = "\n".join(f"<p><{tag}>foo</{tag}></p>" for tag in INLINE_TAGS)
    assert autop(content).strip() == expected


def test_a_blockquotes_content_gets_paragraphs_but_not_the_blockquote():
    assert autop("<blockquote>foo</blockquote>").strip() == "<blockquote><p>foo</p></blockquote>"


def test_select_and_option_get_no_breaks():
    text = (
        'Country: <select id="state" name="state"><option value="1">Alabama</option>'
        '<option value="2">Alaska</option></select>'
    )
    assert autop(text).strip() == f"<p>{text}</p>"


def test_newlines_inside_comments_and_cdata_are_left_alone():
    cases = [
        ("Hello <a\nhref='world'>", "<p>Hello <a\nhref='world'></p>\n"),
        ("Hello <!-- a\nhref='world' -->", "<p>Hello <!-- a\nhref='world' --></p>\n"),
        (
            "Hello <!-- <object>\n<param>\n<param>\n<embed>\n</embed>\n</object>\n -->",
            "<p>Hello <!-- <object>\n<param>\n<param>\n<embed>\n</embed>\n</object>\n --></p>\n",
        ),
    ]
    for given, expected in cases:
        assert autop(given) == expected


def test_no_break_is_added_after_a_written_br():
    content = "\nline 1<br>\nline 2<br/>\nline 3<br />\nline 4\nline 5\n"
    expected = "<p>line 1<br />\nline 2<br />\nline 3<br />\nline 4<br />\nline 5</p>"
    assert autop(content).strip() == expected


def test_two_brs_make_a_paragraph_break():
    content = "\nline 1<br>\n<br/>\nline 2<br/>\n<br />\n"
    assert autop(content).strip() == "<p>line 1</p>\n<p>line 2</p>"


def test_text_before_a_block_is_a_paragraph():
    assert autop("a<div>b</div>").strip() == "<p>a</p>\n<div>b</div>"


def test_no_extra_paragraph_end_in_a_figure():
    content = '<figure><img src="example.jpg" /><figcaption>Caption</figcaption></figure>'
    assert autop(content).strip() == content
    content = '<figure>\n<img src="example.jpg" />\n<figcaption>Caption</figcaption>\n</figure>'
    expected = '<figure>\n<img src="example.jpg" /><figcaption>Caption</figcaption></figure>'
    assert autop(content).strip() == expected


def test_hr_is_not_wrapped_in_a_paragraph():
    assert (
        autop("paragraph1<hr>paragraph2").strip() == "<p>paragraph1</p>\n<hr>\n<p>paragraph2</p>"
    )


def test_inline_svg_and_script_keep_their_newlines():
    svg = '<svg xmlns="http://www.w3.org/2000/svg">\n\t<circle cx="50" cy="50" r="30"/>\n</svg>'
    assert autop(svg).strip() == f"<p>{svg}</p>"
    script = '<script type="text/javascript">\n\tvar dummy = 1;\n</script>'
    assert autop(script).strip() == f"<p>{script}</p>"
