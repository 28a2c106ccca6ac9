"""Block-editor markup: `<!-- wp:name {json} -->…<!-- /wp:name -->` and `<!-- wp:name /-->`.

The reading follows the grammar of WordPress's default block parser (Gutenberg's
block-serialization-default-parser): a document is a list of blocks and of "freeform"
HTML between them; a block has a name ("core/" when no namespace is written), JSON
attributes, inner blocks, and the HTML around them. A closer always closes the innermost
open block, blocks still open at the end close there, and a closer with nothing open
makes the rest of the document freeform. block_kinds.py turns blocks into body markup.
"""

import json
import re
from dataclasses import dataclass, field
from typing import Any

# The start of a delimiter; the delimiter ends at the first "-->" after it, since
# WordPress writes "--" in attributes as "\u002d\u002d". Reading up to there, and never
# past it, keeps a stray "<!-- wp:x {" from costing a scan of the rest of the document.
_HEAD = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<namespace>[a-z][a-z0-9_-]*/)?(?P<name>[a-z][a-z0-9_-]*)\s+"
)
_DELIMITER = re.compile(r"<!--\s+/?wp:[a-z]")


@dataclass
class Block:
    name: str | None  # None for freeform HTML
    attributes: dict[str, Any] = field(default_factory=dict)
    inner_blocks: list["Block"] = field(default_factory=list)
    inner_html: str = ""
    # The HTML around the inner blocks, with None where each inner block goes.
    inner_content: list[str | None] = field(default_factory=list)


def has_blocks(content: str) -> bool:
    return bool(_DELIMITER.search(content))


def freeform(html: str) -> Block:
    return Block(None, {}, [], html, [html])


@dataclass
class _Frame:
    block: Block
    token_start: int
    token_length: int
    previous_offset: int
    leading_html_start: int | None


class _Parser:
    def __init__(self, document: str) -> None:
        self.document = document
        self.offset = 0
        self.output: list[Block] = []
        self.stack: list[_Frame] = []

    def parse(self) -> list[Block]:
        while self.proceed():
            pass
        return self.output

    def proceed(self) -> bool:
        token = _next_token(self.document, self.offset)
        if token is None:
            if not self.stack:
                self.add_freeform()
            # Blocks left open close at the end, each inside the one around it. (WordPress's
            # parser makes each a top-level block, which repeats the inner ones' text.)
            while len(self.stack) > 1:
                frame = self.stack.pop()
                html = self.document[frame.previous_offset :]
                frame.block.inner_html += html
                frame.block.inner_content.append(html)
                end = len(self.document)
                self.add_inner_block(frame.block, frame.token_start, frame.token_length, end)
            if self.stack:
                self.add_block_from_stack()
            return False
        start, end = token.start, token.end
        block = Block(token.name, _attributes(token.attributes))
        if token.void:
            if not self.stack:
                self.add_freeform(start)
                self.output.append(block)
            else:
                self.add_inner_block(block, start, end - start)
            self.offset = end
            return True
        if not token.closer:
            leading = self.offset if start > self.offset else None
            self.stack.append(_Frame(block, start, end - start, end, leading))
            self.offset = end
            return True
        if not self.stack:
            # A closer with nothing open: the rest of the document is freeform.
            self.add_freeform()
            return False
        if len(self.stack) == 1:
            self.add_block_from_stack(start)
            self.offset = end
            return True
        frame = self.stack.pop()
        html = self.document[frame.previous_offset : start]
        frame.block.inner_html += html
        frame.block.inner_content.append(html)
        self.add_inner_block(frame.block, frame.token_start, frame.token_length, end)
        self.offset = end
        return True

    def add_freeform(self, end: int | None = None) -> None:
        html = self.document[self.offset : end]
        if html:
            self.output.append(freeform(html))

    def add_inner_block(
        self, block: Block, token_start: int, token_length: int, last_offset: int | None = None
    ) -> None:
        parent = self.stack[-1]
        parent.block.inner_blocks.append(block)
        html = self.document[parent.previous_offset : token_start]
        if html:
            parent.block.inner_html += html
            parent.block.inner_content.append(html)
        parent.block.inner_content.append(None)
        parent.previous_offset = last_offset or token_start + token_length

    def add_block_from_stack(self, end: int | None = None) -> None:
        frame = self.stack.pop()
        html = self.document[frame.previous_offset : end]
        if html:
            frame.block.inner_html += html
            frame.block.inner_content.append(html)
        if frame.leading_html_start is not None:
            leading = self.document[frame.leading_html_start : frame.token_start]
            if leading:
                self.output.append(freeform(leading))
        self.output.append(frame.block)


def parse(document: str) -> list[Block]:
    """The blocks of `document`, as WordPress's default block parser reads them."""
    return _Parser(document).parse()


@dataclass
class _Token:
    start: int
    end: int
    name: str
    attributes: str
    closer: bool
    void: bool


def _next_token(document: str, position: int) -> _Token | None:
    close = -1
    while (head := _HEAD.search(document, position)) is not None:
        if close < head.end():  # else the "-->" found for the last head is this one's too
            close = document.find("-->", head.end())
        if close < 0:
            return None
        rest = document[head.end() : close]
        void = rest.endswith("/")
        if void:
            rest = rest[:-1]
        # Attributes are a JSON object followed by whitespace, or nothing at all.
        if not rest or (rest[0] == "{" and rest.rstrip().endswith("}") and rest[-1].isspace()):
            name = (head.group("namespace") or "core/") + head.group("name")
            return _Token(
                head.start(), close + 3, name, rest.rstrip(), bool(head.group("closer")), void
            )
        position = head.start() + 4
    return None


def _attributes(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
