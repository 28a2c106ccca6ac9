"""What an import did, for the terminal, the saved report file and the admin's page."""

from dataclasses import dataclass, field


@dataclass
class PostReport:
    wordpress_id: int
    title: str
    kind: str  # "post" or "page"
    outcome: str  # "new", "updated", "unchanged", "skipped", "failed"
    admin_url: str = ""  # the piece or page in the admin, once it exists
    warnings: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # fields an editor changed, left as they are
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

    def summary(self) -> str:
        """One line: "12 new, 0 updated, 3 unchanged, 1 failed; 40 redirects" ."""
        raise NotImplementedError

    def as_text(self) -> str:
        raise NotImplementedError

    def as_json(self) -> dict:
        raise NotImplementedError

    @classmethod
    def from_json(cls, data: dict) -> "Report":
        raise NotImplementedError
