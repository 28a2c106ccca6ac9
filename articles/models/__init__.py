"""The article's data: the piece, its parts, its workflow records, its renders and index.

One module per family; Django finds the models through the names imported here.
"""

from articles.models.article import (
    Article,
    ArticleManager,
    ArticleQuerySet,
    Authorship,
    Topic,
    published_q,
)
from articles.models.figures import BodyFigure
from articles.models.images import CreditedImage, FeaturedImage
from articles.models.pdf import PdfRender
from articles.models.references import Reference, new_reference_key
from articles.models.search import SearchDocument
from articles.models.workflow import ArticleEvent, NotificationTemplate, Status, WorkflowFields

__all__ = [
    "Article",
    "ArticleEvent",
    "ArticleManager",
    "ArticleQuerySet",
    "Authorship",
    "BodyFigure",
    "CreditedImage",
    "FeaturedImage",
    "NotificationTemplate",
    "PdfRender",
    "Reference",
    "SearchDocument",
    "Status",
    "Topic",
    "WorkflowFields",
    "new_reference_key",
    "published_q",
]
