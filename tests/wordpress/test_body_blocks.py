"""Block-editor content converted to the body markup the editor writes."""

import json
import re
import time

from colophon.lib.notes import note_elements, parse
from tests.wordpress.bodies import UPLOADS, canonical, converted
from wordpress.importing.block_kinds import known_block
from wordpress.importing.body import convert_body


def test_paragraphs_headings_lists_and_quotes_keep_their_markup():
    content = """<!-- wp:paragraph -->
<p>Families <strong>flee</strong> one by one.</p>
<!-- /wp:paragraph -->

<!-- wp:heading {"level":3} -->
<h3 class="wp-block-heading">Causes</h3>
<!-- /wp:heading -->

<!-- wp:list {"ordered":true} -->
<ol><!-- wp:list-item -->
<li>Violence</li>
<!-- /wp:list-item -->

<!-- wp:list-item -->
<li>Extortion</li>
<!-- /wp:list-item --></ol>
<!-- /wp:list -->

<!-- wp:quote -->
<blockquote class="wp-block-quote"><!-- wp:paragraph -->
<p>Article 1.</p>
<!-- /wp:paragraph --><cite>Guiding Principles</cite></blockquote>
<!-- /wp:quote -->

<!-- wp:separator -->
<hr class="wp-block-separator has-alpha-channel-opacity"/>
<!-- /wp:separator -->"""
    html, body = converted(content)
    assert html == (
        "<p>Families <strong>flee</strong> one by one.</p><h3>Causes</h3>"
        "<ol><li><p>Violence</p></li><li><p>Extortion</p></li></ol>"
        "<blockquote><p>Article 1.</p><p>Guiding Principles</p></blockquote><hr>"
    )
    assert body.warnings == []


def test_an_image_block_becomes_a_figure_with_its_caption_link_and_id():
    content = f"""<!-- wp:image {{"id":42,"sizeSlug":"large","linkDestination":"custom"}} -->
<figure class="wp-block-image size-large"><a href="https://source.example/x"><img \
src="{UPLOADS}/2023/05/camp-1024x683.jpg" alt="A camp" class="wp-image-42"/></a>\
<figcaption class="wp-element-caption">Camp <em>by</em> Ana, \
<a href="https://creativecommons.org/licenses/by-sa/4.0/">CC BY-SA 4.0</a></figcaption></figure>
<!-- /wp:image -->"""
    html, body = converted(content, first_figure=2)
    assert html == '<figure data-figure="2"></figure>'
    [figure] = body.figures
    assert (figure.number, figure.attachment_id, figure.alt) == (2, 42, "A camp")
    assert figure.url == f"{UPLOADS}/2023/05/camp.jpg"
    assert figure.link == "https://source.example/x"
    assert figure.caption_html == (
        'Camp <em>by</em> Ana, <a href="https://creativecommons.org/licenses/by-sa/4.0/">'
        "CC BY-SA 4.0</a>"
    )


def test_the_attachment_id_comes_from_the_block_when_the_image_has_no_class():
    content = (
        '<!-- wp:image {"id":7} --><figure><img src="/a.jpg" alt=""/></figure><!-- /wp:image -->'
    )
    assert convert_body(content).figures[0].attachment_id == 7


def test_a_gallery_of_image_blocks_becomes_one_figure_per_image():
    image = (
        '<!-- wp:image {{"id":{n}}} --><figure class="wp-block-image"><img src="/g{n}.jpg" '
        'alt="" class="wp-image-{n}"/><figcaption>Caption {n}</figcaption></figure>'
        "<!-- /wp:image -->"
    )
    content = (
        '<!-- wp:gallery {"linkTo":"none"} --><figure class="wp-block-gallery has-nested-images">'
        + image.format(n=1)
        + image.format(n=2)
        + '<figcaption class="blocks-gallery-caption">Two camps</figcaption></figure>'
        "<!-- /wp:gallery -->"
    )
    html, body = converted(content)
    assert html == (
        '<figure data-figure="1"></figure><figure data-figure="2"></figure><p>Two camps</p>'
    )
    assert [(f.attachment_id, f.caption_html) for f in body.figures] == [
        (1, "Caption 1"),
        (2, "Caption 2"),
    ]


