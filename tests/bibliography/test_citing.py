import time

import pytest
from django.core.cache import cache

from articles.bibliography.citing import (
    citation_label,
    is_note_style,
    printed_references,
    render_citations,
)
from articles.bibliography.positions import Cite, positions
from tests.factories import make_article

from .forms import note_texts
from .seed import ALL, IDMC, OBSERVATORY, REFUGEE_CONVENTION, VARGA, cite, note, ref


def test_positions_are_first_subsequent_with_the_first_note_and_ibid_with_a_pinpoint():
    a, a9, b = Cite("a", "4", "page"), Cite("a", "9", "page"), Cite("b")
    found = positions([(1, [a]), (2, [b]), (3, [a]), (4, [a]), (5, [a9])])
    assert [sorted(p.tests) for (p,) in found] == [
        ["first"], ["first"], ["near-note", "subsequent"],
        ["ibid", "near-note", "subsequent"],
        ["ibid", "ibid-with-locator", "near-note", "subsequent"],
    ]  # fmt: skip
    assert [p.first_note for (p,) in found] == [1, 2, 1, 1, 1]


def test_two_works_in_one_note_then_the_first_again_is_a_short_form_not_ibid():
    body = note(cite("varga"), "; ", cite("idmc")) + note(cite("varga", "page", "5"))
    assert note_texts(body) == [
        "Anna Varga, <i>Violence and Flight</i> (Oxford University Press 2019); Internal "
        "Displacement Monitoring Centre, <i>Global Report on Internal Displacement 2022</i> "
        '(IDMC 2022) &lt;<a href="https://www.internal-displacement.org/global-report/grid20'
        '22/">https://www.internal-displacement.org/global-report/grid2022/</a>&gt; accessed'
        " 1 March 2024.",
        "Varga (n 1) 5.",
    ]


def test_a_repeat_after_another_work_points_at_the_note_of_the_first_citation():
    body = "<p>x" + note("A comment.") + note(cite("varga")) + note(cite("idmc")) + "</p>"
    body += "<p>" + note(cite("varga", "page", "3")) + "</p>"
    assert note_texts(body)[3] == "Varga (n 2) 3."


def test_a_note_of_text_between_two_citations_of_a_work_stops_ibid():
    body = note(cite("varga")) + note("Text only.") + note(cite("varga"))
    assert note_texts(body)[2] == "Varga (n 1)."


def test_a_citation_in_running_text_becomes_a_note_of_its_own_after_punctuation():
    body = "<p>As argued " + cite("varga", "page", "4") + ". Then" + note(cite("varga")) + "</p>"
    rendered = render_citations(body, ALL, "oscola", "en")
    assert rendered.startswith('<p>As argued.<span data-note=""><span class="citation">Anna')
    # The first named page 4: "ibid" would too, so the short form names the whole work.
    assert note_texts(body)[1] == "Varga (n 1)."


def test_prefix_and_suffix_print_around_the_citation_and_text_after_it_keeps_its_own_stop():
    body = note(cite("varga", "page", "4", prefix="see", suffix="emphasis added"), " and more.")
    assert note_texts(body) == [
        "see Anna Varga, <i>Violence and Flight</i> (Oxford University Press 2019) 4, "
        "emphasis added and more."
    ]


def test_an_author_date_note_of_only_citations_moves_into_the_text_before_its_full_stop():
    body = "<p>Gangs drive violence." + note(cite("idmc", "page", "4")) + " Next.</p>"
    assert render_citations(body, ALL, "apa", "en") == (
        '<p>Gangs drive violence <span class="citation">(Internal Displacement Monitoring '
        "Centre, 2022, p. 4)</span>. Next.</p>"
    )


def test_an_author_date_citation_in_a_note_with_text_prints_in_the_note():
    body = "<p>A." + note("Compare ", cite("varga"), " on this.") + "</p>"
    assert note_texts(body, style="apa") == [
        'Compare <span class="citation">(Varga, 2019)</span> on this.'.replace(
            '<span class="citation">', ""
        ).replace("</span>", "")
    ]


def test_everything_from_references_and_affixes_is_escaped():
    hostile = ref("x", {"type": "book", "title": "<script>alert(1)</script>",
                        "author": [{"family": "<b>Evil</b>"}]})  # fmt: skip
    body = note(cite("x", suffix="<script>bad()</script>"))
    rendered = render_citations(body, [hostile], "oscola", "en")
    assert "<script>" not in rendered and "<b>" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "&lt;script&gt;bad()&lt;/script&gt;" in rendered


