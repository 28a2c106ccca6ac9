"""wpautop's behaviour, checked against WordPress's own expected outputs where possible."""

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