def test_an_old_gallery_with_ids_becomes_one_figure_per_image():
    content = (
        '<!-- wp:gallery {"ids":[5,6]} --><figure class="wp-block-gallery"><ul '
        'class="blocks-gallery-grid"><li class="blocks-gallery-item"><figure><img src="/5.jpg" '
        'data-id="5" class="wp-image-5"/><figcaption class="blocks-gallery-item__caption">Five'
        '</figcaption></figure></li><li class="blocks-gallery-item"><figure><img src="/6.jpg" '
        'data-id="6"/></figure></li></ul></figure><!-- /wp:gallery -->'
    )
    html, body = converted(content)
    assert html == '<figure data-figure="1"></figure><figure data-figure="2"></figure>'
    assert [(f.attachment_id, f.caption_html) for f in body.figures] == [(5, "Five"), (6, "")]


def test_a_gallery_saved_with_only_ids_places_each_attachment():
    html, body = converted('<!-- wp:gallery {"ids":[8,"9"]} /-->')
    assert html == '<figure data-figure="1"></figure><figure data-figure="2"></figure>'
    assert [(f.attachment_id, f.url) for f in body.figures] == [(8, ""), (9, "")]


def test_a_table_keeps_its_cells_and_its_caption_becomes_the_paragraph_before():
    content = (
        '<!-- wp:table --><figure class="wp-block-table"><table><thead><tr><th>Year</th><th>IDPs'
        "</th></tr></thead><tbody><tr><td>2020</td><td>1,000</td></tr></tbody></table>"
        '<figcaption class="wp-element-caption">Displacement by year</figcaption></figure>'
        "<!-- /wp:table -->"
    )
    assert canonical(content) == (
        "<p>Displacement by year</p><table><tbody><tr><th><p>Year</p></th><th><p>IDPs</p></th>"
        "</tr><tr><td><p>2020</p></td><td><p>1,000</p></td></tr></tbody></table>"
    )


def test_embeds_old_and_new_become_links():
    content = (
        '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc","type":"video"} -->\n'
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
        "https://www.youtube.com/watch?v=abc\n</div><figcaption>The talk</figcaption></figure>\n"
        "<!-- /wp:embed -->"
        '<!-- wp:core-embed/twitter {"url":"https://twitter.com/x/status/1"} -->\n'
        '<figure class="wp-block-embed-twitter"><div class="wp-block-embed__wrapper">\n'
        "https://twitter.com/x/status/1\n</div></figure>\n<!-- /wp:core-embed/twitter -->"
    )
    assert canonical(content) == (
        '<p><a href="https://www.youtube.com/watch?v=abc">https://www.youtube.com/watch?v=abc'
        '</a></p><p>The talk</p><p><a href="https://twitter.com/x/status/1">'
        "https://twitter.com/x/status/1</a></p>"
    )


def test_block_editor_footnotes_become_notes_at_their_calls():
    meta = json.dumps(
        [
            {"id": "a1b2", "content": "See <em>Varga</em>, 2019."},
            {"id": "c3d4", "content": "Second note."},
        ]
    )
    content = (
        '<!-- wp:paragraph --><p>Families flee<sup data-fn="a1b2" class="fn"><a href="#a1b2" '
        'id="a1b2-link">1</a></sup> one by one<sup data-fn="c3d4" class="fn"><a href="#c3d4" '
        'id="c3d4-link">2</a></sup>.</p><!-- /wp:paragraph --><!-- wp:footnotes /-->'
    )
    html, body = converted(content, footnotes_meta=meta)
    assert html == (
        '<p>Families flee<span data-note="">See <em>Varga</em>, 2019.</span> one by one'
        '<span data-note="">Second note.</span>.</p>'
    )
    assert len(note_elements(parse(html))) == 2
    assert body.warnings == []


