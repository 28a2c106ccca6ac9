from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self) -> None:
        # Imported here, not at the top: these modules import the models, which Django
        # lets a module do only once the app registry is ready.
        from django.db.models.signals import post_migrate

        from articles.models.revisions import register_models
        from articles.pdf import receivers as pdf_receivers
        from articles.search import index as search_index

        post_migrate.connect(search_index.index_if_empty, sender=self)
        pdf_receivers.connect()
        search_index.connect()
        # Revisions after modeltranslation has added its columns.
        register_models()
