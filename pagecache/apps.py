from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = _("Page cache")

    def ready(self) -> None:
        # Importing connects the receivers that start a new generation on every change.
        from django.db.models.signals import post_migrate

        from pagecache import signals

        post_migrate.connect(signals.migrated, sender=self, dispatch_uid="pagecache-migrate")
