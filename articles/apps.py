from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        # Importing connects the signals that keep the search index current.
        from articles import search_index

        post_migrate.connect(search_index.index_if_empty, sender=self)

        # Revisions (articles/history.py) after modeltranslation has added its columns.
        from articles.history import register_models

        register_models()
