import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wordpress.importing.importer import Options, catalogue_and_mapping, run_import
from wordpress.importing.mapping import MappingError, load_mapping, write_mapping
from wordpress.importing.report import Report
from wordpress.importing.wxr import ExportError

BAR_WIDTH = 30
LINE_EVERY = 1000


class TerminalProgress:
    """A bar on a terminal; a line every thousand posts in a log."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if self.tty:
            share = done / total if total else 1
            filled = int(BAR_WIDTH * share)
            bar = "#" * filled + " " * (BAR_WIDTH - filled)
            self.stream.write(f"\r[{bar}] {share:4.0%} {done}/{total}")
            if done >= total:
                self.stream.write("\n")
            self.stream.flush()
        elif done % LINE_EVERY == 0 or done == total:
            self.stream.write(f"{done}/{total} posts\n")
            self.stream.flush()


def default_report_path(export: Path) -> Path:
    """Beside the export, where its reader looks; the current folder when that is not
    writable (an export on a read-only mount)."""
    name = f"{export.stem}.import-report.txt"
    beside = export.resolve().parent
    return beside / name if _writable(beside) else Path.cwd() / name


def _writable(folder: Path) -> bool:
    try:
        probe = folder / ".colophon-write-test"
        probe.touch()
        probe.unlink()
    except OSError:
        return False
    return True


def save_report(report: Report, path: Path) -> None:
    # Written as a stream: a large run's report would otherwise be one more copy in memory.
    with path.open("w", encoding="utf-8") as out:
        if path.suffix == ".json":
            json.dump(report.as_json(), out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            report.write_text(out)


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR) into pieces, pages, contributors, series, volumes, "
        "topics and images, with redirects from every old address. Each post is imported "
        "in its own transaction; run it again to update, never to duplicate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("export", help="The export file (Tools → Export in WordPress).")
        parser.add_argument("--media", help="A local copy of the site's wp-content/uploads.")
        parser.add_argument(
            "--fetch-media",
            action="store_true",
            help="Download images missing from --media from the old site's own host.",
        )
        parser.add_argument("--mapping", help="The mapping file (TOML) to use.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check everything and write nothing."
        )
        parser.add_argument("--since", help="Only posts dated on or after YYYY-MM-DD.")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace fields editors changed in Colophon since the last import.",
        )
        parser.add_argument(
            "--write-mapping",
            metavar="FILE",
            help="Write the mapping (the default one without --mapping) to FILE to edit; "
            "without --dry-run nothing is imported.",
        )
        parser.add_argument(
            "--report",
            metavar="FILE",
            help="Where to save the report (.txt, or .json); default: beside the export.",
        )

    def handle(self, *args, **options) -> None:
        export = Path(options["export"])
        if not export.is_file():
            raise CommandError(f"{export}: no such file")
        since = _since(options["since"])
        try:
            mapping = load_mapping(options["mapping"]) if options["mapping"] else None
        except (MappingError, OSError) as exc:
            raise CommandError(f"{options['mapping']}: {exc}") from None
        media = Path(options["media"]) if options["media"] else None
        if media is not None and not media.is_dir():
            raise CommandError(f"--media {media}: no such folder")
        # Checked before a run that may take an hour, not found out at its end.
        for option in ("report", "write_mapping"):
            if options[option] and not _can_write(Path(options[option])):
                name = "--" + option.replace("_", "-")
                raise CommandError(f"{name} {options[option]}: cannot write a file there")
        try:
            if options["write_mapping"]:
                catalogue, chosen = catalogue_and_mapping(export, mapping)
                notes = catalogue.category_notes()
                try:
                    write_mapping(chosen, options["write_mapping"], notes=notes)
                except OSError as exc:
                    raise CommandError(
                        f"--write-mapping {options['write_mapping']}: {exc}"
                    ) from None
                self.stdout.write(f"Mapping written to {options['write_mapping']}.")
                if not options["dry_run"]:
                    return
            run_options = Options(
                mapping=mapping,
                media_dir=media,
                fetch_media=options["fetch_media"],
                dry_run=options["dry_run"],
                since=since,
                overwrite=options["overwrite"],
                # Whole addresses, so that a terminal can open each piece's admin page.
                extra={"site_url": settings.SITE_URL},
            )
            report = run_import(export, run_options, TerminalProgress(sys.stderr))
        except (ExportError, MappingError) as exc:
            raise CommandError(f"{export}: {exc}") from None
        if options["dry_run"] and mapping is None:
            self.stdout.write("The mapping this run used (edit it and pass --mapping):\n")
            self.stdout.write(report.mapping_toml)
        path = Path(options["report"]) if options["report"] else default_report_path(export)
        try:
            save_report(report, path)
        except OSError as exc:
            self.stderr.write(f"The report could not be saved to {path}: {exc}")
        else:
            self.stdout.write(f"Report saved to {path}.\n")
        # The report ends with its one-line summary, the last thing printed; line by line,
        # since a large run's report is tens of megabytes.
        for line in report.lines():
            self.stdout.write(line)
        if report.failed:
            raise CommandError(f"{report.summary()} (failed: {len(report.failed)} posts)")


def _can_write(path: Path) -> bool:
    """Whether `path` names a file that can be written: not a folder, in a folder that
    exists and may be written to."""
    if path.is_dir():
        return False
    if path.exists():
        return os.access(path, os.W_OK)
    return path.parent.is_dir() and os.access(path.parent, os.W_OK)


def _since(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since {value}: not a date (YYYY-MM-DD)") from None
