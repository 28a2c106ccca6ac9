"""What the editor journeys do in Chromium as a person would (paste, put the cursor, add a
note) and how they read what comes out (the public page's body, the PDF per page)."""

import re
from io import BytesIO

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from pypdf import PdfReader

from tests.browser.test_csp import violations
from tests.browser.test_editor import ENGLISH

# What Chromium does when a person pastes: a paste event whose clipboardData holds the
# copied HTML, sent to the focused editor, which hands it to transformPastedHTML.
PASTE = """([html, text]) => {
  const data = new DataTransfer();
  data.setData("text/html", html);
  data.setData("text/plain", text);
  const event = new ClipboardEvent("paste", {
    clipboardData: data, bubbles: true, cancelable: true,
  });
  document.activeElement.dispatchEvent(event);
  return event.defaultPrevented;
}"""

# Where `text` is on screen in the body (not in a note): just inside the left edge of its
# first character and the right edge of its last, where a click puts the cursor before
# and after it.
TEXT_EDGES = """([selector, text]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const character = (node, at) => {
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + 1);
    return range.getBoundingClientRect();
  };
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(text);
    if (at < 0 || node.parentElement.closest(".colophon-note")) continue;
    const first = character(node, at);
    const last = character(node, at + text.length - 1);
    return {
      before: {x: first.left + 1, y: first.top + first.height / 2},
      after: {x: last.right - 1, y: last.top + last.height / 2},
    };
  }
  return null;
}"""

# A click, a drag or a key that moves the cursor natively (End) reaches the editor's state
# a moment later, on the browser's selectionchange; a person sees the cursor before
# typing on, and the test waits for the editor to have it too. (Keys pressed faster than
# that, such as a run of Shift+ArrowLeft, race the editor redrawing the selection.)
SELECTED = """(text) => {
  const {state} = document.getElementById("id_body_en").colophonEditor;
  const {from, to} = state.selection;
  return state.doc.textBetween(from, to) === text;
}"""
CURSOR_AFTER = """(text) => {
  const {state} = document.getElementById("id_body_en").colophonEditor;
  const {from, empty} = state.selection;
  return empty && state.doc.textBetween(Math.max(0, from - text.length), from) === text;
}"""
AT_THE_END = """() => {
  const {state} = document.getElementById("id_body_en").colophonEditor;
  const {$from, empty} = state.selection;
  return empty && $from.parentOffset === $from.parent.content.size
    && $from.after(1) === state.doc.content.size;
}"""

# Everything dangerous an element of the article's body could carry, read from the DOM.
DANGERS = """() => {
  const body = document.querySelector(".article__body");
  const found = [];
  for (const element of body.querySelectorAll("*")) {
    if (["script", "iframe", "svg", "img", "object", "embed"].includes(element.localName)) {
      found.push(element.localName);
    }
    for (const name of element.getAttributeNames()) {
      const value = element.getAttribute(name).replace(/[\\s\\u0000-\\u001f]+/g, "");
      const scheme = /^(javascript|data|vbscript):/i.test(value);
      if (name.startsWith("on") || name === "style" || scheme) {
        found.push(`${element.localName}[${name}=${value}]`);
      }
    }
  }
  return {found, text: body.innerText};
}"""


def watch_dialogs(page) -> list[str]:
    fired: list[str] = []

    def dismiss(dialog) -> None:
        fired.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", dismiss)
    return fired


def no_violations_before_leaving(page) -> None:
    # window.__violations starts afresh on every document: read it before each navigation.
    assert violations(page) == [], page.url


def paste(page, html: str) -> None:
    # The plain-text flavour a browser puts beside the HTML (not parsed in the page, whose
    # policy would report every style attribute of the copy).
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", html))
    assert page.evaluate(PASTE, [html, text]), "the editor did not take the paste"


def edges(page, text: str) -> dict:
    found = page.evaluate(TEXT_EDGES, [f"{ENGLISH} .ProseMirror", text])
    assert found, text
    return found


def click_after(page, text: str) -> None:
    # Measured just before the click; if the text moved meanwhile (a note closing reflows
    # the line) the cursor lands elsewhere, and a person looks and clicks again.
    for attempt in range(3):
        point = edges(page, text)["after"]
        page.mouse.click(point["x"], point["y"])
        try:
            page.wait_for_function(CURSOR_AFTER, arg=text, timeout=5_000)
            return
        except PlaywrightTimeout:
            if attempt == 2:
                raise


def select_by_dragging(page, text: str) -> None:
    for attempt in range(3):  # as click_after: measured, dragged, looked at
        found = edges(page, text)
        page.mouse.move(found["before"]["x"], found["before"]["y"])
        page.mouse.down()
        page.mouse.move(found["after"]["x"], found["after"]["y"], steps=5)
        page.mouse.up()
        try:
            page.wait_for_function(SELECTED, arg=text, timeout=5_000)
            return
        except PlaywrightTimeout:
            if attempt == 2:
                raise


def add_note(page, text: str) -> None:
    page.keyboard.press("Control+Alt+f")
    page.locator(".colophon-note__input.ProseMirror-focused").wait_for()
    page.keyboard.type(text)
    page.keyboard.press("Enter")  # back to the body text, just after the note
    page.locator(".colophon-note__input").wait_for(state="detached")


def toolbar(page, name: str):
    return page.locator(f"{ENGLISH} button[data-name={name}]")


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text, hyphenation and line breaks undone, spaces collapsed."""
    pages = []
    for page in PdfReader(BytesIO(data)).pages:
        text = re.sub(r"(?<=[a-z])[-\u2010]\n(?=[a-z])", "", page.extract_text())
        pages.append(re.sub(r"\s+", " ", text))
    return pages


def pdf_links(data: bytes) -> list[str]:
    links = []
    for page in PdfReader(BytesIO(data)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                links.append(str(action["/URI"]))
    return links


def pdf_images(data: bytes) -> list[int]:
    """How many pictures each page holds."""
    return [len(page.images) for page in PdfReader(BytesIO(data)).pages]


def page_holding(pages: list[str], text: str) -> int:
    found = [number for number, page in enumerate(pages) if text in page]
    if len(found) != 1:
        pytest.fail(f"{text!r} {found}\n" + "\n=====\n".join(pages))
    return found[0]


def download_pdf(page, base: str) -> bytes:
    link = page.get_by_role("link", name=re.compile("Download PDF"))
    response = page.request.get(base + link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    return response.body()
