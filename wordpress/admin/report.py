"""An import's report as the run's page shows it: counts as a table, then only the posts
with something to say, and no more rows than a page can carry (the whole report is a
download)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from wordpress.importing.report import PostReport, Report

KINDS = {
    "pieces": _("Pieces"),
    "pages": _("Pages"),
    "contributors": _("Contributors"),
    "series": _("Series"),
    "volumes": _("Volumes"),
    "topics": _("Topics"),
    "images": _("Images"),
    "redirects": _("Redirects"),
}
OUTCOMES = {
    "new": _("new"),
    "updated": _("updated"),
    "unchanged": _("unchanged"),
    "skipped": _("skipped"),
    "failed": _("failed"),
}
OUTCOME_LABELS = {**OUTCOMES, "kept": _("kept")}
POSTS_SHOWN = 500
REDIRECTS_SHOWN = 200


@dataclass
class PostRow:
    post: PostReport
    outcome: str


@dataclass
class Pair:
    ids: list[int]
    reasons: list[str]


@dataclass
class ReportView:
    summary: str
    columns: list[str]
    counts: list[tuple[str, list[int]]]
    posts: list[PostRow]
    more_posts: int
    redirects: list[tuple[str, str]]
    more_redirects: int
    warnings: list[str]
    mapping_toml: str
    # Every post with its link in the admin (the first POSTS_SHOWN), once the run is done.
    every_post: list[PostRow]
    # Posts in two languages that may be one piece: to copy into the mapping's `pairs`.
    pairs: list[Pair]


def _row(post: PostReport) -> PostRow:
    return PostRow(post, str(OUTCOME_LABELS.get(post.outcome, post.outcome)))


def _has_news(post: PostReport) -> bool:
    return bool(post.warnings or post.kept or post.reason or post.outcome == "failed")


def _pairs(data: dict) -> list[Pair]:
    """Suggested translation pairs, when the report carries the catalogue's suggestions
    ({"ids": [12, 34], "reasons": […]}, as PairSuggestion is saved)."""
    pairs = []
    for entry in data.get("suggestions") or []:
        if isinstance(entry, dict) and len(entry.get("ids") or ()) >= 2:
            pairs.append(
                Pair([int(i) for i in entry["ids"]], [str(r) for r in entry.get("reasons") or []])
            )
    return pairs


def report_view(data: dict) -> ReportView:
    report = Report.from_json(data)
    names = [name for name in OUTCOMES if any(name in c for c in report.counts.values())]
    names += sorted({n for c in report.counts.values() for n in c} - set(names))
    kinds = [k for k in KINDS if k in report.counts] + sorted(set(report.counts) - set(KINDS))
    counts = [
        (str(KINDS.get(kind, kind)), [report.counts[kind].get(name, 0) for name in names])
        for kind in kinds
    ]
    noted = [post for post in report.posts if _has_news(post)]
    return ReportView(
        summary=report.summary(),
        columns=[str(OUTCOME_LABELS.get(name, name)) for name in names],
        counts=counts,
        posts=[_row(post) for post in noted[:POSTS_SHOWN]],
        more_posts=max(0, len(noted) - POSTS_SHOWN),
        redirects=[(old, new) for old, new in report.redirects[:REDIRECTS_SHOWN]],
        more_redirects=max(0, len(report.redirects) - REDIRECTS_SHOWN),
        warnings=report.warnings,
        mapping_toml=report.mapping_toml,
        every_post=[_row(post) for post in report.posts[:POSTS_SHOWN]],
        pairs=_pairs(data),
    )
