"""Admin actions that publish or withdraw one language version of the selected pieces.

Publication only ever goes through Article.publish() / Article.unpublish(), which lock the
row and check what a version needs; one action per site language is generated here.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from articles.models import Article

Action = Callable[[admin.ModelAdmin, HttpRequest, QuerySet[Article]], None]


def _interpolate(message: str, values: dict) -> str:
    return message % values


# Descriptions are built at import time but must follow the editor's language.
_interpolate_lazy = lazy(_interpolate, str)


def _titles(articles: list[Article]) -> str:
    return ", ".join(f"“{article}”" for article in articles)


def _publish(language: str, name: str) -> Action:
    def action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset) -> None:
        done, already = [], []
        for article in queryset:
            if article.is_published(language):
                # Publishing again would move its date to now.
                already.append(article)
                continue
            try:
                article.publish(language, by=request.user)
            except ValidationError as error:
                modeladmin.message_user(
                    request,
                    _("“%(title)s” was not published: %(reason)s")
                    % {"title": article, "reason": " ".join(error.messages)},
                    messages.ERROR,
                )
            else:
                done.append(article)
        if done:
            modeladmin.message_user(
                request,
                ngettext(
                    "Published the %(language)s version of %(count)d piece: %(titles)s.",
                    "Published the %(language)s version of %(count)d pieces: %(titles)s.",
                    len(done),
                )
                % {"language": name, "count": len(done), "titles": _titles(done)},
                messages.SUCCESS,
            )
        if already:
            modeladmin.message_user(
                request,
                _("Already published in %(language)s, left as they were: %(titles)s.")
                % {"language": name, "titles": _titles(already)},
                messages.INFO,
            )

    action.__name__ = f"publish_{language}"
    description = _interpolate_lazy(
        gettext_lazy("Publish the %(language)s version"), {"language": name}
    )
    return admin.action(description=description, permissions=["change"])(action)


def _unpublish(language: str, name: str) -> Action:
    def action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset) -> None:
        done, untouched = [], []
        for article in queryset:
            if not article.localized("published_at", language):
                untouched.append(article)
                continue
            try:
                article.unpublish(language, by=request.user)
            except ValidationError as error:
                modeladmin.message_user(
                    request,
                    _("“%(title)s” was not unpublished: %(reason)s")
                    % {"title": article, "reason": " ".join(error.messages)},
                    messages.ERROR,
                )
            else:
                done.append(article)
        if done:
            modeladmin.message_user(
                request,
                ngettext(
                    "Unpublished the %(language)s version of %(count)d piece: %(titles)s.",
                    "Unpublished the %(language)s version of %(count)d pieces: %(titles)s.",
                    len(done),
                )
                % {"language": name, "count": len(done), "titles": _titles(done)},
                messages.SUCCESS,
            )
        if untouched:
            modeladmin.message_user(
                request,
                _("Not published in %(language)s, left as they were: %(titles)s.")
                % {"language": name, "titles": _titles(untouched)},
                messages.INFO,
            )

    action.__name__ = f"unpublish_{language}"
    description = _interpolate_lazy(
        gettext_lazy("Unpublish the %(language)s version"), {"language": name}
    )
    return admin.action(description=description, permissions=["change"])(action)


def publication_actions() -> list[Action]:
    """Publish and unpublish actions for every site language, in settings order."""
    actions = [_publish(code, name) for code, name in settings.LANGUAGES]
    return actions + [_unpublish(code, name) for code, name in settings.LANGUAGES]
