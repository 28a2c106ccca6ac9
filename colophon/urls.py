from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from articles.discovery.sitemaps import SITEMAPS, robots_txt, sitemap_index
from articles.oai import views as oai_views
from articles.site import preview
from colophon import health, media

urlpatterns = [
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", robots_txt, name="robots"),
    path("healthz", health.healthz, name="healthz"),
    path("oai/", oai_views.endpoint, name="oai"),
    # The admin follows the editor's browser language rather than a URL prefix.
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    # Reader PDFs sit under their pages' paths (/en/articles/<slug>/<slug>.pdf), so they
    # come before the articles and series URLs.
    path("", include("articles.pdf.urls")),
    path("", include("articles.site.urls")),
    path("series/", include("series.urls")),
    path("authors/", include("contributors.urls")),
    path("feeds/", include("articles.discovery.feed_urls")),
    # Contributors' accounts, the submission portal and signed previews come before
    # pages.urls, whose catch-all slug would otherwise claim them.
    path("accounts/", include("portal.account_urls")),
    # The rich-text editor's words in the page's language (locale/*/djangojs.po).
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("portal.submission_urls")),
    path("preview/<str:token>/", preview.signed_preview, name="preview"),
    path("", include("pages.urls")),
    prefix_default_language=True,
)

# Uploaded files through one view in development and production (colophon/media.py), so
# the headers that make a hostile upload harmless are the same everywhere; not when they
# live in a bucket, which serves them itself.
if media.serves_media_itself(settings.STORAGES["default"], settings.MEDIA_URL):
    urlpatterns += [
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media.serve, name="media"),
    ]
