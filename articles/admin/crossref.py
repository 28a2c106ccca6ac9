"""The admin action that downloads a Crossref deposit for the selected pieces."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.discovery.crossref import DepositError, deposit_xml, depositable_articles


@admin.action(description=_("Download Crossref deposit XML"), permissions=["view"])
def crossref_deposit_xml(modeladmin, request: HttpRequest, queryset: QuerySet):
    try:
        xml = deposit_xml(depositable_articles(queryset))
    except DepositError as error:
        modeladmin.message_user(request, str(error), messages.ERROR)
        return None
    response = HttpResponse(xml, content_type="application/xml; charset=utf-8")
    name = f"crossref-{timezone.now():%Y%m%d-%H%M%S}.xml"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
