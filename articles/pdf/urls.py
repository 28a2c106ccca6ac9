"""PDF addresses, beside the pages they belong to (Google Scholar wants them there).

Included from colophon/urls.py inside i18n_patterns, before the articles and series
URLs; the language prefix picks the PDF's language.
"""

from django.urls import path

from articles.pdf import views as pdf_views

app_name = "pdf"
urlpatterns = [
    path("articles/<slug:slug>/<slug:filename>.pdf", pdf_views.article_pdf, name="article"),
    # Three segments, so no article slug can collide with the preview address.
    path(
        "articles/<slug:slug>/preview/<slug:filename>.pdf",
        pdf_views.article_preview_pdf,
        name="article_preview",
    ),
    path(
        "series/<slug:slug>/<int:number>/<slug:filename>.pdf",
        pdf_views.volume_pdf,
        name="volume",
    ),
    path("series/<slug:slug>/<slug:filename>.pdf", pdf_views.series_pdf, name="series"),
]
