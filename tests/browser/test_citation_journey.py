"""An editor's whole task with citations, in Chromium and through the admin only: references
added from pasted BibTeX and from a DOI (a local fake Crossref), five notes written with the
Cite button, the piece published, its OSCOLA notes read on the page and in the PDF, the
book's title corrected in the structured reference form, then the series switched to APA
and the same places read again.

The expected citations are written out here as a reader would check them against the
style's rules, not worked out by the code under test. SCREENSHOT_DIR=/some/dir keeps the
screenshots (the picker, the notes, a PDF page when pdftoppm is there, the APA page).
"""

import os
import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from pypdf import PdfReader

from articles.models import Article
from tests.bibliography.fake_crossref import fake_crossref  # noqa: F401  (a fixture)
from tests.browser.editing import download_pdf, watch_dialogs
from tests.browser.test_csp import violations
from tests.browser.test_editor import ENGLISH, PASSWORD, open_editors, signed_in
from tests.factories import make_article, make_series, make_volume

pytestmark = pytest.mark.django_db(transaction=True)

BIBTEX = r"""@book{varga2019,
  author = {Varga, Helena}, title = {Fleeing the Gangs},
  publisher = {Meridian Academic Press}, address = {Leeds}, year = {2019}}
@report{idmc2022,
  author = {{Internal Displacement Monitoring Centre}},
  title = {Global Report on Internal Displacement 2022},
  institution = {IDMC}, address = {Geneva}, year = {2022}}
"""
DOI = "10.1371/journal.pone.0033693"  # a journal article with six authors, recorded
BOOK, REPORT = "Fleeing the Gangs", "Global Report on Internal Displacement 2022"
ARTICLE_TITLE = (
    "Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia"
    " in the Basal Ganglia of Mice"
)
# Each sentence of the body, and the note after it: what to type in the picker, the label
# it must choose, the work (by title) and the page.
SENTENCES = [
    ("Families leave their homes when the gangs arrive.", "varg", "Varga 2019", BOOK, "4"),
    (" Few of them ever return.", "varga", "Varga 2019", BOOK, "9"),
    (
        " Official figures count only some of them.",
        "displacement",
        "Internal Displacement Monitoring Centre 2022",
        REPORT,
        "17",
    ),
    (" The harm can last.", "sadas", "Sadasivan et al. 2012", ARTICLE_TITLE, "5"),
    (" The pattern repeats across the region.", "varg", "Varga 2019", BOOK, "12"),
]
# OSCOLA: the first citation in full, "ibid" with the new page right after it, a later one
# in short form pointing at the note of the first; more than three authors are "and others".
OSCOLA_NOTES = [
    "Helena Varga, Fleeing the Gangs (Meridian Academic Press 2019) 4.",
    "ibid 9.",
    "Internal Displacement Monitoring Centre, Global Report on Internal Displacement 2022"
    " (IDMC 2022) 17.",
    "Shankar Sadasivan and others, \u2018Methylphenidate Exposure Induces Dopamine Neuron"
    " Loss and Activation of Microglia in the Basal Ganglia of Mice\u2019 (2012) 7 PLoS ONE"
    " e33693, 5 <https://doi.org/10.1371/journal.pone.0033693>.",
    "Varga (n 1) 12.",
]
# APA: notes that hold only a citation become in-text citations before the full stop.
APA_TEXT = (
    "Families leave their homes when the gangs arrive (Varga, 2019, p. 4)."
    " Few of them ever return (Varga, 2019, p. 9)."
    " Official figures count only some of them"
    " (Internal Displacement Monitoring Centre, 2022, p. 17)."
    " The harm can last (Sadasivan et al., 2012, p. 5)."
    " The pattern repeats across the region (Varga, 2019, p. 12)."
)
APA_CITATIONS = [
    "(Varga, 2019, p. 4)",
    "(Varga, 2019, p. 9)",
    "(Internal Displacement Monitoring Centre, 2022, p. 17)",
    "(Sadasivan et al., 2012, p. 5)",
    "(Varga, 2019, p. 12)",
]
# The book's title corrected in its structured form: only the first note prints it.
NEW_BOOK = "Escaping the Gangs"
RETITLED_NOTES = [
    "Helena Varga, Escaping the Gangs (Meridian Academic Press 2019) 4.",
    *OSCOLA_NOTES[1:],
]
PICKER = "dialog.colophon-cite-dialog"
NOTE_INPUT = ".colophon-note__input"
# A note's text on the page without its back-link arrow, spaces collapsed.
NOTE_TEXTS = """() => [...document.querySelectorAll("[role=doc-endnotes] li")].map((li) => {
  const copy = li.cloneNode(true);
  copy.querySelectorAll(".notes__back").forEach((a) => a.remove());
  return copy.textContent.replace(/\\s+/g, " ").trim();
})"""


