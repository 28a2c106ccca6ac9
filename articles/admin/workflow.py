"""The editors' side of the workflow: the queue, role scoping, decision buttons, the
timeline, previews, and refusing a save based on a stale copy of the piece.
"""

from datetime import timedelta
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from articles.admin.credits import credit_warning
from articles.models import Article, ArticleQuerySet
from articles.models.workflow import action_label, editor_actions
from articles.site.preview import article_for_preview, preview_link, render_preview
from articles.workflow.steps import (
    TransitionError,
    assign_handling_editor,
    publish_correction,
    publish_language,
    transition,
    unpublish_with_reason,
)
from series.models import Series

# Columns only the workflow writes: an admin save never writes them back from its copy.
# The handling editor is assigned through the workflow too, so the timeline records it.
WORKFLOW_COLUMNS = {
    "status",
    "withdrawn_at",
    "submitted_at",
    "submitted_by",
    "edit_version",
    "handling_editor",
    "corrected_at",
    "deleted_at",
    "preview_generation",
}


class SeriesFilter(admin.SimpleListFilter):
    """The series a piece is in or proposed for, among those the editor handles.

    The parameter keeps the name the filter on the volume's series had, so bookmarked
    queue addresses still work."""

    title = gettext_lazy("series")
    parameter_name = "volume__series__id__exact"

    def lookups(self, request, model_admin):
        return [(str(s.pk), s.title) for s in Series.objects.edited_by(request.user)]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(series_id=value) if value and value.isdigit() else queryset


class AgeFilter(admin.SimpleListFilter):
    title = gettext_lazy("waiting since")
    parameter_name = "age"
    BANDS = {"week": (0, 7), "month": (7, 30), "older": (30, None)}

    def lookups(self, request, model_admin):
        return [
            ("week", gettext_lazy("less than a week")),
            ("month", gettext_lazy("one to four weeks")),
            ("older", gettext_lazy("more than four weeks")),
        ]

    def queryset(self, request, queryset):
        band = self.BANDS.get(self.value())
        if band is None:
            return queryset
        now = timezone.now()
        low, high = band
        queryset = queryset.filter(submitted_at__lte=now - timedelta(days=low))
        if high is not None:
            queryset = queryset.filter(submitted_at__gt=now - timedelta(days=high))
        return queryset


