from django.core.management.base import BaseCommand, CommandError

from articles.interchange.common import InterchangeError
from articles.interchange.exporter import export_to


class Command(BaseCommand):
    help = (
        "Export every series, volume, topic and article (drafts included) to an interchange "
        "JSON file (docs/interchange.md), copying image files into a folder beside it."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The JSON file to write, e.g. out.json.")
        parser.add_argument(
            "--images-dir",
            help="Where to copy the images; a folder inside the JSON file's folder "
            "(default: <name>_images beside it, e.g. out_images/).",
        )

    def handle(self, *args, file: str, images_dir: str | None = None, **options) -> None:
        try:
            result = export_to(file, images_dir)
        except InterchangeError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(result.summary())