def test_a_citation_of_an_unknown_key_prints_a_visible_marker_and_is_logged(caplog):
    rendered = render_citations(note(cite("nobody")), ALL, "oscola", "en")
    assert '<span class="citation citation--missing">[missing reference]</span>' in rendered
    assert "nobody" in caplog.text
    spanish = render_citations(note(cite("nobody")), ALL, "oscola", "es")
    assert "[referencia no encontrada]" in spanish


LABELS = [("page", "4"), ("paragraph", "12"), ("article", "33"), ("section", "3"),
          ("chapter", "2"), ("footnote", "5")]  # fmt: skip


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("oscola", ["4", "para 12", "art 33", "s 3", "ch 2", "n 5"]),
        ("apa", ["p. 4", "para. 12", "Article 33", "Section 3", "Chapter 2", "Note 5"]),
        ("chicago-author-date", ["4", "para. 12", "art. 33", "sect. 3", "ch. 2", "n. 5"]),
    ],
)
def test_every_pinpoint_label_prints_in_the_style(style, expected):
    for (label, locator), printed in zip(LABELS, expected, strict=True):
        rendered = render_citations(note(cite("observatory", label, locator)), ALL, style, "en")
        assert f"{printed}{'.' if style == 'oscola' else ')'}</span>" in rendered, rendered


def test_spanish_uses_the_spanish_locale_terms():
    body = note(cite("varga")) + note(cite("varga", "paragraph", "3"))
    assert note_texts(body, language="es")[1] == "ibid párr 3."


def test_the_result_is_cached_and_a_piece_of_twenty_citations_renders_quickly():
    body = "<p>" + "".join(note(cite(r.key, "page", str(n))) for n in range(4) for r in ALL[:5])
    body += "</p>"
    start = time.perf_counter()
    first = render_citations(body, ALL, "oscola", "en")
    assert time.perf_counter() - start < 1.0
    assert any(key for key in cache._cache if "citations:" in key)  # type: ignore[attr-defined]
    assert render_citations(body, ALL, "oscola", "en") == first


def test_labels_name_the_author_and_year_or_a_treaty_title():
    assert citation_label(VARGA, "oscola", "en") == "Varga 2019"
    assert citation_label(OBSERVATORY, "apa", "en") == "Observatory on Urban Displacement 2023"
    assert citation_label(REFUGEE_CONVENTION, "oscola", "en") == "Refugee Convention"
    assert citation_label(IDMC, "oscola", "en") == "Internal Displacement Monitoring Centre 2022"


def test_note_styles_are_told_apart_from_author_date_styles():
    assert is_note_style("oscola") and is_note_style("chicago-notes-bibliography")
    assert not is_note_style("apa") and not is_note_style("chicago-author-date")


@pytest.mark.django_db
def test_printed_references_follow_the_series_scope():
    article = make_article(references=0)
    article.body_en = "<p>x" + note(cite("b")) + "</p>"
    article.body_es = "<p>x" + note(cite("c")) + "</p>"
    article.save()
    for position, key in enumerate("abcd"):
        article.references.create(position=position, key=key, text=f"Entry {key}",
                                  further_reading=key == "d")  # fmt: skip
    assert [r.key for r in printed_references(article)] == ["a", "b", "c", "d"]
    article.series.bibliography = "cited"
    article.series.save()
    assert [r.key for r in printed_references(article)] == ["b", "c", "d"]


def test_labels_join_authors_in_the_page_language():
    two = ref("two", {"type": "book", "title": "T", "issued": {"date-parts": [[2019]]},
                      "author": [{"family": "Varga"}, {"family": "Cantor"}]})  # fmt: skip
    three = ref("three", {**two.csl, "author": [*two.csl["author"], {"family": "Ortiz"}]})
    assert citation_label(two, "oscola", "en") == "Varga and Cantor 2019"
    assert citation_label(three, "oscola", "en") == "Varga et al. 2019"
    assert citation_label(two, "oscola", "es") == "Varga y Cantor 2019"
    assert citation_label(three, "apa", "es") == "Varga et al. 2019"
