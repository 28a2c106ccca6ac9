"""Pages that editors write in the admin, such as "How to contribute"."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language

from colophon.lib.responses import not_in_language
from pages.models import Page


def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(Page, slug=slug)
    # "How to contribute" has its own address; one URL per page keeps links and search tidy.
    if page.get_absolute_url() != request.path:
        return redirect(page, permanent=True)
    languages = page.languages()
    if get_language() not in languages:
        return not_in_language(request, page, languages)
    context = {"page": page, "available_languages": languages}
    return render(request, "pages/page_detail.html", context)


def contribute(request: HttpRequest) -> HttpResponse:
    return page_detail(request, Page.CONTRIBUTE)
