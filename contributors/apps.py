from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributorsConfig(AppConfig):
    name = "contributors"
    verbose_name = _("Contributors")

    def ready(self) -> None:
        # Imported here: the page cache's modules import its model, which needs the registry.
        from pagecache import invalidation

        # What readers see of this app, for the page cache.
        invalidation.watch("contributors.Contributor")
