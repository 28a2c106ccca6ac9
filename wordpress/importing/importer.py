"""The second pass: each post and page of an export imported in its own transaction.

Entry point for the command (wordpress/management/commands/import_wordpress.py) and the
admin's queued task (wordpress/tasks.py): `run_import(source, options, progress)`.

The first pass (catalogue.build_catalogue) has learned what every post needs to know
ahead: its group (an English post and its Spanish translation are one piece), its
language, its series and volume. This pass reads the file again and writes one post at a
time; a post that fails is rolled back, its media files deleted, and reported; the rest
go on. A dry run does all of it inside one transaction that is rolled back at the end,
so its report is exactly what the real run would do, and writes no media file at all.
"""

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

from django.db import transaction

from articles.pdf.tasks import renders_deferred
from articles.search.index import indexing_deferred
from wordpress.importing import wxr
from wordpress.importing.catalogue import Catalogue, PostHead, build_catalogue, default_mapping
from wordpress.importing.context import Run, Tally
from wordpress.importing.links import Links
from wordpress.importing.mapping import Mapping, mapping_text
from wordpress.importing.media import MediaSource
from wordpress.importing.pictures import Loader
from wordpress.importing.pieces import import_post
from wordpress.importing.records import Records
from wordpress.importing.report import PostReport, Report
from wordpress.importing.site_pages import import_page

# Items that are not content a reader ever saw, or saw only as a leftover.
LEFT_OUT = {"trash", "auto-draft", "inherit"}
KINDS = {"post": "pieces", "page": "pages"}


@dataclass
class Options:
    mapping: Mapping | None = None  # None: catalogue.default_mapping()
    media_dir: Path | None = None  # a local copy of wp-content/uploads
    fetch_media: bool = False  # download images from the old site's own host
    dry_run: bool = False
    since: date | None = None  # only posts dated on or after
    overwrite: bool = False  # replace fields an editor changed since the last import
    # "site_url": the root put before each admin link in the report ("https://site");
    # without it the links are paths.
    extra: dict[str, str] = field(default_factory=dict)
    # Where image bytes come from; None: MediaSource(media_dir, fetch_media, the site).
    loader: Loader | None = None


# progress(done, total): called after each post, for a terminal bar or the admin's page.
Progress = Callable[[int, int], None]


class _DryRun(Exception):
    """Raised at the end of a dry run so that its transaction rolls back."""


def _rewind(source: Path | str | IO[bytes]) -> None:
    if hasattr(source, "seek"):
        source.seek(0)


def catalogue_and_mapping(
    source: Path | str | IO[bytes], mapping: Mapping | None
) -> tuple[Catalogue, Mapping]:
    """Pass 1, with the given mapping or, without one, the default one it suggests.

    The default mapping is applied to the catalogue already read, not to a second one:
    reading the file again took as long again, and held two catalogues at once."""
    catalogue = build_catalogue(source, mapping or Mapping())
    if mapping is None:
        mapping = default_mapping(catalogue)
        catalogue.apply(mapping)
    return catalogue, mapping


def wanted(item: wxr.Item | PostHead, since: date | None) -> bool:
    """Whether a post or page (or the first pass's head of one) is imported at all."""
    if item.type not in KINDS or item.status in LEFT_OUT:
        return False
    return since is None or item.date is None or item.date.date() >= since


def run_import(
    source: Path | str | IO[bytes], options: Options, progress: Progress | None = None
) -> Report:
    """Import (or with dry_run, only check) every post and page; never raises for one
    bad post, which is reported with its ID, title and reason. Raises ExportError or
    MappingError for a file that cannot be read at all."""
    catalogue, mapping = catalogue_and_mapping(source, options.mapping)
    report = Report(
        dry_run=options.dry_run,
        warnings=list(catalogue.warnings),
        suggestions=list(catalogue.suggestions),
    )
    report.mapping_toml = mapping_text(mapping, notes=catalogue.category_notes())
    site = catalogue.site
    run = Run(
        catalogue=catalogue,
        mapping=mapping,
        site=site,
        records=Records(wxr.site_key(site)),
        loader=options.loader
        or MediaSource(options.media_dir, options.fetch_media, site.base_site_url or site.link),
        dry_run=options.dry_run,
        overwrite=options.overwrite,
        admin_root=options.extra.get("site_url", ""),
    )
    total = sum(1 for head in catalogue.posts.values() if wanted(head, options.since))
    _rewind(source)
    if not options.dry_run:
        # Each series' PDFs once at the end, not again after every piece published in it.
        with renders_deferred():
            _second_pass(source, run, report, total, progress, options.since)
        return report
    try:
        with transaction.atomic():
            _second_pass(source, run, report, total, progress, options.since)
            raise _DryRun
    except _DryRun:
        pass
    return report


def _second_pass(
    source: Path | str | IO[bytes],
    run: Run,
    report: Report,
    total: int,
    progress: Progress | None,
    since: date | None,
) -> None:
    done = 0
    for record in wxr.read(source):
        if not isinstance(record, wxr.Item) or not wanted(record, since):
            continue
        post = PostReport(record.id, wxr_title(record), record.type, "new")
        report.posts.append(post)
        _one(run, record, post, report)
        done += 1
        if progress is not None:
            progress(done, total)
    _archives(run, report)


def wxr_title(item: wxr.Item) -> str:
    # WordPress stores "&" in a title as "&amp;"; the report shows the title as it reads.
    return html.unescape(item.title).strip() or f"(untitled {item.type} {item.id})"


def _one(run: Run, item: wxr.Item, post: PostReport, report: Report) -> None:
    tally = Tally(run, post)
    try:
        with transaction.atomic(), indexing_deferred():
            if item.type == "post":
                import_post(run, tally, item)
            else:
                import_page(run, tally, item)
    except Exception as exc:  # one bad post must not stop the others; it is reported
        tally.media.discard()
        post.outcome = "failed"
        post.reason = f"{type(exc).__name__}: {exc}"
        post.admin_url = ""
        report.count(KINDS[item.type], "failed")
        return
    except BaseException:
        tally.media.discard()
        raise
    report.add_counts(tally.counts)
    report.redirects += tally.links.made
    # Learned in a committed transaction only: a failed post's contributors are gone.
    run.people_seen |= tally.people_seen
    run.people_known.update(tally.people_known)
    run.terms.update(tally.taxonomy.made)


def _archives(run: Run, report: Report) -> None:
    """Category and tag archives and feeds, once every series and topic exists."""
    tally = Tally(run, PostReport(0, "", "site", "updated"))
    links = Links(run.site, tally.count, report.warnings.append)
    with transaction.atomic():
        links.archives(run.catalogue, run.mapping)
    report.add_counts(tally.counts)
    report.redirects += links.made
