"""Rebuild the search index from scratch (it is kept current on every save)."""

from django.core.management.base import BaseCommand

from articles.search.index import rebuild


class Command(BaseCommand):
    help = "Re-index every piece for search, in every language it is written in."

    def handle(self, *args, **options) -> None:
        written = rebuild()
        self.stdout.write(f"Indexed {written} language version(s) for search.")
