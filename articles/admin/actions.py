"""Admin actions that publish or withdraw one language version of the selected pieces.

Publication only ever goes through publish_language() and unpublish_language()
(articles/workflow/steps.py), which lock the row and check what a version needs; one
action per site language is generated here.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy, ngettext_lazy

from articles.admin.credits import credit_warning
from articles.models import Article
from articles.workflow.steps import publish_language, unpublish_language

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Action = Callable[[admin.ModelAdmin, HttpRequest, QuerySet[Article]], None]


def _interpolate(message: "StrOrPromise", values: dict) -> str:
    return message % values


# Descriptions are built at import time but must follow the editor's language.
_interpolate_lazy = lazy(_interpolate, str)


def _titles(articles: list[Article]) -> str:
    return ", ".join(f"“{article}”" for article in articles)


@dataclass(frozen=True)
class _Step:
    """What one action does to a language version, and what it tells the editor."""

    verb: str  # "publish" or "unpublish": the action's name
    take: Callable[..., object]  # the workflow step: (article, language, by=…)
    description: "StrOrPromise"
    skip: Callable[[Article, str], bool]  # versions left as they are
    failed: "StrOrPromise"
    done: "StrOrPromise"  # with %(count)d, %(language)s and %(titles)s; lazily pluralised
    skipped: "StrOrPromise"
    # A warning about a version it has taken, or "": publication still goes ahead.
    warn: Callable[[Article], str] = lambda article: ""


_STEPS = [
    _Step(
        "publish",
        publish_language,
        gettext_lazy("Publish the %(language)s version"),
        # Publishing again would move its date to now.
        lambda article, language: article.is_published(language),
        gettext_lazy("“%(title)s” was not published: %(reason)s"),
        ngettext_lazy(
            "Published the %(language)s version of %(count)d piece: %(titles)s.",
            "Published the %(language)s version of %(count)d pieces: %(titles)s.",
            "count",
        ),
        gettext_lazy("Already published in %(language)s, left as they were: %(titles)s."),
        credit_warning,
    ),
    _Step(
        "unpublish",
        unpublish_language,
        gettext_lazy("Unpublish the %(language)s version"),
        lambda article, language: not article.localized("published_at", language),
        gettext_lazy("“%(title)s” was not unpublished: %(reason)s"),
        ngettext_lazy(
            "Unpublished the %(language)s version of %(count)d piece: %(titles)s.",
            "Unpublished the %(language)s version of %(count)d pieces: %(titles)s.",
            "count",
        ),
        gettext_lazy("Not published in %(language)s, left as they were: %(titles)s."),
    ),
]


def _action(step: _Step, language: str, name: "StrOrPromise") -> Action:
    def action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset) -> None:
        done, skipped = [], []
        for article in queryset:
            if step.skip(article, language):
                skipped.append(article)
                continue
            try:
                step.take(article, language, by=request.user)
            except ValidationError as error:
                reason = " ".join(error.messages)
                message = step.failed % {"title": article, "reason": reason}
                modeladmin.message_user(request, message, messages.ERROR)
            else:
                done.append(article)
                if warning := step.warn(article):
                    modeladmin.message_user(request, warning, messages.WARNING)
        if done:
            values = {"language": name, "count": len(done), "titles": _titles(done)}
            modeladmin.message_user(request, step.done % values, messages.SUCCESS)
        if skipped:
            values = {"language": name, "titles": _titles(skipped)}
            modeladmin.message_user(request, step.skipped % values, messages.INFO)

    action.__name__ = f"{step.verb}_{language}"
    description = _interpolate_lazy(step.description, {"language": name})
    return admin.action(description=description, permissions=["change"])(action)


def publication_actions() -> list[Action]:
    """Publish and unpublish actions for every site language, in settings order."""
    return [_action(step, code, name) for step in _STEPS for code, name in settings.LANGUAGES]
