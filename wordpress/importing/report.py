"""What an import did, for the terminal, the saved report file and the admin's page."""

import io
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, TextIO

from wordpress.importing.heads import PairSuggestion

KINDS = ("pieces", "pages", "contributors", "series", "volumes", "topics", "images", "redirects")
OUTCOMES = ("new", "updated", "unchanged", "failed")


def add_count(counts: dict[str, dict[str, int]], kind: str, outcome: str, n: int = 1) -> None:
    """Add `n` to counts[kind][outcome]: a run's report and one post's tally count alike."""
    by_outcome = counts.setdefault(kind, {})
    by_outcome[outcome] = by_outcome.get(outcome, 0) + n


# Slots: a run keeps one of these for every post it read, tens of thousands of them.
@dataclass(slots=True)
class PostReport:
    wordpress_id: int
    title: str
    kind: str  # "post" or "page"
    outcome: str  # "new", "updated", "unchanged", "skipped", "failed"
    admin_url: str = ""  # the piece or page in the admin, once it exists
    warnings: list[str] = field(default_factory=list)
    # Fields an editor changed, left as they are: "title_en", "image.alt_es",
    # "figure 2.creator", "topics", "authors".
    kept: list[str] = field(default_factory=list)
    reason: str = ""  # why it failed or was skipped


@dataclass
class Report:
    dry_run: bool = False
    # {"pieces": {"new": 3, "updated": 0, "unchanged": 2}, "pages": {…}, "contributors":
    # {…}, "series": {…}, "volumes": {…}, "topics": {…}, "images": {…}, "redirects": {…}}
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    posts: list[PostReport] = field(default_factory=list)
    redirects: list[tuple[str, str]] = field(default_factory=list)  # (old path, new path)
    warnings: list[str] = field(default_factory=list)  # about the export as a whole
    mapping_toml: str = ""  # the mapping used, as TOML (the default one when none given)
    # Posts in different languages that may be one piece, for the mapping's `pairs`.
    suggestions: list[PairSuggestion] = field(default_factory=list)

    def count(self, kind: str, outcome: str, n: int = 1) -> None:
        add_count(self.counts, kind, outcome, n)

    def add_counts(self, counts: dict[str, dict[str, int]]) -> None:
        for kind, by_outcome in counts.items():
            for outcome, n in by_outcome.items():
                self.count(kind, outcome, n)

    def total(self, outcome: str, kinds: tuple[str, ...] = ("pieces", "pages")) -> int:
        return sum(self.counts.get(kind, {}).get(outcome, 0) for kind in kinds)

    @property
    def failed(self) -> list[PostReport]:
        return [post for post in self.posts if post.outcome == "failed"]

    def summary(self) -> str:
        """One line: "12 new, 0 updated, 3 unchanged, 1 failed; 40 redirects" ."""
        line = (
            f"{self.total('new')} new, {self.total('updated')} updated, "
            f"{self.total('unchanged')} unchanged, {self.total('failed')} failed; "
            f"{len(self.redirects)} redirects"
        )
        return f"Dry run (nothing written): {line}" if self.dry_run else line

    def as_text(self) -> str:
        out = io.StringIO()
        self.write_text(out)
        return out.getvalue()

    def write_text(self, out: TextIO) -> None:
        """The report as text, written line by line: a large run's report is tens of
        megabytes, better not built whole in memory before it is printed or saved."""
        for line in self.lines():
            out.write(line + "\n")

    def lines(self) -> Iterator[str]:
        """The lines of as_text(), one at a time."""
        yield "WordPress import" + (" (dry run: nothing was written)" if self.dry_run else "")
        yield ""
        yield f"{'':14}" + "".join(f"{outcome:>11}" for outcome in OUTCOMES)
        for kind in KINDS:
            row = self.counts.get(kind, {})
            yield f"{kind:14}" + "".join(f"{row.get(o, 0):>11}" for o in OUTCOMES)
        if self.warnings:
            yield from ("", "About the export:")
            yield from (f"  - {warning}" for warning in self.warnings)
        heading = False
        for post in self.posts:
            if not (post.warnings or post.kept or post.reason):
                continue
            if not heading:
                yield from ("", "Posts and pages:")
                heading = True
            head = f"  {post.kind} {post.wordpress_id} “{post.title}”: {post.outcome}"
            yield head + (f" — {post.reason}" if post.reason else "")
            if post.admin_url:
                yield f"      {post.admin_url}"
            if post.kept:
                yield f"      kept as edited in Colophon: {', '.join(post.kept)}"
            yield from (f"      - {warning}" for warning in post.warnings)
        if self.suggestions:
            yield from ("", "Possible translations (add to the mapping's pairs if right):")
            for suggestion in self.suggestions:
                first, second = suggestion.ids
                yield f"  [{first}, {second}]: {', '.join(suggestion.reasons)}"
        if self.redirects:
            yield from ("", f"Redirects ({len(self.redirects)}):")
            yield from (f"  {old} → {new}" for old, new in self.redirects)
        yield from ("", self.summary())

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["redirects"] = [list(pair) for pair in self.redirects]
        data["summary"] = self.summary()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Report":
        return cls(
            dry_run=bool(data.get("dry_run", False)),
            counts={k: dict(v) for k, v in data.get("counts", {}).items()},
            posts=[PostReport(**post) for post in data.get("posts", [])],
            redirects=[(old, new) for old, new in data.get("redirects", [])],
            warnings=list(data.get("warnings", [])),
            mapping_toml=data.get("mapping_toml", ""),
            suggestions=[
                PairSuggestion(
                    ids=(int(s["ids"][0]), int(s["ids"][1])), reasons=list(s["reasons"])
                )
                for s in data.get("suggestions", [])
            ],
        )
