"""Every way a body comes in gives the same notes: a Word document with footnotes and
endnotes, Markdown with `[^x]` footnotes and pandoc's HTML pasted without JavaScript,
each sent through the portal's text step, are stored alike, load into the editor
unchanged, and once published number their notes alike on the page and in the PDF.

In the browser folder because the editor part needs Chromium; the browser is opened once,
for all three bodies, so that the test stays fast.
"""

import re
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from lxml import html as lxml_html
from pypdf import PdfReader

from articles.models import Article
from articles.workflow.steps import publish_language, transition
from tests.browser.test_csp import violations
from tests.browser.test_editor import PASSWORD, WRITTEN, open_editors, signed_in
from tests.docx_notes import Endnote, Footnote, document
from tests.factories import make_volume
from tests.personas import client_for, make_person, make_staff, post_submission, submission_form

pytestmark = pytest.mark.django_db(transaction=True)

# Paragraphs between the first notes and the last, so that the last is called on a later
# page of the PDF than the first: each note must be printed at the foot of its own page.
FILLER = [
    f"Paragraph {n} describes how families leave one district after another when the armed "
    "groups that control the roads demand payment from every household, and how officials "
    "who register them record neither the threat nor the route they took."
    for n in range(1, 12)
]
# The notes' texts as a reader's page holds them (the last note's paragraphs kept apart by
# a line break, which text_content() leaves out).
NOTES = [
    "Interview with a community leader, 2023.",
    "UNHCR, Global Trends (2024).",
    "Closing note, first paragraph.Closing note, second paragraph.",
]
# The one stored body all three ways must give (the canonical form: notes in place).
STORED = (
    '<p>Families leave at night.<span data-note="">Interview with a <em>community leader</em>'
    ', 2023.</span> Most return within a year.<span data-note="">UNHCR, Global Trends (2024).'
    "</span></p>"
    + "".join(f"<p>{text}</p>" for text in FILLER)
    + '<p>The last claim.<span data-note="">Closing note, first paragraph.<br>Closing note, '
    "second paragraph.</span></p>"
)

WORD = document(
    [
        [
            "Families leave at night.",
            Footnote("Interview with a *community leader*, 2023."),
            " Most return within a year.",
            Endnote("UNHCR, Global Trends (2024)."),
        ],
        *([text] for text in FILLER),
        [
            "The last claim.",
            Footnote("Closing note, first paragraph.\n\nClosing note, second paragraph."),
        ],
    ]
)

MARKDOWN = "\n\n".join(
    [
        "Families leave at night.[^leader] Most return within a year.[^unhcr]",
        *FILLER,
        "The last claim.[^long]",
        "[^leader]: Interview with a *community leader*, 2023.",
        "[^unhcr]: UNHCR, Global Trends (2024).",
        "[^long]: Closing note, first paragraph.\n\n    Closing note, second paragraph.",
    ]
)


def _pandoc_call(n: int) -> str:
    # pandoc 3 -t html5, as tests/fixtures/notes/pandoc.html, attributes wrapped as it does.
    return (
        f'<a href="#fn{n}" class="footnote-ref" id="fnref{n}"\nrole="doc-noteref">'
        f"<sup>{n}</sup></a>"
    )


def _pandoc_back(n: int) -> str:
    return f'<a href="#fnref{n}" class="footnote-back"\nrole="doc-backlink">↩︎</a>'


PANDOC = (
    f"<p>Families leave at night.{_pandoc_call(1)} Most return within a\nyear.{_pandoc_call(2)}"
    "</p>\n"
    + "".join(f"<p>{text}</p>\n" for text in FILLER)
    + f"<p>The last claim.{_pandoc_call(3)}</p>\n"
    '<section id="footnotes" class="footnotes footnotes-end-of-document"\nrole="doc-endnotes">'
    "\n<hr />\n<ol>\n"
    '<li id="fn1"><p>Interview with a <em>community leader</em>, 2023.'
    f"{_pandoc_back(1)}</p></li>\n"
    f'<li id="fn2"><p>UNHCR, Global Trends (2024).{_pandoc_back(2)}</p></li>\n'
    '<li id="fn3"><p>Closing note, first paragraph.</p>\n'
    f"<p>Closing note, second paragraph.{_pandoc_back(3)}</p></li>\n"
    "</ol>\n</section>\n"
)


