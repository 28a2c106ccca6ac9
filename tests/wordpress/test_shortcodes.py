import time

from wordpress.importing.conversion import Conversion, placeholder
from wordpress.importing.shortcodes import Shortcode, expand, parse_attributes, split


def test_it_reads_quoted_unquoted_and_bare_attributes():
    named, bare = parse_attributes(""" id="attachment_12" align='left' width=300 "x y" solo""")
    assert named == {"id": "attachment_12", "align": "left", "width": "300"}
    assert bare == ["x y", "solo"]


def test_it_splits_self_closing_and_enclosing_shortcodes():
    pieces = split('a [gallery ids="1,2" /] b [footnote]note[/footnote] c')
    assert pieces[0] == "a "
    assert isinstance(pieces[1], Shortcode)
    assert pieces[1].tag == "gallery"
    assert pieces[1].content is None
    assert pieces[3] == Shortcode("footnote", {}, [], "note", "[footnote]note[/footnote]")


def test_a_shortcode_without_its_closing_tag_is_self_closing():
    pieces = split("[embed] text")
    assert isinstance(pieces[0], Shortcode)
    assert pieces[0].content is None
    assert pieces[1] == " text"


def test_an_escaped_shortcode_is_shown_as_written_without_one_bracket():
    conversion = Conversion()
    assert expand("Type [[gallery]] to show images", conversion) == "Type [gallery] to show images"
    assert conversion.figures == []
    assert conversion.warnings == []


def test_a_gallery_becomes_one_figure_per_attachment():
    conversion = Conversion(first_figure=3)
    html = expand('[gallery ids="7, 8"]', conversion)
    assert html == placeholder(3) + placeholder(4)
    assert [(f.number, f.attachment_id, f.url) for f in conversion.figures] == [
        (3, 7, ""),
        (4, 8, ""),
    ]


def test_an_embed_becomes_a_link():
    conversion = Conversion()
    html = expand("[embed]https://www.youtube.com/watch?v=a&amp;b=1[/embed]", conversion)
    assert html == (
        '<a href="https://www.youtube.com/watch?v=a&amp;b=1">'
        "https://www.youtube.com/watch?v=a&amp;b=1</a>"
    )


def test_footnote_plugin_shortcodes_become_notes_and_are_reported():
    for tag in ("footnote", "efn_note", "mfn", "ref"):
        conversion = Conversion()
        html = expand(f"Text[{tag}]A <em>note</em>.[/{tag}] more", conversion)
        assert html == 'Text<span data-note="">A <em>note</em>.</span> more'
        assert conversion.warnings == [f"[{tag}] footnote shortcode converted to a note"]


def test_an_unknown_shortcode_is_kept_as_text_and_reported():
    conversion = Conversion()
    html = expand('[tweet id="1"] and [box]inside [gallery ids="4"][/box]', conversion)
    assert html == f'[tweet id="1"] and [box]inside {placeholder(1)}[/box]'
    assert conversion.warnings == [
        "unknown shortcode [tweet] kept as text",
        "unknown shortcode [box] kept as text",
    ]


def test_brackets_in_an_authors_prose_are_not_reported():
    conversion = Conversion()
    assert (
        expand("it was [sic] wrong [a] and [iv]", conversion) == "it was [sic] wrong [a] and [iv]"
    )
    assert conversion.warnings == []


def test_audio_and_video_become_links_to_their_files():
    conversion = Conversion()
    assert expand("[audio https://x.org/a.mp3]", conversion) == (
        '<a href="https://x.org/a.mp3">https://x.org/a.mp3</a>'
    )
    assert expand('[video mp4="https://x.org/v.mp4"][/video]', conversion) == (
        '<a href="https://x.org/v.mp4">https://x.org/v.mp4</a>'
    )


def test_stray_shortcode_openings_are_read_in_linear_time():
    started = time.monotonic()
    expand('[caption id="a" ' * 20_000, Conversion())
    expand("[footnote]" * 20_000, Conversion())
    assert time.monotonic() - started < 5
