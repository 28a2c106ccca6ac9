from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from colophon.sitemaps import SITEMAPS

urlpatterns = [
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # The admin follows the editor's browser language rather than a URL prefix.
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("articles.urls")),
    path("series/", include("series.urls")),
    path("authors/", include("contributors.urls")),
    path("", include("pages.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