@pytest.fixture
def site(live_server, settings, fake_crossref) -> str:  # noqa: F811
    # The live server runs in this process: the fake Crossref's settings reach it. A loaded
    # machine gets more than the fake's half second to answer.
    settings.CROSSREF_LOOKUP_TIMEOUT = 10
    # As in production: a change the piece's own save does not show (here the series'
    # style) reaches the PDF through rendering ahead, not when the download's pointer
    # expires a minute later (articles/pdf/pointers.py).
    settings.PDF_RENDER_AHEAD = True
    settings.SITE_URL = live_server.url
    get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)
    return live_server.url


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def import_references(page, base: str, article: Article, text: str, expected: int) -> None:
    page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    page.get_by_role("link", name="Import references").click()
    page.locator("#id_text").fill(text)
    page.get_by_role("button", name="Preview").click()
    rows = page.locator("table.reference-import tbody tr")
    rows.first.wait_for()
    assert rows.count() == expected
    assert page.locator("input[name=pick]:checked").count() == expected
    page.get_by_role("button", name="Add selected references").click()
    added = "Added 1 reference." if expected == 1 else f"Added {expected} references."
    page.locator(".messagelist", has_text=added).wait_for()


def click_until(page, target, appears, attempts: int = 3) -> None:
    """Clicks `target` until `appears` is there: under load a toolbar can still be moving
    when the click lands, and a person clicks again."""
    for attempt in range(attempts):
        target.click()
        try:
            appears.wait_for(timeout=10_000)
            return
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise


def cite_in_a_new_note(page, search_text: str, label: str, pinpoint: str, shot=None) -> None:
    page.keyboard.press("Control+Alt+f")
    page.locator(f"{NOTE_INPUT}.ProseMirror-focused").wait_for()
    picker = page.locator(PICKER)
    click_until(page, page.locator(f"{ENGLISH} button[data-name=citation]"), picker)
    search = picker.get_by_role("combobox", name="Reference")
    search.wait_for()
    search.press_sequentially(search_text)
    options = picker.get_by_role("listbox", name="References").get_by_role("option")
    options.first.wait_for()
    assert options.first.inner_text().startswith(label), options.all_inner_texts()
    if shot:
        page.screenshot(path=str(shot))
    search.press("Enter")
    assert search.input_value() == label
    assert picker.get_by_label("Kind").input_value() == "page"
    picker.get_by_label("Number or range").fill(pinpoint)
    picker.get_by_role("button", name="Insert").click()
    picker.wait_for(state="detached")
    page.locator(f"{NOTE_INPUT}.ProseMirror-focused").wait_for()
    page.keyboard.press("Enter")  # back to the text, just after the note's call
    page.locator(NOTE_INPUT).wait_for(state="detached")


def write_the_body(page, picker_shot: Path) -> None:
    body = page.locator(f"{ENGLISH} .ProseMirror")
    body.click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.wait_for_function(
        "() => document.getElementById('id_body_en').colophonEditor.state.doc.textContent === ''"
    )
    for number, (sentence, search_text, label, _work, pinpoint) in enumerate(SENTENCES, 1):
        page.keyboard.type(sentence)
        cite_in_a_new_note(
            page, search_text, label, pinpoint, shot=picker_shot if number == 3 else None
        )


def stored_body(keys: dict[str, str]) -> str:
    notes = "".join(
        f'{sentence}<span data-note=""><cite data-ref="{keys[work]}" data-label="page"'
        f' data-locator="{pinpoint}"></cite></span>'
        for sentence, _search, _label, work, pinpoint in SENTENCES
    )
    return f"<p>{notes}</p>"


def position_of(article: Article, title: str) -> int:
    """The row of the bibliography's inline form that holds the entry titled `title`."""
    titles = [(r.csl or {}).get("title") for r in article.references.order_by("position", "pk")]
    return titles.index(title)


def pdf_text(data: bytes) -> str:
    """The whole PDF's text: soft hyphens, hyphenation at line ends and lines broken inside
    an address in angle brackets undone, spaces collapsed."""
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
    text = text.replace("\u00ad", "")
    text = re.sub(r"(?<=[a-z])[-\u2010]\n(?=[a-z])", "", text)
    text = re.sub(r"<https?://[^<>]*>", lambda url: re.sub(r"\s+", "", url.group()), text)
    return re.sub(r"\s+", " ", text)


