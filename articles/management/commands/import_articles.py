from django.core.management.base import BaseCommand, CommandError

from articles.interchange.common import InterchangeError
from articles.interchange.importer import import_file


class Command(BaseCommand):
    help = (
        "Import series, volumes, topics, contributors and articles from an interchange JSON "
        "file (docs/interchange.md). Everything is imported, or nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The JSON file; image paths in it are relative to it.")

    def handle(self, *args, file: str, **options) -> None:
        try:
            result = import_file(file)
        except InterchangeError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(result.summary())