def test_custom_html_and_containers_keep_their_content():
    content = (
        '<!-- wp:group {"layout":{"type":"constrained"}} --><div class="wp-block-group">'
        '<!-- wp:columns --><div class="wp-block-columns"><!-- wp:column --><div '
        'class="wp-block-column"><!-- wp:paragraph --><p>Left</p><!-- /wp:paragraph --></div>'
        "<!-- /wp:column --></div><!-- /wp:columns --></div><!-- /wp:group -->"
        "<!-- wp:html --><p>Raw <b>html</b></p><!-- /wp:html -->"
        '<!-- wp:cover --><div class="wp-block-cover"><span class="wp-block-cover__background">'
        '</span><div class="wp-block-cover__inner-container"><!-- wp:paragraph --><p>Over</p>'
        "<!-- /wp:paragraph --></div></div><!-- /wp:cover -->"
    )
    assert canonical(content) == "<p>Left</p><p>Raw <strong>html</strong></p><p>Over</p>"


def test_more_nextpage_and_spacer_are_dropped():
    content = (
        "<!-- wp:paragraph --><p>A</p><!-- /wp:paragraph --><!-- wp:more -->\n<!--more-->\n"
        '<!-- /wp:more --><!-- wp:spacer {"height":"40px"} --><div style="height:40px" '
        'aria-hidden="true" class="wp-block-spacer"></div><!-- /wp:spacer --><!-- wp:nextpage '
        "-->\n<!--nextpage-->\n<!-- /wp:nextpage --><!-- wp:paragraph --><p>B</p>"
        "<!-- /wp:paragraph -->"
    )
    html, body = converted(content)
    assert html == "<p>A</p><p>B</p>"
    assert body.warnings == []


def test_a_shortcode_block_is_expanded():
    content = '<!-- wp:shortcode -->\n[gallery ids="3,4"]\n<!-- /wp:shortcode -->'
    assert canonical(content) == (
        '<figure data-figure="1"></figure><figure data-figure="2"></figure>'
    )


def test_a_file_block_linking_a_pdf_is_dropped_and_reported():
    url = f"{UPLOADS}/2022/01/paper.pdf"
    content = (
        f'<!-- wp:file {{"id":9,"href":"{url}"}} --><div class="wp-block-file"><a href="{url}">'
        f'paper</a><a href="{url}" class="wp-block-file__button" download>Download</a></div>'
        "<!-- /wp:file --><!-- wp:paragraph --><p>Text</p><!-- /wp:paragraph -->"
    )
    html, body = converted(content, uploads_url=UPLOADS)
    assert html == "<p>Text</p>"
    assert body.pdf_links == [url]
    assert body.warnings == [f"Download PDF link to {url} dropped (Colophon makes its own PDF)"]


def test_buttons_become_links():
    content = (
        '<!-- wp:buttons --><div class="wp-block-buttons"><!-- wp:button --><div '
        'class="wp-block-button"><a class="wp-block-button__link" href="https://un.org">UN</a>'
        "</div><!-- /wp:button --></div><!-- /wp:buttons -->"
    )
    assert canonical(content) == '<p><a href="https://un.org">UN</a></p>'


def test_an_unknown_block_keeps_its_text_and_is_reported():
    content = (
        '<!-- wp:acme/callout {"tone":"info"} --><div class="callout"><p>Remember this.</p>'
        "</div><!-- /wp:acme/callout -->"
    )
    html, body = converted(content)
    assert html == "<p>Remember this.</p>"
    assert body.warnings == ["unknown block acme/callout (its text was kept)"]


def test_freeform_html_between_blocks_gets_paragraphs():
    content = "Loose line\n\nAnother\n<!-- wp:paragraph --><p>Block</p><!-- /wp:paragraph -->"
    assert canonical(content) == "<p>Loose line</p><p>Another</p><p>Block</p>"


