"""WordPress imports in the admin: upload and dry run, then the real run on the task queue.

/admin/wordpress/importrun/add/ takes the export and runs a dry run at once, in the
request; a file that cannot be imported is refused with the reason and nothing is kept.
A checked file is stored (in a folder the media view never serves) with its dry-run
report, and its page offers "Run the import", which queues wordpress.tasks; the same page
shows the progress while it runs and the report when it is done.
"""

import logging
from pathlib import Path
from typing import IO, Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.formats import number_format
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wordpress.admin.forms import UploadForm
from wordpress.admin.report import report_view
from wordpress.importing.importer import run_import
from wordpress.importing.mapping import MappingError
from wordpress.importing.report import Report
from wordpress.importing.wxr import ExportError
from wordpress.models import ImportRun
from wordpress.tasks import import_options, run_wordpress_import

logger = logging.getLogger(__name__)

FINISHED = {ImportRun.State.DONE, ImportRun.State.FAILED}
UNDER_WAY = {ImportRun.State.QUEUED, ImportRun.State.RUNNING}


def progress_text(run: ImportRun) -> str:
    if not run.total:
        return _("Starting…") if run.state in UNDER_WAY else "—"
    return _("%(done)s of %(total)s posts") % {
        "done": number_format(run.done, force_grouping=True),
        "total": number_format(run.total, force_grouping=True),
    }


def _upload_source(upload: UploadedFile) -> Path | IO[bytes]:
    """A large upload is already a temporary file on disk: the importer reads it there."""
    upload.seek(0)
    temporary = getattr(upload, "temporary_file_path", None)
    return Path(temporary()) if temporary else upload


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ("file_name", "state", "progress", "created_by", "created_at", "finished_at")
    list_filter = ("state",)
    list_select_related = ("created_by",)
    search_fields = ("file_name",)
    date_hierarchy = "created_at"

    @admin.display(description=gettext_lazy("progress"))
    def progress(self, run: ImportRun) -> str:
        return progress_text(run)

    def get_urls(self):
        own = [
            ("<int:pk>/run/", self.queue_view, "run"),
            ("<int:pk>/progress/", self.progress_view, "progress"),
            ("<int:pk>/mapping.toml", self.mapping_view, "mapping"),
            ("<int:pk>/report.json", self.report_view, "report"),
        ]
        return [
            path(route, self.admin_site.admin_view(view), name=f"wordpress_importrun_{name}")
            for route, view, name in own
        ] + super().get_urls()

    def _run(self, request: HttpRequest, pk: Any) -> ImportRun:
        run = self.get_object(request, str(pk))
        if run is None:
            raise Http404
        if not self.has_view_or_change_permission(request, run):
            raise PermissionDenied
        return run

    # Upload and dry run ----------------------------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST":
            run = self._check(request, form) if form.is_valid() else None
            if run is not None:
                return redirect("admin:wordpress_importrun_change", run.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import from WordPress"),
            "form": form,
        }
        status = 400 if form.is_bound else 200
        return TemplateResponse(
            request, "admin/wordpress/importrun/upload.html", context, status=status
        )

    def _check(self, request: HttpRequest, form: UploadForm) -> ImportRun | None:
        """The dry run of a valid form; the run it saves, or None with the form's errors."""
        upload = form.cleaned_data["export"]
        mapping_text = form.cleaned_data["mapping_toml"]
        saved = form.saved_options()
        options = import_options(saved, mapping_text, dry_run=True)
        try:
            # A dry run writes nothing; rolling back makes sure of it.
            with transaction.atomic():
                report = run_import(_upload_source(upload), options)
                transaction.set_rollback(True)
        except ExportError as problem:
            form.add_error("export", str(problem))
            return None
        except MappingError as problem:
            field = "mapping_file" if form.cleaned_data.get("mapping_file") else "mapping_text"
            message = _("The mapping cannot be used: %(problem)s") % {"problem": problem}
            form.add_error(field, message)
            return None
        except Exception as problem:
            logger.exception("Dry run of a WordPress export failed")
            form.add_error(None, _("The dry run stopped: %(problem)s") % {"problem": problem})
            return None
        run = ImportRun(
            file_name=upload.name[:255],
            mapping=mapping_text,
            options=saved,
            dry_run_report=report.as_json(),
            total=sum(1 for post in report.posts if post.outcome != "skipped"),
            created_by=request.user if request.user.is_authenticated else None,
        )
        upload.seek(0)
        run.file.save(get_valid_filename(upload.name) or "export.xml", upload, save=False)
        run.save()
        self.log_addition(request, run, [{"added": {}}])
        return run

    # The run's page -------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        run = self._run(request, object_id)
        finished = run.state == ImportRun.State.DONE
        data = run.report if finished else run.dry_run_report
        percent = round(100 * run.done / run.total) if run.total else 0
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": run,
            "title": _("WordPress import: %(file)s") % {"file": run.file_name},
            "run": run,
            "report": report_view(data) if data else None,
            "dry_run": not finished,
            "under_way": run.state in UNDER_WAY,
            "can_run": run.state == ImportRun.State.CHECKED
            and self.has_change_permission(request, run),
            "progress_text": progress_text(run),
            "percent": percent,
        }
        return TemplateResponse(request, "admin/wordpress/importrun/run.html", context)

    def progress_view(self, request: HttpRequest, pk: int) -> JsonResponse:
        run = self._run(request, pk)
        return JsonResponse(
            {
                "state": run.state,
                "state_label": run.get_state_display(),
                "done": run.done,
                "total": run.total,
                "text": progress_text(run),
                "finished": run.state in FINISHED,
            }
        )

    @staticmethod
    def _download(run: ImportRun, content: str, suffix: str, content_type: str) -> HttpResponse:
        """`content` as a file named after the run's export: "<stem>-<suffix>"."""
        stem = Path(get_valid_filename(run.file_name) or "export").stem
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{stem}-{suffix}"'
        return response

    def mapping_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The mapping the run uses, as the file an editor edits and uploads again."""
        run = self._run(request, pk)
        data = run.report or run.dry_run_report
        text = run.mapping or (Report.from_json(data).mapping_toml if data else "")
        return self._download(run, text, "mapping.toml", "application/toml; charset=utf-8")

    def report_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = self._run(request, pk)
        data = run.report or run.dry_run_report
        if not data:
            raise Http404
        text = Report.from_json(data).as_text()
        return self._download(run, text, "report.txt", "text/plain; charset=utf-8")

    def queue_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        run = self._run(request, pk)
        if not self.has_change_permission(request, run):
            raise PermissionDenied
        queued = ImportRun.objects.filter(pk=run.pk, state=ImportRun.State.CHECKED).update(
            state=ImportRun.State.QUEUED, done=0
        )
        if not queued:
            messages.info(request, _("This import has already been started."))
        else:
            self.log_change(request, run, _("Queued the import."))
            try:
                run_wordpress_import.enqueue(run.pk)
            except Exception as problem:
                logger.exception("Could not queue WordPress import %s", run.pk)
                ImportRun.objects.filter(pk=run.pk).update(
                    state=ImportRun.State.FAILED, error=str(problem)
                )
        return redirect("admin:wordpress_importrun_change", run.pk)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ImportRun]) -> None:
        for run in queryset:
            self.delete_model(request, run)

    def delete_model(self, request: HttpRequest, obj: ImportRun) -> None:
        # The export holds drafts and e-mail addresses: it goes with its run.
        obj.file.delete(save=False)
        super().delete_model(request, obj)
