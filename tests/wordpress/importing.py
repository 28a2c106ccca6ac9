"""Running the importer in tests: images from memory instead of a folder or the network."""

from pathlib import Path

from tests.factories import image_bytes
from tests.wordpress.builders import ExportBuilder
from wordpress.importing.importer import Options, run_import
from wordpress.importing.report import Report


class MemoryImages:
    """A MediaSource stand-in: every URL is a small JPEG unless listed as missing."""

    def __init__(self, missing: set[str] = frozenset()) -> None:  # type: ignore[assignment]
        self.missing = missing
        self.asked: list[str] = []

    def load(self, url: str) -> tuple[bytes | None, str]:
        self.asked.append(url)
        if any(url.endswith(name) for name in self.missing):
            return None, "not in the media folder"
        return image_bytes(), ""


def run(export: ExportBuilder, tmp_path: Path, **options) -> Report:
    path = export.write(tmp_path / "export.xml")
    options.setdefault("loader", MemoryImages())
    return run_import(path, Options(**options))


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def crossing_the_line(export: ExportBuilder, **fields) -> ExportBuilder:
    """Post 10 by "ana" in the "displacement" category, the post most tests start from;
    `fields` adds to it (its content, its language and translation group)."""
    return export.post(
        10,
        "Crossing the line",
        creator="ana",
        categories=["displacement"],
        excerpt="What a border does.",
        date="2023-04-05 10:00:00",
        **fields,
    )


def blog() -> ExportBuilder:
    """A small English blog: one author, one series category, two published posts."""
    export = ExportBuilder()
    export.author(
        "ana", display_name="Ana Ruiz", first_name="Ana", last_name="Ruiz", email="ana@example.org"
    )
    export.category("displacement", "Displacement Papers")
    crossing_the_line(export, content="<p>First paragraph.</p>\n\n<p>Second paragraph.</p>")
    export.post(
        11,
        "After the flood",
        creator="ana",
        categories=["displacement"],
        excerpt="What water does.",
        content="<p>Water.</p>",
        date="2023-05-05 10:00:00",
    )
    return export
