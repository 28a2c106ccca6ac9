"""The editors' admin for pieces and topics; each module registers its own models."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.admin import article, notifications, topic  # noqa: F401  (registers the ModelAdmins)

admin.site.site_header = _("Colophon editors")
admin.site.site_title = _("Colophon")
admin.site.index_title = _("Series, pieces and pages")
