"""A .docx with citations and a bibliography written by Zotero's Word plugin, part by part.

`document(paragraphs, bibliography=[...])` takes paragraphs, each a list of pieces: a string
is a run of text, `Cite(...)` a citation field, `Footnote([...])` (or `Endnote`) a note
holding pieces (note styles such as OSCOLA and Chicago notes put Zotero's citations in
footnotes), `Raw(xml)` markup written as it is.

Where the shapes come from:
- Complex fields, `w:fldChar begin` / `w:instrText` / `separate` / the displayed result /
  `end`, each in its own run, with the instruction
  ` ADDIN ZOTERO_ITEM CSL_CITATION {"citationID":…,"properties":{"formattedCitation":…,
  "plainCitation":…,"noteIndex":…},"citationItems":[{"id":…,"uris":[…],"uri":[…],
  "itemData":{…},"locator":…,"label":…,"prefix":…,"suffix":…}],"schema":…} ` (spaces
  around), and the bibliography ` ADDIN ZOTERO_BIBL {"uncited":[],"omitted":[],"custom":[]}
  CSL_BIBLIOGRAPHY ` opening in its first "Bibliography" paragraph and closing in its
  last: a real document Zotero 5.0.96 wrote in Word, `test/docx/zotero_citations.docx` in
  jgm/pandoc (also vendored in tests/fixtures/zotero/, see its README).
- The instruction split over several `w:instrText` runs: Word writes long field codes in
  pieces of at most 255 characters, and Zotero's citations are longer than that (pandoc's
  reader and other tools' tests handle the split for that reason).
- `w:fldSimple w:instr="…"`: the same field as Word writes a simple field (ECMA-376 Part 1,
  17.16.19); Word itself writes Zotero's fields as complex ones, other writers may not.
- `noteIndex` is the footnote's number for a citation in a footnote, 0 in the body, as
  Zotero's citation properties record it.
"""

import json
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from tests.docx_notes import notes_part, package

SCHEMA = "https://github.com/citation-style-language/schema/raw/master/csl-citation.json"


def work(family: str, year: int, title: str, number: int, **csl) -> dict:
    """A citation item as Zotero writes it: its library URI, and its record as CSL-JSON."""
    uri = f"http://zotero.org/users/40613/items/ITEM{number:04d}"
    item = {
        "id": number,
        "type": "book",
        "title": title,
        "author": [{"family": family, "given": "A."}],
        "issued": {"date-parts": [[str(year)]]},
        **csl,
    }
    return {"id": number, "uris": [uri], "uri": [uri], "itemData": item}


@dataclass
class Cite:
    items: list[dict]
    shown: str = "(Cited 2020)"
    pieces: int = 3  # how many w:instrText runs the instruction is split into
    simple: bool = False
    code: str | None = None  # the whole instruction, to write a damaged one

    def instruction(self, note: int) -> str:
        if self.code is not None:
            return self.code
        data = {
            "citationID": "a1b2c3d4",
            "properties": {
                "formattedCitation": self.shown,
                "plainCitation": self.shown,
                "noteIndex": note,
            },
            "citationItems": self.items,
            "schema": SCHEMA,
        }
        return f" ADDIN ZOTERO_ITEM CSL_CITATION {json.dumps(data, ensure_ascii=False)} "

    def xml(self, note: int = 0) -> str:
        code = self.instruction(note)
        if self.simple:
            attribute = escape(code, {'"': "&quot;"})
            return f'<w:fldSimple w:instr="{attribute}">{_run(self.shown)}</w:fldSimple>'
        size = -(-len(code) // self.pieces)
        instr = "".join(
            '<w:r><w:instrText xml:space="preserve">'
            f"{escape(code[n : n + size])}</w:instrText></w:r>"
            for n in range(0, len(code), size)
        )
        return (
            _field_char("begin") + instr + _field_char("separate") + _run(self.shown)
            + _field_char("end")
        )  # fmt: skip


@dataclass
class Raw:
    """WordprocessingML written as it is, such as the bookmark Zotero's "store citations as
    bookmarks" leaves around a citation's text (`w:bookmarkStart w:name="ZOTERO_BREF_…"`)."""

    xml: str


@dataclass
class Footnote:
    pieces: list = field(default_factory=list)
    kind: str = "footnote"


@dataclass
class Endnote(Footnote):
    kind: str = "endnote"


BIBLIOGRAPHY = ' ADDIN ZOTERO_BIBL {"uncited":[],"omitted":[],"custom":[]} CSL_BIBLIOGRAPHY '


def document(paragraphs: list[list], bibliography: list[str] | None = None) -> bytes:
    notes: dict[str, list[str]] = {"footnote": [], "endnote": []}
    body = []
    for pieces in paragraphs:
        runs = []
        for piece in pieces:
            if isinstance(piece, str):
                runs.append(_run(piece))
            elif isinstance(piece, Cite):
                runs.append(piece.xml())
            elif isinstance(piece, Raw):
                runs.append(piece.xml)
            else:
                kind, number = piece.kind, len(notes[piece.kind]) + 1
                notes[kind].append(_footnote(number, piece))
                runs.append(
                    f'<w:r><w:rPr><w:rStyle w:val="{kind.title()}Reference"/></w:rPr>'
                    f'<w:{kind}Reference w:id="{number}"/></w:r>'
                )
        body.append(f"<w:p>{''.join(runs)}</w:p>")
    if bibliography:
        body.append(
            '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>' + _run("References") + "</w:p>"
        )
        for number, entry in enumerate(bibliography):
            start = (
                _field_char("begin") + f'<w:r><w:instrText xml:space="preserve">{BIBLIOGRAPHY}'
                "</w:instrText></w:r>" + _field_char("separate")
                if number == 0
                else ""
            )
            end = _field_char("end") if number == len(bibliography) - 1 else ""
            body.append(
                '<w:p><w:pPr><w:pStyle w:val="Bibliography"/></w:pPr>'
                f"{start}{_run(entry)}{end}</w:p>"
            )
    return package(
        body, notes_part("footnote", notes["footnote"]), notes_part("endnote", notes["endnote"])
    )


def _footnote(number: int, note: Footnote) -> str:
    style = note.kind.title()
    mark = f'<w:r><w:rPr><w:rStyle w:val="{style}Reference"/></w:rPr><w:{note.kind}Ref/></w:r>'
    runs = "".join(
        _run(piece) if isinstance(piece, str) else piece.xml(number) for piece in note.pieces
    )
    return (
        f'<w:{note.kind} w:id="{number}"><w:p><w:pPr><w:pStyle w:val="{style}Text"/></w:pPr>'
        f"{mark}{_run(' ')}{runs}</w:p></w:{note.kind}>"
    )


def _field_char(kind: str) -> str:
    return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