def ways() -> dict[str, dict]:
    """What the text step posts for each way in (a fresh upload each time)."""
    return {
        "docx": {"body_format": "docx", "docx": SimpleUploadedFile("piece.docx", WORD)},
        "markdown": {"body_format": "markdown", "markdown": MARKDOWN},
        # The textarea the editor stands on, as it posts on a page that runs no
        # JavaScript: the HTML as it was pasted into it.
        "html": {"body_format": "html", "body": PANDOC},
    }


def submit_each_way(contributor, series) -> dict[str, Article]:
    client = client_for(contributor)
    pieces = {}
    for way, fields in ways().items():
        data = submission_form(series, title=f"Notes by {way}", **fields)
        response = post_submission(client, data)
        assert response.status_code == 302, (way, response.content.decode()[-2000:])
        pieces[way] = Article.objects.get(title_en=f"Notes by {way}")
    return pieces


def public_notes(client: Client, article: Article) -> list[str]:
    """The notes' texts as the page lists them, after checking every call and back-link."""
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.content.decode())
    calls = tree.cssselect(".article__body sup.note-call > a")
    assert [call.text for call in calls] == [str(n) for n in range(1, len(NOTES) + 1)]
    texts = []
    for n, call in enumerate(calls, start=1):
        assert call.get("role") == "doc-noteref"
        assert call.get("aria-label") == f"Note {n}"
        note = tree.get_element_by_id(call.get("href").removeprefix("#"))
        back = note.cssselect("a[role=doc-backlink]")
        assert [a.get("href") for a in back] == [f"#{call.get('id')}"]
        texts.append(note.text_content().replace("\u21a9\ufe0e", "").strip())
    assert [len(note.cssselect("br")) for note in tree.cssselect("section.notes li")] == [0, 0, 1]
    return texts


def pdf_pages(client: Client, article: Article) -> list[str]:
    response = client.get(f"/en/articles/{article.slug}/{article.slug}.pdf")
    assert response.status_code == 200
    reader = PdfReader(BytesIO(b"".join(response.streaming_content)))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def page_of(pages: list[str], pattern: str) -> int:
    found = [n for n, text in enumerate(pages) if re.search(pattern, text)]
    assert found, f"{pattern!r} is on no page"
    return found[0]


def test_every_way_in_gives_the_same_notes(browser, live_server, settings):
    settings.PDF_RENDER_AHEAD = False  # rendered once each, when the PDF is asked for
    editor = make_staff("chief@example.org", "Editor")
    contributor = make_person("ana@example.org", given="Ana", family="López")
    volume = make_volume()
    pieces = submit_each_way(contributor, volume.series)

    # Stored alike: the same text, the same notes in the same order.
    bodies = {way: article.body_en for way, article in pieces.items()}
    assert bodies == dict.fromkeys(ways(), STORED)

    # Each body comes back from the editor exactly as stored.
    get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)
    page = signed_in(browser.new_context(), live_server.url)
    for way, article in pieces.items():
        open_editors(page, f"{live_server.url}/admin/articles/article/{article.pk}/change/")
        assert page.evaluate(WRITTEN, "id_body_en") == STORED, way
        assert page.locator(".prose-editor:has(> #id_body_en) .colophon-note").count() == 3
    assert violations(page) == []

    reader = Client()
    for way, article in pieces.items():
        transition(article, "accept", editor)
        article.volume = volume
        article.save()
        publish_language(article, "en", by=editor)

        # The page: calls 1..3 where the notes were, each note with its way back.
        assert public_notes(reader, article) == NOTES, way

        # The PDF: each note at the foot of the page that calls it, numbered as on the page.
        pages = pdf_pages(reader, article)
        assert len(pages) >= 2, way
        for n, call, note in [
            (1, r"Families leave at night", r"\b1\s*Interview with a community leader"),
            (2, r"Most return within a year", r"\b2\s*UNHCR, Global Trends"),
            (
                3,
                r"The last claim",
                r"\b3\s*Closing note, first paragraph\.\s*Closing note, second",
            ),
        ]:
            assert page_of(pages, call) == page_of(pages, note), (way, n)
        assert page_of(pages, "The last claim") > page_of(pages, "Families leave"), way
