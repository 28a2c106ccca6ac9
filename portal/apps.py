from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Contributors' own desk: their accounts and their submissions (no models of its own;
    it writes contributors.Contributor and articles.Article)."""

    name = "portal"
    verbose_name = _("Contributor portal")
