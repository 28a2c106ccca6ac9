from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeriesConfig(AppConfig):
    name = "series"
    verbose_name = _("Series")

    def ready(self) -> None:
        # Imported here: the page cache's modules import its model, which needs the registry.
        from pagecache import invalidation

        # What readers see of this app, for the page cache.
        invalidation.watch("series.Series", "series.Volume")
