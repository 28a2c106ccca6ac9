"""What counts as the PDF renderer: a change to any of these files re-renders every PDF."""

from pathlib import Path

from django.conf import settings

from articles.pdf.content import renderer_files


def _named() -> set[str]:
    base = Path(settings.BASE_DIR)
    return {str(path.relative_to(base)) for path in renderer_files()}


def test_the_renderer_code_itself_counts():
    named = _named()
    assert {
        "articles/pdf/render.py",
        "articles/pdf/content.py",
        "articles/pdf/figures.py",
    } <= named


def test_the_citation_engine_and_notes_count():
    named = _named()
    assert {"articles/citations.py", "articles/bibliography/citing.py"} <= named
    assert "colophon/lib/notes.py" in named
    assert "templates/pdf/piece.html" in named