def test_no_word_of_a_large_mixed_post_is_lost():
    words = [f"word{n}" for n in range(400)]
    chunks = [" ".join(words[n : n + 20]) for n in range(0, 400, 20)]
    content = "\n".join(
        [
            f"<!-- wp:paragraph --><p>{chunks[0]}</p><!-- /wp:paragraph -->",
            f'<!-- wp:heading --><h2 class="wp-block-heading">{chunks[1]}</h2>'
            "<!-- /wp:heading -->",
            f"<!-- wp:list --><ul><!-- wp:list-item --><li>{chunks[2]}</li><!-- /wp:list-item -->"
            "</ul><!-- /wp:list -->",
            f'<!-- wp:quote --><blockquote class="wp-block-quote"><!-- wp:paragraph --><p>'
            f"{chunks[3]}</p><!-- /wp:paragraph --><cite>{chunks[4]}</cite></blockquote>"
            "<!-- /wp:quote -->",
            f'<!-- wp:pullquote --><figure class="wp-block-pullquote"><blockquote><p>{chunks[5]}'
            f"</p><cite>{chunks[6]}</cite></blockquote></figure><!-- /wp:pullquote -->",
            f'<!-- wp:image {{"id":1}} --><figure class="wp-block-image"><img src="/i.jpg" '
            f'alt=""/><figcaption>{chunks[7]}</figcaption></figure><!-- /wp:image -->',
            f'<!-- wp:table --><figure class="wp-block-table"><table><tbody><tr><td>{chunks[8]}'
            f"</td></tr></tbody></table><figcaption>{chunks[9]}</figcaption></figure>"
            "<!-- /wp:table -->",
            f"<!-- wp:html --><div>{chunks[10]}</div><!-- /wp:html -->",
            f"<!-- wp:acme/unknown --><section>{chunks[11]}</section><!-- /wp:acme/unknown -->",
            f"<!-- wp:shortcode -->[box]{chunks[12]}[/box]<!-- /wp:shortcode -->",
            f"<!-- wp:group --><div><!-- wp:paragraph --><p>{chunks[13]} "
            f'<img src="/in.jpg"> {chunks[14]}</p><!-- /wp:paragraph --></div><!-- /wp:group -->',
            f"<!-- wp:preformatted --><pre>{chunks[15]}</pre><!-- /wp:preformatted -->",
            f"<!-- wp:verse --><pre>{chunks[16]}</pre><!-- /wp:verse -->",
            f"<!-- wp:details --><details><summary>{chunks[17]}</summary><!-- wp:paragraph -->"
            f"<p>{chunks[18]}</p><!-- /wp:paragraph --></details><!-- /wp:details -->",
            f"{chunks[19]}",
        ]
    )
    html, body = converted(content)
    kept = html + " ".join(f.caption_html for f in body.figures)
    found = set(re.findall(r"word\d+", kept))
    assert sorted(set(words) - found) == []


def test_a_file_block_for_another_file_keeps_its_name_and_button_apart():
    content = (
        '<!-- wp:file {"id":761,"href":"https://x.org/farm.jpg"} --><div class="wp-block-file">'
        '<a href="https://x.org/farm.jpg">Wind Farm</a><a href="https://x.org/farm.jpg" '
        'class="wp-block-file__button" download>Download</a></div><!-- /wp:file -->'
    )
    assert canonical(content) == (
        '<p><a href="https://x.org/farm.jpg">Wind Farm</a> <a href="https://x.org/farm.jpg">'
        "Download</a></p>"
    )


def test_known_blocks_are_told_apart_from_unknown_ones():
    assert known_block("core/paragraph")
    assert known_block("core/image")
    assert known_block("core-embed/youtube")
    assert known_block("core/footnotes")
    assert not known_block("core/post-title")
    assert not known_block("acme/callout")


def test_many_images_in_one_paragraph_are_placed_in_linear_time():
    started = time.monotonic()
    body = convert_body("<p>" + "<img src='/a.jpg'> text " * 3000 + "</p>")
    assert len(body.figures) == 3000
    assert time.monotonic() - started < 10


def test_unknown_blocks_inside_unknown_blocks_are_each_reported():
    content = (
        '<!-- wp:comments --><div class="wp-block-comments"><!-- wp:comment-template -->'
        "<!-- wp:comment-content /--><!-- /wp:comment-template --></div><!-- /wp:comments -->"
    )
    warnings = convert_body(content).warnings
    assert sorted(warnings) == [
        "unknown block core/comment-content (it had no text)",
        "unknown block core/comment-template (it had no text)",
        "unknown block core/comments (it had no text)",
    ]
