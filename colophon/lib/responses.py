"""Responses several apps give in the same words."""

from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language_info, override
from modeltranslation.utils import build_localized_fieldname


def not_in_language(request: HttpRequest, obj: Model, languages: list[str]) -> HttpResponse:
    """A 404 that says the page exists in other languages and links to them."""
    if not languages:
        raise Http404
    versions = []
    for code in languages:
        with override(code):
            url = obj.get_absolute_url()  # type: ignore[attr-defined]  # every public model has one
        title = getattr(obj, build_localized_fieldname("title", code))
        versions.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "title": title,
            }
        )
    context = {"versions": versions, "available_languages": languages}
    return render(request, "not_in_language.html", context, status=404)
