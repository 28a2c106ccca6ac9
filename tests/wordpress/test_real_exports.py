"""Two real public WordPress exports (tests/fixtures/wordpress/real/SOURCES.md): the theme
unit test data, written in the classic editor, and the WordPress 6.4 block test data.
Each imports with no failed post, no post loses its text, and every block or shortcode
the import does not turn into Colophon's own markup is in the report."""

import pytest
from modeltranslation.utils import build_localized_fieldname

from articles.models import Article
from pages.models import Page
from tests.wordpress.exports import (
    BLOCKS,
    CLASSIC,
    SourcePost,
    block_names,
    shortcode_names,
    source_posts,
    words,
)
from wordpress.importing.block_kinds import DROPPED, KEPT
from wordpress.importing.importer import Options, run_import
from wordpress.importing.report import Report
from wordpress.importing.shortcodes import KNOWN_TAGS
from wordpress.models import ImportedItem

pytestmark = pytest.mark.django_db

EXPORTS = {"classic": CLASSIC, "blocks": BLOCKS}
IMPORTED_STATUSES = {"publish", "future", "draft", "pending"}

# Blocks turned into Colophon's own markup on purpose (figures, links, the piece's PDF),
# beside those whose HTML is kept as it is (KEPT) and those with nothing to keep (DROPPED).
CONVERTED = {
    "core/freeform",
    "core/image",
    "core/gallery",
    "core/table",
    "core/embed",
    "core/video",
    "core/audio",
    "core/file",
    "core/shortcode",
    "core/block",
}

# Bracketed prose that WordPress itself leaves alone: it registers no shortcode by
# these names, and neither is a tag a plugin uses ("[simple boat]" in Peter Pan).
NOT_SHORTCODES = {"simple"}


@pytest.fixture(params=sorted(EXPORTS))
def export(request):
    path = EXPORTS[request.param]
    report = run_import(path, Options())
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


def _unknown_block(name: str) -> bool:
    return not (
        name in KEPT or name in DROPPED or name in CONVERTED or name.startswith("core-embed/")
    )


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
            lost[(post.id, post.title)] = sorted(missing)[:20]
    assert lost == {}


def test_every_unknown_block_and_shortcode_is_in_the_report(export):
    report, posts = export
    warnings = {p.wordpress_id: " ".join(p.warnings) for p in report.posts}
    unreported = {}
    for post in posts:
        said = warnings.get(post.id, "")
        for name in block_names(post.content):
            if _unknown_block(name) and name not in said:
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
