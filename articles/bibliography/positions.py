"""Where each citation in a piece stands: first, subsequent, ibid, and the note it first had.

Note styles print a work in full the first time, then in a short form that may point back
to the note of the first citation ("(n 3)"), and "ibid" when the same work was just cited.
citeproc-py guesses positions from the order in which citations are rendered, knows no
note numbers and has no `first-reference-note-number` variable. So positions are computed
here from the notes in document order, as readers will see them numbered, and handed to
citeproc-py on each cite (`If._position` and `Text._variable` are patched to read them).
The CSL 1.0.2 rules, with one reading: a note is one citation, so "ibid" needs the
previous note to have cited that work alone.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from citeproc.model import ConditionFailed, If, Text
from citeproc.source import VariableError

NEAR_NOTE_DISTANCE = 5


@dataclass(frozen=True)
class Cite:
    key: str
    locator: str = ""  # with its label, e.g. ("page", "4"); "" when there is no pinpoint
    label: str = ""


@dataclass(frozen=True)
class Position:
    # The CSL position tests this cite passes ("first", "subsequent", "ibid",
    # "ibid-with-locator", "near-note").
    tests: frozenset[str]
    first_note: int  # the number of the note that first cited the work


def positions(notes: Sequence[tuple[int, Sequence[Cite]]]) -> list[list[Position]]:
    """For each (note number, cites in it) in document order, each cite's position."""
    first_note: dict[str, int] = {}
    last_note: dict[str, int] = {}
    previous: Cite | None = None  # the cite just before, if it may be an ibid's antecedent
    result = []
    for number, cites in notes:
        placed = []
        for cite in cites:
            if cite.key not in first_note:
                tests = {"first"}
                first_note[cite.key] = number
            else:
                tests = {"subsequent"}
                if number - last_note[cite.key] <= NEAR_NOTE_DISTANCE:
                    tests.add("near-note")
                if previous is not None and previous.key == cite.key:
                    tests |= _ibid(previous, cite)
            placed.append(Position(frozenset(tests), first_note[cite.key]))
            last_note[cite.key] = number
            previous = cite
        result.append(placed)
        # The next note's first cite may be "ibid" only if this note cited one work alone.
        previous = cites[0] if len(cites) == 1 else None
    return result


def _ibid(previous: Cite, cite: Cite) -> set[str]:
    if previous.locator and not cite.locator:
        return set()  # "ibid" would mean the same page; the short form says the whole work
    if (cite.locator, cite.label) == (previous.locator, previous.label):
        return {"ibid"}
    return {"ibid", "ibid-with-locator"}


# The attribute of a citeproc CitationItem that carries its Position.
ATTRIBUTE = "colophon_position"


def _position_of(item) -> Position | None:
    # A CitationItem is a dict whose attributes are its keys (a missing one raises).
    return item.get(ATTRIBUTE) if isinstance(item, dict) else None


def _patch() -> None:
    original_position = If._position
    if getattr(original_position, "reads_colophon_positions", False):
        return

    def _position(self: If, item, context):
        position = _position_of(item)
        if position is None:
            return original_position(self, item, context)
        node = self if context is None else context
        if node.xpath_search("./ancestor::*[self::cs:bibliography]"):
            return [False]
        return [test in position.tests for test in self.get("position").split()]

    _position.reads_colophon_positions = True  # type: ignore[attr-defined]
    If._position = _position

    original_variable = Text._variable

    def _variable(self: Text, item, context):
        if self.get("variable") == "first-reference-note-number":
            position = _position_of(item)
            if position is None or "first" in position.tests:
                raise VariableError  # a group holding it prints nothing, as CSL says
            return str(position.first_note)
        return original_variable(self, item, context)

    Text._variable = _variable
    original_if_variable = If._variable

    def _if_variable(self: If, item):
        names = self.get("variable").split()
        answers = original_if_variable(self, item)
        position = _position_of(item)
        return [
            answer
            or (
                name == "first-reference-note-number"
                and position is not None
                and "first" not in position.tests
            )
            for name, answer in zip(names, answers, strict=True)
        ]

    If._variable = _if_variable
    original_render = If.render

    def render(self: If, item, context=None, delimiter="", **kwargs):
        # citeproc-py does not disambiguate, and ignored the condition (so it held).
        if self.get("disambiguate") == "true":
            raise ConditionFailed
        return original_render(self, item, context=context, delimiter=delimiter, **kwargs)

    If.render = render
    original_is_numeric = If._is_numeric

    def _is_numeric(self: If, item):
        # The locator is the cite's, not the reference's: "Chapter 2" in APA asks this.
        answers = original_is_numeric(self, item)
        return [
            answer
            or (
                name == "locator"
                and "locator" in item
                and bool(If.re_numeric.match(str(item.locator.identifier)))
            )
            for name, answer in zip(self.get("is-numeric").split(), answers, strict=True)
        ]

    If._is_numeric = _is_numeric


_patch()
