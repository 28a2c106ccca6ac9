"""The editors' admin site: Django's own, with "view on site" kept inside each editor's reach.

Django's /admin/r/<content type>/<pk>/ redirects any member of staff to any object's public
address, and a piece's address is its slug, which spells out its title: a series editor
could read the titles of other series' pieces and of contributors' private drafts by
counting through primary keys. Here it redirects only to objects that the model's admin
shows the person (its get_queryset and view permission), and answers 404 otherwise, the
same as for an object that does not exist.
"""

from django.contrib.admin import AdminSite
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


class ColophonAdminSite(AdminSite):
    def get_urls(self):
        own = path(
            "r/<int:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        return [
            own,
            *(url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"),
        ]

    def view_on_site(
        self, request: HttpRequest, content_type_id: int, object_id: str
    ) -> HttpResponse:
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:
            raise Http404 from None
        # A model without an admin here has nothing an editor was shown to go and view.
        model_admin = self._registry.get(model) if model is not None else None
        if model_admin is None:
            raise Http404
        obj = model_admin.get_object(request, object_id)
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404
        return shortcut(request, content_type_id, object_id)
