"""Who listens to what in articles: every receiver, connected in one place.

ArticlesConfig.ready() calls connect() once the app registry is ready. In order, after a
workflow step (articles/workflow/events.py): the page cache, PDFs rendered ahead, the
search index, e-mails. Saves and deletes of what readers see reach the page cache, the
PDF renderer and the search index through model signals.
"""

from django.db.models.signals import post_migrate

from articles.models import Article
from articles.models.article import next_publications
from articles.models.revisions import register_models
from articles.pdf import receivers as pdf_receivers
from articles.pdf.storage import pdf_rendered
from articles.search import index as search_index
from articles.workflow import emails
from articles.workflow.events import step_taken
from pagecache import invalidation


def connect(app_config) -> None:
    step_taken.connect(invalidation.changed, dispatch_uid="pagecache-step")
    pdf_receivers.connect()
    search_index.connect()
    step_taken.connect(emails.step_taken, dispatch_uid="emails-step")

    # What readers see of articles, for the page cache: the pieces and everything printed
    # with them, a finished PDF render (pages show its size), and publication dates still
    # to come.
    invalidation.watch(
        "articles.Article",
        "articles.Authorship",
        "articles.Reference",
        "articles.FeaturedImage",
        "articles.BodyFigure",
        "articles.Topic",
    )
    invalidation.watch_m2m(Article.topics.through)
    pdf_rendered.connect(invalidation.changed, dispatch_uid="pagecache-pdf")
    invalidation.schedule_source(next_publications)

    post_migrate.connect(search_index.index_if_empty, sender=app_config)
    # Revisions after modeltranslation has added its columns.
    register_models()
