"""A real .docx with footnotes and endnotes, written part by part as Word lays it out.

`document([...])` takes paragraphs, each a list of pieces: a string is a run of text,
`Footnote("…")` or `Endnote("…")` a note called at that place. A note's text may hold
several paragraphs, separated by "\\n\\n"; `*word*` in it is written as an italic run.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"


@dataclass(frozen=True)
class Footnote:
    text: str
    kind: str = "footnote"


@dataclass(frozen=True)
class Endnote:
    text: str
    kind: str = "endnote"


def document(paragraphs: list[list[str | Footnote | Endnote]]) -> bytes:
    notes: dict[str, list[str]] = {"footnote": [], "endnote": []}
    body = []
    for pieces in paragraphs:
        runs = []
        for piece in pieces:
            if isinstance(piece, str):
                runs.append(_run(piece))
                continue
            notes[piece.kind].append(piece.text)
            number = len(notes[piece.kind])  # ids 1, 2 …: -1 and 0 are the separators
            style = "FootnoteReference" if piece.kind == "footnote" else "EndnoteReference"
            runs.append(
                f'<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr>'
                f'<w:{piece.kind}Reference w:id="{number}"/></w:r>'
            )
        body.append(f"<w:p>{''.join(runs)}</w:p>")
    return package(
        body, _notes("footnote", notes["footnote"]), _notes("endnote", notes["endnote"])
    )


def package(body: list[str], footnotes: str, endnotes: str) -> bytes:
    """A .docx of body paragraphs (`<w:p>…</w:p>`) and its footnotes and endnotes parts."""
    parts = {
        "[Content_Types].xml": (
            f'<Types xmlns="{PACKAGE}/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{MAIN}.document.main+xml"/>'
            f'<Override PartName="/word/footnotes.xml" ContentType="{MAIN}.footnotes+xml"/>'
            f'<Override PartName="/word/endnotes.xml" ContentType="{MAIN}.endnotes+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": _relationships([("officeDocument", "word/document.xml")]),
        "word/_rels/document.xml.rels": _relationships(
            [("footnotes", "footnotes.xml"), ("endnotes", "endnotes.xml")]
        ),
        "word/document.xml": (
            f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{"".join(body)}</w:body>'
            "</w:document>"
        ),
        "word/footnotes.xml": footnotes,
        "word/endnotes.xml": endnotes,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + xml)
    return out.getvalue()


def _relationships(targets: list[tuple[str, str]]) -> str:
    items = "".join(
        f'<Relationship Id="rId{n}" Type="{R}/{kind}" Target="{target}"/>'
        for n, (kind, target) in enumerate(targets, 1)
    )
    return f'<Relationships xmlns="{PACKAGE}/relationships">{items}</Relationships>'


def _run(text: str, italic: bool = False) -> str:
    properties = "<w:rPr><w:i/></w:rPr>" if italic else ""
    return f'<w:r>{properties}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _notes(kind: str, texts: list[str]) -> str:
    style = "Footnote" if kind == "footnote" else "Endnote"
    notes = []
    for number, text in enumerate(texts, 1):
        paragraphs = []
        for index, paragraph in enumerate(text.split("\n\n")):
            # Word opens a note's first paragraph with the note's own number mark.
            mark = (
                f'<w:r><w:rPr><w:rStyle w:val="{style}Reference"/></w:rPr><w:{kind}Ref/></w:r>'
                + _run(" ")
                if index == 0
                else ""
            )
            runs = "".join(
                _run(piece.strip("*"), italic=piece.startswith("*"))
                for piece in re.split(r"(\*[^*]+\*)", paragraph)
                if piece
            )
            paragraphs.append(
                f'<w:p><w:pPr><w:pStyle w:val="{style}Text"/></w:pPr>{mark}{runs}</w:p>'
            )
        notes.append(f'<w:{kind} w:id="{number}">{"".join(paragraphs)}</w:{kind}>')
    return notes_part(kind, notes)


def notes_part(kind: str, notes: list[str]) -> str:
    """The footnotes or endnotes part: Word's two separators, then the notes as given."""
    separators = "".join(
        f'<w:{kind} w:type="{name}" w:id="{number}"><w:p><w:r><w:{name}/></w:r></w:p></w:{kind}>'
        for number, name in ((-1, "separator"), (0, "continuationSeparator"))
    )
    return f'<w:{kind}s xmlns:w="{W}" xmlns:r="{R}">{separators}{"".join(notes)}</w:{kind}s>'
