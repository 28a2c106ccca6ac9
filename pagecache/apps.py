from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = _("Page cache")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        # Imported here: it imports this app's model, which needs the registry.
        from pagecache import invalidation

        post_migrate.connect(invalidation.changed, sender=self, dispatch_uid="pagecache-migrate")
