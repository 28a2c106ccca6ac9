"""django.contrib.admin, installed with Colophon's admin site (colophon/admin_site.py) as
admin.site. A module of its own: an app config is imported before any model may be."""

from django.contrib.admin.apps import AdminConfig


class ColophonAdminConfig(AdminConfig):
    default_site = "colophon.admin_site.ColophonAdminSite"
