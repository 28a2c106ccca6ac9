"""docs/workflow.md draws the editorial workflow; the drawing must be the code's, edge for edge.

The diagram is the Mermaid block of docs/workflow.md. Its arrows are compared, as a set of
(from, to) state pairs, with every state change the workflow's table of steps allows, so a
step added, removed or moved in the code fails here until the diagram follows it (and a
wrong arrow in the diagram fails here too). Steps that leave a piece where it is are not
drawn, so neither side counts an arrow from a state to itself.
"""

import re
from pathlib import Path

from articles.models.workflow import ACTIONS

DOC = Path(__file__).resolve().parents[2] / "docs" / "workflow.md"

# The states a publication step can leave a piece in: "scheduled" while none of its
# versions is public yet and one has a later date, "published" otherwise (publish_language,
# and publish_due when a scheduled date comes).
PUBLICATION = {"scheduled", "published"}


def _publish(source: str) -> set[str]:
    return PUBLICATION


def _unpublish_language(source: str) -> set[str]:
    # Taking one version back keeps the state while another version keeps its date; taking
    # the last one makes an editor's own piece a draft again and a submitted one "accepted".
    # Only a scheduled or published piece has a dated version to take back: the admin's
    # "Unpublish the … version" action and the import skip a version without a date. Called
    # directly on a piece in another state, unpublish_language would still move it (a
    # contributor's draft to "accepted"); nothing in the site does, and the diagram shows
    # what the site does.
    return {source, "draft", "accepted"} if source in PUBLICATION else set()


def _keeps_the_state(source: str) -> set[str]:
    return {source}


# The table gives no target for these steps: the step decides, by these rules.
DECIDED_BY_THE_STEP = {
    "publish": _publish,
    "unpublish_language": _unpublish_language,
    "assign": _keeps_the_state,
    "delete": _keeps_the_state,
    "restore": _keeps_the_state,
}

STATE = r"(\[\*\]|[a-z_]+)"
ARROW = re.compile(rf"^{STATE}\s*-->\s*{STATE}\s*(?::.*)?$")
NAMED_STATE = re.compile(r'^state\s+"[^"]+"\s+as\s+[a-z_]+$')


def _states() -> set[str]:
    states = set()
    for action in ACTIONS.values():
        states |= {str(source) for source in action.sources}
        if action.target is not None:
            states.add(str(action.target))
    return states


def allowed_transitions() -> set[tuple[str, str]]:
    edges = set()
    for name, action in ACTIONS.items():
        for source in map(str, action.sources):
            if action.target is not None:
                targets = {str(action.target)}
            else:
                targets = DECIDED_BY_THE_STEP[name](source)
            edges |= {(source, target) for target in targets if target != source}
    return edges


def _mermaid_block(text: str) -> list[str]:
    blocks = re.findall(r"^```mermaid\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    assert len(blocks) == 1, f"docs/workflow.md should have one Mermaid diagram, not {len(blocks)}"
    return blocks[0].splitlines()


def drawn_transitions(text: str) -> set[tuple[str, str]]:
    """The (from, to) pairs of the diagram's arrows, leaving out the start and end markers."""
    lines = [line.strip() for line in _mermaid_block(text)]
    assert lines and lines[0] == "stateDiagram-v2", "the diagram should be a stateDiagram-v2"
    edges = set()
    for line in lines[1:]:
        if not line or line.startswith("%%") or NAMED_STATE.match(line):
            continue
        if line.startswith(("direction ", "note ", "classDef ", "class ")):
            continue
        match = ARROW.match(line)
        # A line that is none of these is a typo that would silently drop an arrow.
        assert match, f"a line of the diagram this test cannot read: {line!r}"
        source, target = match.groups()
        if "[*]" not in (source, target):
            edges.add((source, target))
    return edges


def test_every_step_without_a_fixed_target_says_where_it_can_lead():
    undecided = {name for name, action in ACTIONS.items() if action.target is None}
    assert undecided == set(DECIDED_BY_THE_STEP)


def test_the_diagram_names_only_states_the_code_has():
    drawn = {state for edge in drawn_transitions(DOC.read_text()) for state in edge}
    assert drawn <= _states(), f"unknown states in the diagram: {sorted(drawn - _states())}"


def test_the_diagram_draws_exactly_the_transitions_the_code_allows():
    drawn = {edge for edge in drawn_transitions(DOC.read_text()) if edge[0] != edge[1]}
    allowed = allowed_transitions()
    refused, missing = sorted(drawn - allowed), sorted(allowed - drawn)
    assert not refused, f"drawn, but the code refuses them: {refused}"
    assert not missing, f"allowed by the code, but not drawn: {missing}"


def test_the_diagram_leaves_out_the_steps_that_keep_the_state():
    # Mermaid draws an arrow back into the same state badly, and the steps that keep the
    # state (a correction, another language version, housekeeping) are listed in prose.
    loops = sorted(edge for edge in drawn_transitions(DOC.read_text()) if edge[0] == edge[1])
    assert loops == []


def test_the_states_table_lists_every_state_once():
    section = DOC.read_text().split("## States", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| ([a-z ]+) \|", section, flags=re.MULTILINE)
    listed = [row.replace(" ", "_") for row in rows if row != "state"]
    assert sorted(listed) == sorted(_states())
