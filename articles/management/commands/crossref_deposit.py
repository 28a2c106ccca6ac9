"""Write (and, with --send, deposit) Crossref XML for one piece, several, or all with DOIs."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.discovery.crossref import DepositError, deposit, deposit_xml, depositable_articles
from articles.models import Article


class Command(BaseCommand):
    help = "Export a Crossref 5.3.1 deposit for pieces (by slug, or --all with a DOI)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("slugs", nargs="*", help="Slugs of the pieces to deposit.")
        parser.add_argument(
            "--all", action="store_true", help="Every published piece that has a DOI."
        )
        parser.add_argument("--output", "-o", help="Write the XML here (default: stdout).")
        parser.add_argument(
            "--send", action="store_true", help="Deposit with Crossref (needs CROSSREF_DEPOSIT)."
        )

    def handle(self, *args, **options) -> None:
        slugs, output, send = options["slugs"], options["output"], options["send"]
        if bool(slugs) == options["all"]:
            raise CommandError("Name the pieces by slug, or use --all (not both).")
        if options["all"]:
            pieces = Article.objects.published_anywhere().exclude(doi="").order_by("pk")
        else:
            pieces = Article.objects.filter(slug__in=slugs).order_by("pk")
            missing = sorted(set(slugs) - set(pieces.values_list("slug", flat=True)))
            if missing:
                raise CommandError(f"No piece with the slug(s): {', '.join(missing)}.")
        articles = depositable_articles(pieces)
        if not articles:
            raise CommandError("There is nothing to deposit.")
        try:
            xml = deposit_xml(articles)
            answer = deposit(xml) if send else ""
        except DepositError as error:
            raise CommandError(str(error)) from error
        if output:
            Path(output).write_bytes(xml)
        elif not send:
            self.stdout.write(xml.decode())
        where = f" to {output}" if output else ""
        done = "Deposited" if send else "Wrote the deposit of"
        summary = f"{done} {len(articles)} piece(s){where}."
        self.stderr.write(summary + (f" Crossref said: {answer[:200]}" if answer else ""))
