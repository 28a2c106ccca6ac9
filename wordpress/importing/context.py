"""What importing one post needs: the run's knowledge of the export, and the post's tally.

A post is written in its own transaction; what it counted, warned and redirected joins
the run's report only once that transaction has committed, so a failed post leaves no
trace in the counts but its failure.
"""

from dataclasses import asdict, dataclass, field

from articles.interchange.media import Media
from wordpress.importing.catalogue import Attachment, Catalogue, Group
from wordpress.importing.links import Links
from wordpress.importing.mapping import Mapping
from wordpress.importing.people import People
from wordpress.importing.pictures import Images, Loader
from wordpress.importing.records import Records, digest
from wordpress.importing.report import PostReport, add_count
from wordpress.importing.taxonomy import Taxonomy, Terms
from wordpress.importing.wxr import Site


@dataclass
class Run:
    """The run's settings and what pass 1 learned; shared by every post."""

    catalogue: Catalogue
    mapping: Mapping
    site: Site
    records: Records
    loader: Loader
    dry_run: bool = False
    overwrite: bool = False
    admin_root: str = ""  # prefixed to admin paths in the report ("https://site")
    by_url: dict[str, Attachment] = field(default_factory=dict)
    # Contributors counted so far (by pk), so that the report counts people, not bylines.
    people_seen: set[int] = field(default_factory=set)
    people_known: dict[str, int] = field(default_factory=dict)
    # Pieces and pages this run created ("article", pk): a dry run rolls them back, so its
    # report links none of them, not even from the translation that joined one.
    created: set[tuple[str, int]] = field(default_factory=set)
    # Series, volumes and topics looked up or made by the posts committed so far.
    terms: Terms = field(default_factory=Terms)

    mapping_digest: str = ""

    def __post_init__(self) -> None:
        self.by_url = {a.url: a for a in self.catalogue.attachments.values()}
        # Part of every post's source hash: a post mapped differently is imported again.
        self.mapping_digest = digest(asdict(self.mapping))

    @property
    def uploads_url(self) -> str:
        base = (self.site.base_site_url or self.site.link).rstrip("/")
        return f"{base}/wp-content/uploads/"

    def group_of(self, post_id: int, language: str) -> Group:
        group = self.catalogue.groups.get(post_id)
        if group is not None:
            return group
        return Group(
            key=f"post-{post_id}", members={language: post_id}, original_language=language
        )


class Tally:
    """One post's counts, redirects and warnings, and the helpers that add to them."""

    def __init__(self, run: Run, post: PostReport) -> None:
        self.run = run
        self.post = post
        self.counts: dict[str, dict[str, int]] = {}
        self.media = Media()
        self.taxonomy = Taxonomy(run.catalogue, run.mapping, self.count, run.terms)
        self.people_seen: set[int] = set(run.people_seen)
        self.people_known: dict[str, int] = dict(run.people_known)
        self.people = People(run.records, self.count, self.people_seen, self.people_known)
        self.links = Links(run.site, self.count, self.warn)
        self.images = Images(
            run.catalogue,
            run.loader,
            self.media,
            dry_run=run.dry_run,
            overwrite=run.overwrite,
            count=self.count,
            warn=self.warn,
            by_url=run.by_url,
        )

    def count(self, kind: str, outcome: str) -> None:
        add_count(self.counts, kind, outcome)

    def warn(self, message: str) -> None:
        if message not in self.post.warnings:
            self.post.warnings.append(message)
