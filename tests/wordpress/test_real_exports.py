"""Two real public WordPress exports (tests/fixtures/wordpress/real/SOURCES.md): the theme
unit test data, written in the classic editor, and the WordPress 6.4 block test data.
Each imports with no failed post, no post loses its text, and every block or shortcode
the import does not turn into Colophon's own markup is in the report."""

import pytest
from modeltranslation.utils import build_localized_fieldname

from articles.models import Article
from pages.models import Page
from tests.factories import image_bytes
from tests.wordpress.exports import (
    BLOCKS,
    CLASSIC,
    SourcePost,
    shortcode_names,
    source_posts,
    words,
)
from wordpress.importing.block_kinds import DROPPED, known_block
from wordpress.importing.blocks import Block, parse
from wordpress.importing.importer import Options, run_import
from wordpress.importing.report import Report
from wordpress.importing.shortcodes import KNOWN_TAGS
from wordpress.models import ImportedItem

pytestmark = pytest.mark.django_db

EXPORTS = {"classic": CLASSIC, "blocks": BLOCKS}
IMPORTED_STATUSES = {"publish", "future", "draft", "pending"}

# Bracketed prose that WordPress itself leaves alone: it registers no shortcode by
# these names, and neither is a tag a plugin uses ("[simple boat]" in Peter Pan).
NOT_SHORTCODES = {"simple"}


class Uploads:
    """A stand-in for the copy of the old site's uploads folder: the exports' pictures
    are not vendored, so every image they name is a small picture; other files (audio,
    video) are missing, as they may be from a real copy."""

    def load(self, url: str) -> tuple[bytes | None, str]:
        if url.lower().rsplit("?", 1)[0].endswith((".jpg", ".jpeg", ".png", ".gif")):
            return image_bytes(), ""
        return None, "not in the uploads folder"


@pytest.fixture(params=sorted(EXPORTS))
def export(request):
    path = EXPORTS[request.param]
    report = run_import(path, Options(loader=Uploads()))
    posts = [p for p in source_posts(path) if p.status in IMPORTED_STATUSES]
    return report, posts


def imported_text(post: SourcePost) -> set[str]:
    """The words a reader of the imported piece or page sees: the body, the figures'
    captions and credits, the title (a classic post with no paragraph has only that)."""
    record = ImportedItem.objects.get(kind=post.type, wordpress_id=str(post.id))
    language = "en"
    if post.type == "page":
        page = Page.objects.get(pk=record.object_id)
        return words(getattr(page, build_localized_fieldname("body", language)) or "")
    piece = Article.all_objects.get(pk=record.object_id)
    parts = [
        getattr(piece, build_localized_fieldname("body", language)) or "",
        getattr(piece, build_localized_fieldname("title", language)) or "",
    ]
    for figure in piece.figures.all():
        parts += [figure.caption, figure.title, figure.creator, figure.alt]
    return words(" ".join(parts))


def test_no_post_fails(export):
    report, posts = export
    failed = [(p.wordpress_id, p.title, p.reason) for p in report.posts if p.outcome == "failed"]
    assert failed == []
    outcomes = {p.wordpress_id: p.outcome for p in report.posts}
    assert {p.id for p in posts} <= set(outcomes)


def test_no_post_loses_its_text(export):
    _report, posts = export
    lost = {}
    for post in posts:
        missing = words(post.content) - imported_text(post)
        if missing:
            lost[post.id] = f"{post.title}: {' '.join(sorted(missing)[:30])}"
    assert lost == {}, "\n".join(f"{k} {v}" for k, v in lost.items())


def blocks_kept(blocks: list[Block]) -> set[str]:
    """The names of the blocks the import reads: not those inside a block it drops whole
    (core/comments: the comment list and form of a theme, no text of the post)."""
    names = set()
    for block in blocks:
        if block.name is None or block.name in DROPPED:
            continue
        names.add(block.name)
        names |= blocks_kept(block.inner_blocks)
    return names


def test_every_unknown_block_and_shortcode_is_in_the_report(export):
    report, posts = export
    warnings = {p.wordpress_id: " ".join(p.warnings) for p in report.posts}
    unreported = {}
    for post in posts:
        said = warnings.get(post.id, "")
        for name in blocks_kept(parse(post.content)):
            if not known_block(name) and name not in said:
                unreported.setdefault(post.id, []).append(name)
        for tag in shortcode_names(post.content) - set(KNOWN_TAGS) - NOT_SHORTCODES:
            if f"[{tag}]" not in said:
                unreported.setdefault(post.id, []).append(f"[{tag}]")
    assert unreported == {}


def test_the_report_counts_what_it_made(export):
    report, posts = export
    assert isinstance(report, Report)
    pieces = sum(report.counts.get("pieces", {}).values())
    pages = sum(report.counts.get("pages", {}).values())
    assert pieces == len([p for p in posts if p.type == "post"])
    assert pages == len([p for p in posts if p.type == "page"])
    assert report.redirects
