from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self) -> None:
        # Imported here: it imports the models, which needs the app registry.
        from articles import receivers

        receivers.connect(self)
