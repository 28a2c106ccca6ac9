"""The "Import references" form editors (admin) and authors (portal) share: paste or upload,
preview, then add the entries ticked.

The preview does not store anything; the confirmation posts the same source text back and
reads it again (DOI lookups come from the cache), so what is added is what was previewed,
without keeping parsed entries in the session.
"""

import logging
from dataclasses import dataclass

from django import forms
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.bibliography.importing import MAX_BYTES, Candidate
from articles.citations import render_csl
from articles.models import Article

logger = logging.getLogger(__name__)
ACCEPTED = (".bib", ".bibtex", ".ris", ".json", ".txt")
DEFAULT_STYLE = "oscola"


class ReferenceImportForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Paste references"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text=gettext_lazy(
            "BibTeX, RIS or CSL-JSON as your reference manager exports it, or DOIs, one a line."
        ),
    )
    file = forms.FileField(
        label=gettext_lazy("or upload a file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED)}),
        help_text=gettext_lazy(".bib, .ris, .json or .txt, up to 2 MB and 500 entries."),
    )
    filename = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict:
        data = super().clean() or {}
        upload = data.get("file")
        if upload:
            name = upload.name.lower()
            if not name.endswith(ACCEPTED):
                raise forms.ValidationError(
                    _("Upload a .bib, .ris, .json or .txt file."), code="extension"
                )
            if upload.size > MAX_BYTES:
                raise forms.ValidationError(
                    _("The file is larger than %(mb)s MB; import it in parts.") % {"mb": 2}
                )
            try:
                data["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    _("The file is not UTF-8 text; export it again as UTF-8."), code="encoding"
                ) from None
            data["filename"] = upload.name
        if not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Paste references or choose a file."), code="empty")
        return data


@dataclass
class Row:
    number: int
    candidate: Candidate
    html: SafeString
    checked: bool


def preview_rows(candidates: list[Candidate], article: Article) -> list[Row]:
    """Each candidate as the series' style prints it, ticked unless it is a duplicate."""
    style = article.series.citation_style if article.series_id else DEFAULT_STYLE  # type: ignore[union-attr]
    language = article.original_language
    rows = []
    for number, candidate in enumerate(candidates):
        rows.append(
            Row(
                number,
                candidate,
                _printed(candidate, style, language),
                candidate.addable and not candidate.duplicate_of,
            )
        )
    return rows


def _printed(candidate: Candidate, style: str, language: str) -> SafeString:
    if candidate.item is None:
        return mark_safe(escape(candidate.text))  # noqa: S308  (escaped just now)
    try:
        return render_csl(candidate.item, style, language)
    except Exception:
        # One entry citeproc cannot format must not hide the others from the preview.
        logger.exception("Could not render an imported reference")
        return mark_safe(escape(candidate.item.get("title", "")))  # noqa: S308


def picked(candidates: list[Candidate], numbers: list[str]) -> list[Candidate]:
    """The candidates whose numbers were ticked, in the order of the import."""
    wanted = {int(n) for n in numbers if n.isdigit()}
    return [c for n, c in enumerate(candidates) if n in wanted and c.addable]
