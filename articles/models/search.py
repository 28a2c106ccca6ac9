"""The search index: one row per piece and language, kept current by articles/search/query.py."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    """What one language version of a piece is found by, in plain text, by weight.

    On PostgreSQL `vector` holds the weighted words (title A; authors, keywords and topics B;
    summary C; body D) under a GIN index; SQLite matches `words` instead.
    """

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="search_documents"
    )
    language = models.CharField(max_length=10)
    heading = models.TextField()
    names = models.TextField()
    summary = models.TextField()
    body = models.TextField()
    # Everything above, unaccented and case-folded: what SQLite searches.
    words = models.TextField()
    vector = SearchVectorField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="search_document_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} ({self.language})"
