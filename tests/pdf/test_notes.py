"""Authors' notes in the PDFs: real footnotes at the foot of the page that calls them,
numbered as on the reading page, per piece, with links that stay inside their piece.

The documents are rendered once for the module; NOTES_PDF_DIR=/some/dir keeps them for
looking at (pdftoppm -png -r 60).
"""

import os
import re
from pathlib import Path

import pytest

from articles.models import Article
from articles.pdf.content import article_source, articles_for_pdf, volume_source
from articles.pdf.render import render_source
from tests.pdf.conftest import build_shared, make_piece, pdf_reader

pytestmark = pytest.mark.django_db

FILLER = "".join(
    f"<p>Paragraph {n} describes how families leave one district after another when the "
    "armed groups that control the roads demand payment from every household, and how "
    "officials who register them record neither the threat nor the route they took.</p>"
    for n in range(1, 9)
)
LONG_NOTE = " ".join(f"longword{n}" for n in range(1, 900)) + " LONGNOTEEND"


def note(text: str) -> str:
    return f'<span data-note="">{text}</span>'


BODY_EN = (
    f"<p>Displacement CALLONE is rising.{note('NOTEONE Compare <em>Varga</em> 2019.')}</p>"
    f"<p>Second claim CALLTWO.{note('NOTETWO See the <a href="https://example.org/r">report</a>.')}</p>"
    + FILLER
    + f"<p>Late claim CALLTHREE.{note('NOTETHREE on a later page.')}</p>"
    + FILLER
    + f"<p>The long one CALLLONG.{note('LONGNOTESTART ' + LONG_NOTE)}</p>"
    + FILLER
)
BODY_ES = f"<p>El desplazamiento LLAMADAUNO crece.{note('NOTAUNO Véase Varga.')}</p>"


def _bodies(article: Article, **fields: str) -> None:
    # Stored as the sanitiser will keep them, without going through save().
    Article.objects.filter(pk=article.pk).update(**fields)


@pytest.fixture(scope="module")
def pdfs(django_db_setup, django_db_blocker, shared_media):
    def build():
        piece = make_piece()
        _bodies(piece, slug="gangs", body_en=BODY_EN, body_es=BODY_ES)
        first = make_piece(piece.volume, languages=("en",))
        _bodies(
            first,
            slug="first-in-volume",
            body_en=f"<p>Volume one FIRSTCALL.{note('FIRSTPIECENOTE')}</p>",
        )
        second = make_piece(piece.volume, languages=("en",))
        _bodies(
            second,
            slug="second-in-volume",
            body_en=f"<p>Volume two SECONDCALL.{note('SECONDPIECENOTE')}</p>",
        )
        article = articles_for_pdf().get(pk=piece.pk)
        sources = {
            "en": article_source(article, "en"),
            "es": article_source(article, "es"),
            "volume": volume_source(piece.volume, "en"),
        }
        return {key: render_source(source).data for key, source in sources.items()}

    data = build_shared(django_db_blocker, shared_media, build)
    if keep := os.environ.get("NOTES_PDF_DIR"):
        for key, pdf in data.items():
            Path(keep, f"notes-{key}.pdf").write_bytes(pdf)
    return data


def page_texts(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pdf_reader(data).pages]


def page_of(texts: list[str], word: str) -> int:
    pages = [n for n, text in enumerate(texts) if word in text]
    assert pages, f"{word} is on no page"
    return pages[0]


@pytest.mark.parametrize(
    ("call", "text"),
    [("CALLONE", "NOTEONE"), ("CALLTWO", "NOTETWO"), ("CALLTHREE", "NOTETHREE")],
)
def test_each_note_is_printed_at_the_foot_of_the_page_that_calls_it(pdfs, call, text):
    texts = page_texts(pdfs["en"])
    assert page_of(texts, call) == page_of(texts, text)


