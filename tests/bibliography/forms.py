"""Reading formatted citations back out of a rendered body."""

import re

from articles.bibliography.citing import render_citations
from colophon.lib.notes import notes

from .seed import ALL, cite, note

_CITATION = re.compile(r'<span class="citation">(.*?)</span>')


def note_texts(body: str, references=ALL, style: str = "oscola", language: str = "en") -> list:
    """Each note's HTML, with the citation wrappers taken off."""
    rendered = render_citations(body, references, style, language)
    return [_CITATION.sub(r"\1", str(n.html)) for n in notes(rendered)]


def forms(key: str, label: str, first: str, later: str) -> list:
    """First note, a later note (after another work) and an ibid with another pinpoint."""
    other = "observatory" if key != "observatory" else "varga"
    body = "<p>A" + note(cite(key, label, first)) + " b" + note(cite(other))
    body += " c" + note(cite(key, label, later)) + " d" + note(cite(key, label, first)) + "</p>"
    texts = note_texts(body)
    return [texts[0], texts[2], texts[3]]