def render_first_page(data: bytes, folder: Path, name: str) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        return  # poppler-utils: only for a person to look at
    source = folder / f"{name}.pdf"
    source.write_bytes(data)
    subprocess.run(
        [pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", str(source), str(folder / name)],
        check=True,
        timeout=60,
    )


def test_an_editor_cites_imported_references_publishes_and_switches_the_style(
    browser,
    site,
    fake_crossref,  # noqa: F811
    tmp_path,
):
    base, folder = site, shots(tmp_path)
    series = make_series(title_en="Displacement Law", citation_style="oscola")
    article = make_article(
        make_volume(series),
        published=(),
        references=0,
        title_en="Leaving the gang districts",
        summary_en="Why families leave, and how few return.",
        body_en="<p>A draft to replace.</p>",
        slug="gang-districts",
    )
    page = signed_in(browser.new_context(viewport={"width": 1280, "height": 900}), base)
    dialogs = watch_dialogs(page)

    # The references: two from pasted BibTeX, one from a DOI answered by the fake Crossref.
    import_references(page, base, article, BIBTEX, 2)
    import_references(page, base, article, f"https://doi.org/{DOI}", 1)
    assert [request["path"] for request in fake_crossref] == [f"/works/{DOI}"]
    keys = {r.csl["title"]: r.key for r in article.references.order_by("position")}
    assert list(keys) == [BOOK, REPORT, ARTICLE_TITLE]

    # Five sentences, each with a note that cites a page.
    open_editors(page, f"{base}/admin/articles/article/{article.pk}/change/")
    write_the_body(page, folder / "citation-journey-picker.png")
    assert violations(page) == []
    page.locator("input[name=_continue]").click()
    page.locator(".messagelist .success").wait_for()
    article.refresh_from_db()
    assert article.body_en == stored_body(keys)

    # Published from the article list.
    page.goto(f"{base}/admin/articles/article/")
    page.locator(f"input[name=_selected_action][value='{article.pk}']").check()
    page.locator("select[name=action]").select_option("publish_en")
    page.locator("button[name=index]").click()
    page.locator(".messagelist .success").wait_for()
    article.refresh_from_db()
    assert article.is_published("en"), article.status

    # The public page and the PDF in OSCOLA.
    public = f"{base}{article.get_absolute_url()}"
    page.goto(public)
    assert page.locator(".article__body a[role=doc-noteref]").all_inner_texts() == [
        "1",
        "2",
        "3",
        "4",
        "5",
    ]
    assert page.evaluate(NOTE_TEXTS) == OSCOLA_NOTES
    page.locator("[role=doc-endnotes]").scroll_into_view_if_needed()
    page.screenshot(path=str(folder / "citation-journey-oscola-notes.png"))
    data = download_pdf(page, base)
    render_first_page(data, folder, "citation-journey-oscola-pdf")
    text = pdf_text(data)
    for note in OSCOLA_NOTES:
        assert note in text, (note, text)

    # The book's title corrected in the bibliography's structured form, saved once: the
    # note that prints the title follows, by key, and the old title is gone everywhere.
    open_editors(page, f"{base}/admin/articles/article/{article.pk}/change/")
    title = page.locator(f"#id_references-{position_of(article, BOOK)}-title")
    assert title.input_value() == BOOK
    title.fill(NEW_BOOK)
    page.locator("input[name=_continue]").click()
    page.locator(".messagelist .success").wait_for()
    article.refresh_from_db()
    assert article.body_en == stored_body(keys)
    assert article.references.get(key=keys[BOOK]).csl["title"] == NEW_BOOK
    page.goto(public)
    assert page.evaluate(NOTE_TEXTS) == RETITLED_NOTES
    assert BOOK not in page.locator("main").inner_text()
    text = pdf_text(download_pdf(page, base))
    for note in RETITLED_NOTES:
        assert note in text, (note, text)
    assert BOOK not in text

    # The series switched to APA: the notes become in-text citations.
    page.goto(f"{base}/admin/series/series/{series.pk}/change/")
    page.locator("#id_citation_style").select_option("apa")
    page.locator("input[name=_save]").click()
    page.locator(".messagelist .success").wait_for()
    page.goto(public)
    body = page.locator(".article__body")
    assert re.sub(r"\s+", " ", body.inner_text()).strip() == APA_TEXT
    assert body.locator("a[role=doc-noteref]").count() == 0
    assert page.locator("[role=doc-endnotes]").count() == 0
    assert BOOK not in page.locator("main").inner_text()
    bibliography = page.locator(".article__bibliography li").all_inner_texts()
    assert len(bibliography) == 3, bibliography
    for title in (NEW_BOOK, REPORT, ARTICLE_TITLE):
        assert sum(title in entry for entry in bibliography) == 1, (title, bibliography)
    page.screenshot(path=str(folder / "citation-journey-apa.png"), full_page=True)
    data = download_pdf(page, base)
    render_first_page(data, folder, "citation-journey-apa-pdf")
    text = pdf_text(data)
    assert APA_TEXT in text, text
    for title in (NEW_BOOK, REPORT, ARTICLE_TITLE):
        assert title in text
    assert BOOK not in text
    for note in RETITLED_NOTES:
        assert note not in text
    assert violations(page) == []
    assert dialogs == []
