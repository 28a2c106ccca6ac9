"""What a reader finds in the PDFs: text, labels, metadata, tags and bookmarks.

Each document is rendered once for the module (rendering is the slow part), in memory.
"""

import pytest
from pypdf.generic import IndirectObject

from articles.pdf.content import article_source, articles_for_pdf, volume_source
from articles.pdf.render import render_source
from tests.pdf.conftest import build_shared, make_piece, pdf_reader, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pdfs(django_db_setup, django_db_blocker, shared_media):
    def build():
        piece = make_piece()
        second = make_piece(piece.volume, languages=("en",), title_en="A second piece")
        article = articles_for_pdf().get(pk=piece.pk)
        sources = {
            "en": article_source(article, "en"),
            "es": article_source(article, "es"),
            "volume": volume_source(piece.volume, "en"),
        }
        return {
            "data": {key: render_source(source).data for key, source in sources.items()},
            "snapshot": {key: source.snapshot for key, source in sources.items()},
            "second_title": second.title_en,
        }

    return build_shared(django_db_blocker, shared_media, build)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_pdf_prints_everything_a_reader_cites(pdfs, language):
    snap = pdfs["snapshot"][language]
    text = pdf_text(pdfs["data"][language])
    image = snap["image"]
    expected = [
        snap["title"],
        snap["series"]["title"],
        snap["volume"]["label"],
        "Mariana Quintero",
        snap["authors"][0]["affiliation"],
        "Criminal groups displace families" if language == "en" else "Los grupos criminales",
        "Fleeing the Gangs",
        "A free-text entry, 2021.",
        f"{image['title']}",
        image["creator"],
        "CC BY 2.0",
        "https://creativecommons.org/licenses/by/2.0/",
        "CC BY 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
        snap["url"],
        "https://doi.org/10.5555/briefs.4",
        "Mariana studies criminal violence." if language == "en" else "Mariana estudia",
    ]
    missing = [value for value in expected if value not in text]
    assert not missing, f"missing from the {language} PDF: {missing}"


def test_the_english_pdf_has_english_labels(pdfs):
    text = pdf_text(pdfs["data"]["en"])
    for label in ("Summary", "Bibliography", "About the author", "How to cite", "Licence"):
        assert label in text


def test_the_spanish_pdf_is_in_spanish_throughout(pdfs):
    text = pdf_text(pdfs["data"]["es"])
    for label in ("Resumen", "Bibliografía", "Cómo citar", "Licencia", "Publicado el", "Fuente:"):
        assert label in text
    assert "Traducción de Lucía Ferrer" in text
    for english in ("How to cite", "Bibliography", "Summary", "Source:", "licensed under"):
        assert english not in text


def test_an_external_link_in_the_body_is_printed_with_its_url(pdfs):
    text = pdf_text(pdfs["data"]["en"])
    assert "guidance notea." in text  # lettered: numbers are the author's notes
    assert "Links in the text https://example.org/guidance" in text


def test_text_copied_from_the_pdf_keeps_plain_hyphens(pdfs):
    # The DOI and ORCID iD must paste back exactly as they were typed.
    text = pdf_text(pdfs["data"]["en"])
    assert "10.5555/briefs.4" in text
    assert "https://orcid.org/0000-0002-9138-5705" in text
    assert "\u2010" not in text


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_metadata_names_the_piece_in_its_language(pdfs, language):
    snap = pdfs["snapshot"][language]
    reader = pdf_reader(pdfs["data"][language])
    info = reader.metadata
    assert info["/Title"] == f"{snap['title']}: {snap['subtitle']}"
    assert "Mariana Quintero" in info["/Author"]
    assert info["/Subject"] == snap["summary"]
    assert info["/Keywords"] == ", ".join(snap["keywords"])
    assert info["/CreationDate"].startswith("D:" + snap["published_on"].replace("-", ""))
    assert info["/ModDate"].startswith("D:")
    assert reader.trailer["/Root"]["/Lang"] == language


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_pdf_is_tagged_for_accessibility(pdfs, language):
    root = pdf_reader(pdfs["data"][language]).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


def _struct_elements(node, seen=None):
    seen = seen if seen is not None else set()
    if isinstance(node, IndirectObject):
        if node.idnum in seen:
            return
        seen.add(node.idnum)
        node = node.get_object()
    if isinstance(node, list):
        for child in node:
            yield from _struct_elements(child, seen)
    elif hasattr(node, "get"):
        if node.get("/S") is not None:
            yield node
        kids = node.get("/K")
        if kids is not None:
            yield from _struct_elements(kids, seen)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_figure_carries_its_alt_text(pdfs, language):
    root = pdf_reader(pdfs["data"][language]).trailer["/Root"]
    figures = [e for e in _struct_elements(root["/StructTreeRoot"]) if e["/S"] == "/Figure"]
    assert [str(f.get("/Alt")) for f in figures] == [pdfs["snapshot"][language]["image"]["alt"]]


def test_the_article_pdf_has_bookmarks_for_its_sections(pdfs):
    outline = pdf_reader(pdfs["data"]["en"]).outline
    titles = [item["/Title"] for item in _flatten(outline)]
    assert titles[0] == pdfs["snapshot"]["en"]["title"]
    assert "Where the law falls short" in titles
    assert "Bibliography" in titles


def _flatten(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


def test_the_volume_pdf_has_a_bookmark_for_each_piece(pdfs):
    outline = pdf_reader(pdfs["data"]["volume"]).outline
    top = [item["/Title"] for item in outline if not isinstance(item, list)]
    pieces = [piece["title"] for piece in pdfs["snapshot"]["volume"]["pieces"]]
    assert pdfs["second_title"] in pieces
    for title in pieces:
        assert title in top


def test_the_volume_pdf_has_a_cover_and_a_linked_table_of_contents(pdfs):
    reader = pdf_reader(pdfs["data"]["volume"])
    snapshot = pdfs["snapshot"]["volume"]
    cover = reader.pages[0].extract_text()
    assert snapshot["volume"]["title"] in cover
    assert "Contents" in cover
    links = [
        annotation.get_object()
        for annotation in reader.pages[0].get("/Annots", [])
        if annotation.get_object()["/Subtype"] == "/Link"
    ]
    internal = [
        link for link in links if "/Dest" in link or link.get("/A", {}).get("/S") == "/GoTo"
    ]
    assert len(internal) >= len(snapshot["pieces"])


def test_every_page_has_the_running_head_and_its_number(pdfs):
    reader = pdf_reader(pdfs["data"]["en"])
    series = pdfs["snapshot"]["en"]["series"]["title"]
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert series in text
        assert f"{number} / {total}" in text


@pytest.mark.parametrize("document", ["en", "es", "volume"])
def test_the_pdf_passes_the_pdf_ua_checks_that_can_run_here(pdfs, document, tmp_path):
    # veraPDF cannot be installed from the registries this project uses (docs/pdf.md);
    # pdfua checks the machine-checkable subset of PDF/UA-1 it implements.
    from pdfua import Severity, validate

    path = tmp_path / f"{document}.pdf"
    path.write_bytes(pdfs["data"][document])
    report = validate(str(path))
    problems = [
        f"{finding.rule_id}: {finding.message}"
        for finding in report.findings
        if finding.severity in (Severity.ERROR, Severity.WARNING)
    ]
    assert problems == []
