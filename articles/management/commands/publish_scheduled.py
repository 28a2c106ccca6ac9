"""Publish every scheduled piece whose date has come. Idempotent: run it from cron."""

from django.core.management.base import BaseCommand, CommandError

from articles.workflow.steps import publish_due


class Command(BaseCommand):
    help = "Make scheduled pieces whose publication date has passed public (cron-friendly)."

    def handle(self, *args, **options) -> None:
        try:
            done = publish_due()
        except Exception as error:
            raise CommandError(f"publish_scheduled failed: {error}") from error
        self.stdout.write(f"publish_scheduled: {len(done)} piece(s) published.")
