"""Reading block-editor markup as WordPress's default block parser does."""

import time

from wordpress.importing.blocks import Block, has_blocks, parse


def test_it_reads_blocks_their_attributes_and_the_freeform_html_between():
    document = (
        '<!-- wp:paragraph {"align":"center"} -->\n<p>One</p>\n<!-- /wp:paragraph -->\n\n'
        "<!-- wp:separator /-->loose"
    )
    blocks = parse(document)
    assert [b.name for b in blocks] == ["core/paragraph", None, "core/separator", None]
    assert blocks[0].attributes == {"align": "center"}
    assert blocks[0].inner_html == "\n<p>One</p>\n"
    assert blocks[1].inner_html == "\n\n"
    assert blocks[3].inner_html == "loose"


def test_it_nests_inner_blocks_and_marks_where_they_go():
    document = (
        "<!-- wp:list --><ul><!-- wp:list-item --><li>a</li><!-- /wp:list-item -->"
        "<!-- wp:list-item --><li>b</li><!-- /wp:list-item --></ul><!-- /wp:list -->"
    )
    [block] = parse(document)
    assert block.inner_content == ["<ul>", None, None, "</ul>"]
    assert [b.inner_html for b in block.inner_blocks] == ["<li>a</li>", "<li>b</li>"]


def test_a_namespace_is_kept_and_core_is_the_default():
    blocks = parse("<!-- wp:acme/box /--><!-- wp:core/quote /-->")
    assert [b.name for b in blocks] == ["acme/box", "core/quote"]


def test_attributes_may_hold_braces_and_comment_like_text():
    [block] = parse('<!-- wp:html {"a":{"b":"} -- x"},"c":[1]} /-->')
    assert block.attributes == {"a": {"b": "} -- x"}, "c": [1]}


def test_unreadable_attributes_are_none():
    [block] = parse("<!-- wp:paragraph {not json} --><p>x</p><!-- /wp:paragraph -->")
    assert block.attributes == {}
    assert block.inner_html == "<p>x</p>"


def test_a_block_left_open_ends_with_the_document():
    [block] = parse("<!-- wp:group --><div>a<!-- wp:paragraph --><p>b</p>")
    assert block.name == "core/group"
    assert block.inner_content[0] == "<div>a"
    assert block.inner_blocks[0].inner_html == "<p>b</p>"


def test_a_closer_with_nothing_open_makes_the_rest_freeform():
    blocks = parse("<p>a</p><!-- /wp:paragraph --><p>b</p>")
    assert blocks == [Block(None, {}, [], "<p>a</p><!-- /wp:paragraph --><p>b</p>",
                            ["<p>a</p><!-- /wp:paragraph --><p>b</p>"])]  # fmt: skip


def test_classic_content_has_no_blocks():
    assert not has_blocks("<p>Hello</p><!-- more -->")
    assert has_blocks("<!-- wp:paragraph --><p>x</p><!-- /wp:paragraph -->")


def test_a_delimiter_ends_at_the_first_comment_end():
    # WordPress escapes "--" inside attributes, so "-->" always ends the delimiter; a
    # broken one is text, and the block after it still reads.
    blocks = parse('<!-- wp:a {"x":"--> <!-- wp:paragraph --><p>b</p><!-- /wp:paragraph -->')
    assert [b.name for b in blocks] == [None, "core/paragraph"]
    assert blocks[1].inner_html == "<p>b</p>"


def test_stray_openers_are_read_in_linear_time():
    started = time.monotonic()
    parse("<!-- wp:a {" * 20_000 + "-->")
    parse("<!-- wp:a x" * 20_000 + " -->")
    assert time.monotonic() - started < 5
