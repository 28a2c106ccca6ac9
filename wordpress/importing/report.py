"""What an import did, for the terminal, the saved report file and the admin's page."""

from dataclasses import asdict, dataclass, field
from typing import Any

KINDS = ("pieces", "pages", "contributors", "series", "volumes", "topics", "images", "redirects")
OUTCOMES = ("new", "updated", "unchanged", "failed")


@dataclass
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

    def count(self, kind: str, outcome: str, n: int = 1) -> None:
        by_outcome = self.counts.setdefault(kind, {})
        by_outcome[outcome] = by_outcome.get(outcome, 0) + n

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
        lines = ["WordPress import" + (" (dry run: nothing was written)" if self.dry_run else "")]
        lines.append("")
        lines.append(f"{'':14}" + "".join(f"{outcome:>11}" for outcome in OUTCOMES))
        for kind in KINDS:
            row = self.counts.get(kind, {})
            lines.append(f"{kind:14}" + "".join(f"{row.get(o, 0):>11}" for o in OUTCOMES))
        if self.warnings:
            lines += ["", "About the export:"]
            lines += [f"  - {warning}" for warning in self.warnings]
        noted = [post for post in self.posts if post.warnings or post.kept or post.reason]
        if noted:
            lines += ["", "Posts and pages:"]
        for post in noted:
            head = f"  {post.kind} {post.wordpress_id} “{post.title}”: {post.outcome}"
            lines.append(head + (f" — {post.reason}" if post.reason else ""))
            if post.admin_url:
                lines.append(f"      {post.admin_url}")
            if post.kept:
                lines.append(f"      kept as edited in Colophon: {', '.join(post.kept)}")
            lines += [f"      - {warning}" for warning in post.warnings]
        if self.redirects:
            lines += ["", f"Redirects ({len(self.redirects)}):"]
            lines += [f"  {old} → {new}" for old, new in self.redirects]
        lines += ["", self.summary()]
        return "\n".join(lines) + "\n"

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
        )
