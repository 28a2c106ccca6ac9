"""The upload form of the admin's WordPress import: the export, a mapping, the options.

It checks what it can without reading the export (a size, a readable mapping); the dry
run that follows reads the export and names what is wrong with it.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wordpress.importing.mapping import MappingError, parse_mapping

# An export of a large site is a few hundred megabytes; Django streams an upload this
# large to a temporary file (FILE_UPLOAD_MAX_MEMORY_SIZE), never into memory.
MAX_EXPORT_BYTES = 1024 * 1024 * 1024
MAX_MAPPING_BYTES = 1024 * 1024


class UploadForm(forms.Form):
    export = forms.FileField(
        label=gettext_lazy("WordPress export file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,application/xml,text/xml"}),
        help_text=gettext_lazy(
            "The .xml file WordPress makes under Tools → Export, with “All content” chosen."
        ),
    )
    mapping_file = forms.FileField(
        label=gettext_lazy("Mapping file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".toml"}),
        help_text=gettext_lazy(
            "Optional: the .toml file saying what categories and tags become. Without one, "
            "the dry run shows the mapping it would use, for you to download and edit."
        ),
    )
    mapping_text = forms.CharField(
        label=gettext_lazy("or paste the mapping"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80, "spellcheck": "false"}),
    )
    since = forms.DateField(
        label=gettext_lazy("Only posts since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Leave empty to import every post."),
    )
    overwrite = forms.BooleanField(
        label=gettext_lazy("Overwrite changes made by editors"),
        required=False,
        help_text=gettext_lazy(
            "A piece imported before and changed here since keeps its changes unless this "
            "is ticked."
        ),
    )
    fetch_media = forms.BooleanField(
        label=gettext_lazy("Fetch images from the old site"),
        required=False,
        help_text=gettext_lazy(
            "Download each image from the old site's own address during the import."
        ),
    )

    def clean_export(self):
        upload = self.cleaned_data["export"]
        if upload.size > MAX_EXPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.") % {"mb": MAX_EXPORT_BYTES // 2**20},
                code="size",
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text, field = data.get("mapping_text", ""), "mapping_text"
        upload = data.get("mapping_file")
        if upload:
            field = "mapping_file"
            if upload.size > MAX_MAPPING_BYTES:
                self.add_error(field, _("A mapping file is at most 1 MB."))
                return data
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error(field, _("The mapping file is not UTF-8 text."))
                return data
        data["mapping_toml"] = text
        if text.strip():
            try:
                # Parsed here only to name a bad mapping on its field; the import parses
                # the text it is given.
                parse_mapping(text)
            except MappingError as problem:
                self.add_error(
                    field, _("The mapping cannot be used: %(problem)s") % {"problem": problem}
                )
        return data

    def saved_options(self) -> dict[str, Any]:
        """What ImportRun.options keeps of the choices, as JSON."""
        since = self.cleaned_data.get("since")
        return {
            "since": since.isoformat() if since else "",
            "overwrite": self.cleaned_data.get("overwrite", False),
            "fetch_media": self.cleaned_data.get("fetch_media", False),
        }