def test_notes_are_numbered_in_order_as_on_the_reading_page(pdfs):
    texts = page_texts(pdfs["en"])
    first = texts[page_of(texts, "NOTEONE")]
    assert re.search(r"\b1\s*NOTEONE Compare Varga 2019\.", first)
    assert re.search(r"\b2\s*NOTETWO See the report", first)
    assert re.search(r"\b3\s*NOTETHREE", texts[page_of(texts, "NOTETHREE")])
    assert re.search(r"\b4\s*LONGNOTESTART", texts[page_of(texts, "LONGNOTESTART")])


def test_a_link_in_a_note_is_lettered_like_the_links_in_the_text(pdfs):
    texts = page_texts(pdfs["en"])
    assert "reporta." in texts[page_of(texts, "NOTETWO")]
    assert "https://example.org/r" in " ".join(texts)


def test_a_note_too_long_for_its_page_continues_on_the_next(pdfs):
    texts = page_texts(pdfs["en"])
    start = page_of(texts, "LONGNOTESTART")
    assert page_of(texts, "CALLLONG") == start
    end = page_of(texts, "LONGNOTEEND")
    assert end > start
    # Nothing is lost between the pages: every word of the note is printed once.
    words = re.findall(r"longword(\d+)\b", " ".join(texts[start : end + 1]))
    assert [int(word) for word in words] == list(range(1, 900))


def test_the_spanish_pdf_numbers_its_own_notes(pdfs):
    texts = page_texts(pdfs["es"])
    assert page_of(texts, "LLAMADAUNO") == page_of(texts, "NOTAUNO")
    assert re.search(r"\b1\s*NOTAUNO", " ".join(texts))


def _links(data: bytes) -> list[tuple[int, str]]:
    """(page index, named destination) of every internal link."""
    found = []
    for index, page in enumerate(pdf_reader(data).pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                found.append((index, str(annotation["/Dest"])))
    return found


def test_every_piece_of_a_volume_numbers_its_notes_from_one(pdfs):
    texts = page_texts(pdfs["volume"])
    for call, text in (("FIRSTCALL", "FIRSTPIECENOTE"), ("SECONDCALL", "SECONDPIECENOTE")):
        page = page_of(texts, call)
        assert page == page_of(texts, text)
        assert re.search(rf"\b1\s*{text}", texts[page])
    assert re.search(r"\b1\s*NOTEONE", texts[page_of(texts, "NOTEONE")])


def test_a_call_in_a_volume_links_to_its_own_pieces_note(pdfs):
    data = pdfs["volume"]
    destinations = pdf_reader(data).named_destinations
    links = _links(data)
    texts = page_texts(data)
    for slug, text in (
        ("first-in-volume", "FIRSTPIECENOTE"),
        ("second-in-volume", "SECONDPIECENOTE"),
    ):
        target = f"piece-{slug}-note-1"
        page = page_of(texts, text)
        assert (page, target) in links, f"no link to {target} on page {page + 1}"
        landing = pdf_reader(data).get_destination_page_number(destinations[target])
        assert landing == page
        # The way back from the note goes to the call, on the same page.
        call = destinations[f"piece-{slug}-note-call-1"]
        assert pdf_reader(data).get_destination_page_number(call) == page
    targets = [target for _page, target in links if "note" in target]
    assert len(targets) == len(set(targets)), "two calls link to the same note"


def _heights(page, word: str) -> list[float]:
    """Heights above the page's foot of the text runs that contain `word`."""
    found: list[float] = []

    def visit(text, cm, tm, font, size):
        if word in text:
            found.append(tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("document", ["en", "volume"])
def test_a_continued_note_stays_below_the_text_of_its_pages(pdfs, document):
    # Pieces of a long note carried over to a page are laid out before its text; without
    # a cap on the footnote area they covered it.
    for number, page in enumerate(pdf_reader(pdfs[document]).pages, start=1):
        text, note = _heights(page, "describes"), _heights(page, "longword")
        if text and note:
            assert max(note) < min(text), f"the note covers the text on page {number}"