class TransitionForm(forms.Form):
    expected = forms.CharField(widget=forms.HiddenInput)
    message = forms.CharField(
        label=gettext_lazy("Message to the authors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text=gettext_lazy("E-mailed to every author with an address, in the e-mail's text."),
    )
    note = forms.CharField(
        label=gettext_lazy("Internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=gettext_lazy("Editors only; never shown to contributors."),
    )

    def __init__(self, *args, action: str, article: Article, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.action = action
        if action == "schedule":
            for code, name in settings.LANGUAGES:
                self.fields[f"at_{code}"] = forms.SplitDateTimeField(
                    label=_("Publish the %(language)s version at") % {"language": name},
                    required=False,
                    widget=AdminSplitDateTime,
                    help_text=_("Leave empty to leave this version as it is."),
                )
        if action in {"unpublish", "correct"}:
            label = (
                _("Public reason (%(language)s)")
                if action == "unpublish"
                else _("Correction notice (%(language)s)")
            )
            for code, name in settings.LANGUAGES:
                self.fields[f"public_{code}"] = forms.CharField(
                    label=label % {"language": name},
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
                )

    def public_texts(self) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"public_{code}", "") for code, _n in settings.LANGUAGES
        }


if TYPE_CHECKING:
    # What the mixin is mixed into; only the type checker needs to know.
    _AdminBase = admin.ModelAdmin[Article]
else:
    _AdminBase = object


class WorkflowAdminMixin(_AdminBase):
    """Added to ArticleAdmin: the submission queue and the editorial decisions."""

    form: "type[StaleSaveGuard]"  # set below, once StaleSaveGuard is defined

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        # The admin starts from Article.all_objects, whose queries are ArticleQuerySets.
        pieces = cast(ArticleQuerySet, super().get_queryset(request))
        return pieces.handled_by(request.user)

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        # SeriesFilter's parameter looks like a relation path the admin would check.
        return lookup == SeriesFilter.parameter_name or super().lookup_allowed(
            lookup, value, request
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "series":
            kwargs["queryset"] = Series.objects.edited_by(request.user)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "volume" and field is not None:
            field.queryset = field.queryset.filter(
                series__in=Series.objects.edited_by(request.user)
            )
        return field

    def get_fieldsets(self, request, obj=None):
        workflow = (
            gettext_lazy("Workflow"),
            {
                "fields": (
                    ("decisions",),
                    ("series", "handling_editor"),
                    "timeline",
                    "seen_version",
                )
            },
        )
        return [workflow, *super().get_fieldsets(request, obj)]

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "decisions", "timeline")

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            chosen, obj.handling_editor = obj.handling_editor, None
            super().save_model(request, obj, form, change)
            if chosen is not None:
                assign_handling_editor(obj, chosen, request.user)
            return None
        chosen = obj.handling_editor
        obj.edit_version = (form.cleaned_data.get("seen_version") or obj.edit_version) + 1
        columns = [
            field.attname
            for field in obj._meta.concrete_fields
            if not field.primary_key
            and field.name not in WORKFLOW_COLUMNS
            and not field.name.startswith("published_at")
        ]
        obj.save(update_fields=[*columns, "edit_version"])
        if "handling_editor" in form.changed_data:
            assign_handling_editor(obj, chosen, request.user)

    # Display -------------------------------------------------------------------------

    @admin.display(description=gettext_lazy("waiting since"), ordering="submitted_at")
    def submitted(self, article: Article) -> str:
        if not article.submitted_at:
            return "—"
        return _("%(days)d days") % {"days": (timezone.now() - article.submitted_at).days}

    @admin.display(description=gettext_lazy("decisions"))
    def decisions(self, article: Article) -> SafeString | str:
        if article.pk is None:
            return "—"
        buttons = [
            (
                reverse("admin:articles_article_transition", args=[article.pk, name]),
                action_label(name),
            )
            for name in editor_actions(article)
        ]
        buttons += [
            (reverse("admin:articles_article_preview", args=[article.pk]), _("Preview")),
            (reverse("admin:articles_article_compare", args=[article.pk]), _("Compare revisions")),
        ]
        links = format_html_join(" ", '<a class="button" href="{}">{}</a>', buttons)
        return format_html(
            '<div class="workflow-buttons">{}</div><p>{}: <a href="{}">{}</a></p>',
            links,
            _("Link for an outside reviewer (no account needed)"),
            preview_link(article, article.original_language),
            _("copy this link"),
        )

    @admin.display(description=gettext_lazy("timeline"))
    def timeline(self, article: Article) -> SafeString | str:
        if article.pk is None:
            return "—"
        rows = [
            (
                timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M"),
                str(event.actor or _("the system")),
                event.label,
                event.get_from_status_display(),
                event.get_to_status_display(),
                event.language,
                event.message,
                event.note,
            )
            for event in article.events.select_related("actor")
        ]
        if not rows:
            return _("No workflow steps yet.")
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} → {}</td><td>{}</td>"
            '<td class="colophon-pre-wrap">{}</td>'
            '<td class="colophon-pre-wrap"><em>{}</em></td></tr>',
            rows,
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
            "<th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("When"),
            _("Who"),
            _("Step"),
            _("State"),
            _("Language"),
            _("Message to the authors"),
            _("Internal note (editors only)"),
            body,
        )

    # Views ---------------------------------------------------------------------------

    def get_urls(self):
        urls = super().get_urls()
        extra = [
            path(
                "<int:pk>/transition/<str:action>/",
                self.admin_site.admin_view(self.transition_view),
                name="articles_article_transition",
            ),
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
        ]
        return extra + urls

    def _article(self, request: HttpRequest, pk: int) -> Article:
        # The same scoping as the list: a series editor gets 404 outside their series.
        article = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        article = self._article(request, pk)
        language = request.GET.get("language") or article.original_language
        # The piece's page in its own language, whatever the admin's language is.
        with override(
            language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        ):
            # Read again with everything the page shows; it was found just above.
            piece = cast(Article, article_for_preview(article.pk, deleted=True))
            return render_preview(request, piece)

    def transition_view(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        article = self._article(request, pk)
        if action not in {"schedule", "start_review", "request_revisions", "accept", "reject",
                          "unpublish", "correct"}:  # fmt: skip
            raise Http404
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        form = TransitionForm(
            request.POST or None,
            action=action,
            article=article,
            initial={"expected": article.status},
        )
        if request.method == "POST" and form.is_valid():
            try:
                self._apply(request, article, action, form)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("“%(title)s” is now “%(status)s”.")
                    % {"title": article, "status": article.get_status_display()},
                )
                if action == "schedule" and (warning := credit_warning(article)):
                    messages.warning(request, warning)
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": f"{action_label(action)}: {article}",
            "form": form,
            "action_label": action_label(action),
            "change_url": change_url,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/articles/article/transition.html", context)

    def _apply(self, request: HttpRequest, article: Article, action: str, form) -> None:
        data = form.cleaned_data
        options = {"expected": data["expected"], "message": data["message"], "note": data["note"]}
        if action == "schedule":
            dates = {
                code: data.get(f"at_{code}")
                for code, _n in settings.LANGUAGES
                if data.get(f"at_{code}")
            }
            if not dates:
                raise TransitionError(_("Give a date and time for at least one language."))
            for number, (code, when) in enumerate(dates.items()):
                publish_language(
                    article,
                    code,
                    at=when,
                    by=request.user,
                    # Only the first step is checked against what the editor saw.
                    expected=options["expected"] if number == 0 else None,
                    message=options["message"],
                )
        elif action == "unpublish":
            unpublish_with_reason(article, request.user, form.public_texts(), **options)
        elif action == "correct":
            publish_correction(article, request.user, form.public_texts(), **options)
        else:
            transition(article, action, request.user, **options)


class StaleSaveGuard(forms.ModelForm):
    """Refuses a save made from a copy of the piece older than the stored one."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.edit_version

    def clean(self) -> dict:
        data = cast(dict[str, Any], super().clean())  # ModelForm.clean() returns cleaned_data
        seen = data.get("seen_version")
        if self.instance.pk and seen is not None:
            # The admin saves inside a transaction: holding the row until it commits makes
            # a second editor's save wait, then see the version this save writes.
            current = (
                Article.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("edit_version", flat=True)
                .first()
            )
            if current is not None and current != seen:
                raise ValidationError(
                    _(
                        "Someone else saved this piece while you were editing it. Your "
                        "changes were not saved: open the piece again to see theirs, then "
                        "make yours."
                    ),
                    code="stale",
                )
        return data


WorkflowAdminMixin.form = StaleSaveGuard
