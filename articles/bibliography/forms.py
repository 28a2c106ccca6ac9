"""One structured form for a bibliography entry, used by the admin and the portal alike.

Editors and authors choose a type, list names as rows and fill labelled fields; the form
builds the CSL item that articles.citations.validate_csl_item checks. Keys of a stored item
the form has no field for are carried over unchanged, so an edit never loses data.
"""

import datetime
import json
import logging
import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from articles.bibliography import dates, names
from articles.bibliography.citing import citation_style
from articles.bibliography.entry_types import (
    DATE_KEYS,
    FREE_TEXT,
    HANDLED_KEYS,
    TEXT_KEYS,
    TYPE_FIELDS,
    TYPE_LABELS,
    TYPES,
)
from articles.citations import render_reference
from articles.models import Reference
from articles.models.references import new_reference_key
from colophon.lib.canonical import cited_keys
from colophon.lib.formsets import PositionedFormSet

logger = logging.getLogger(__name__)


_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def _text(label, max_length: int = 500, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, **kwargs)


class ReferenceForm(forms.ModelForm):
    """A bibliography entry as fields; `cleaned_data["csl"]` is the item it stands for."""

    type = forms.ChoiceField(label=_("Type"), choices=TYPES, initial="book", required=False)
    title = _text(_("Title"))
    title_short = _text(
        _("Short title"), 200, help_text=_("How later notes name it, if the style shortens.")
    )
    container_title = _text(
        _("Published in"),
        help_text=_(
            "The book (for a chapter), journal, newspaper, website, law report (for a case) "
            "or treaty series."
        ),
    )
    container_title_short = _text(
        _("Abbreviation"), 100, help_text=_("as cited, e.g. UNTS, EHRR, J Refug Stud")
    )
    volume = _text(_("Volume"), 50)
    issue = _text(_("Issue"), 50)
    page = _text(_("Pages"), 50, help_text=_("e.g. 137 or 45-67"))
    edition = _text(_("Edition"), 50)
    number = _text(_("Number"), 100, help_text=_("A report's or a case's number."))
    authority = _text(_("Court"), 200, help_text=_("For a case."))
    genre = _text(_("Thesis type"), 100, help_text=_("e.g. PhD thesis"))
    publisher = _text(
        _("Publisher"),
        300,
        help_text=_("The institution for a report, the university for a thesis."),
    )
    place = _text(_("Place"), 200)
    issued = _text(
        _("Date"),
        10,
        help_text=_("A year, a year and month or a full date: 2021, 2021-06, 2021-06-03."),
    )
    event_date = _text(
        _("Entered into force"),
        10,
        help_text=_("For a treaty: a year, a year and month or a full date, e.g. 1954-04-22."),
    )
    url = _text(_("URL"), 2000)
    doi = _text(_("DOI"), 300, help_text=_("e.g. 10.1234/abc"))
    # Travels with the entry, so that it keeps the key its citations name; a new entry is
    # given one (none in the blank form the script copies, or every copy would share it).
    key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)
    accessed = forms.DateField(
        label=_("Accessed on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Reference
        fields = ("key", "position", "further_reading", "text")
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "position": forms.NumberInput(attrs={"min": 0, "class": "ref-position"}),
        }
        labels = {"text": _("The entry as it should be printed")}

    class Media:
        css = {"all": ["css/references.css"]}
        js = [forms.Script("js/references.js", type="module")]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = _("Only for an entry given as free text.")
        self.fields["text"].required = False
        # Left empty, a new entry goes last and a saved one stays where it was.
        self.fields["position"].required = False
        if self.instance.pk is None:
            self.initial["position"] = None
        if self.instance.pk is None and "__prefix__" not in (self.prefix or ""):
            self.initial.setdefault("key", new_reference_key())
        stored = self.instance.csl if isinstance(self.instance.csl, dict) else {}
        self.kept = {k: v for k, v in stored.items() if k not in HANDLED_KEYS}
        # Parts of a date the form has no input for ("circa", "season", "raw") go back with
        # the date; an accessed date short of a day, which a date input cannot show, is kept.
        self.date_extras = {
            key: {k: v for k, v in stored[key].items() if k != "date-parts"}
            for key in (*DATE_KEYS.values(), "accessed")
            if isinstance(stored.get(key), dict)
        }
        if "accessed" in stored and len(dates.parts(stored["accessed"])) != 3:
            self.kept["accessed"] = stored["accessed"]
        rows = names.rows_from_csl(stored)
        if self.instance.pk is not None:
            self.initial.update(self._initial_from(stored))
        if self.is_bound:
            indices = names.posted_indices(self.data, self.prefix)
        else:
            blank = names.BLANK_ROWS if rows else names.BLANK_ROWS_NEW
            indices = list(range(len(rows) + blank))
        self.name_indices = indices
        for index in indices:
            for part, field in names.row_fields().items():
                name = names.field_name(index, part)
                self.fields[name] = field
                if index < len(rows):
                    self.initial[name] = rows[index][part]

    def _initial_from(self, item: dict) -> dict:
        if not item:
            return {"type": FREE_TEXT}
        initial: dict[str, Any] = {"type": item.get("type")}
        for field, key in TEXT_KEYS.items():
            initial[field] = str(item.get(key, ""))
        for field, key in DATE_KEYS.items():
            initial[field] = dates.show_date(dates.parts(item.get(key)))
        accessed = dates.parts(item.get("accessed"))
        if len(accessed) == 3:
            initial["accessed"] = datetime.date(*accessed)
        return initial

    # What the templates show.

    def name_rows(self) -> list[dict[str, BoundField]]:
        return [
            {part: self[names.field_name(i, part)] for part in names.PARTS}
            for i in self.name_indices
        ]

    def blank_name_row(self) -> dict[str, BoundField]:
        """A row numbered __name__, which the script copies to add a name."""
        row = {}
        for part, field in names.row_fields().items():
            row[part] = BoundField(self, field, names.field_name("__name__", part))
        return row

    def detail_fields(self) -> list[BoundField]:
        """The fields after the title, in the order a citation reads them."""
        order = ["title_short", "container_title", "container_title_short", "volume", "issue",
                 "page", "edition", "number", "authority", "genre", "publisher", "place",
                 "issued", "event_date", "accessed", "url", "doi"]  # fmt: skip
        return [self[name] for name in order]

    def kept_fields(self) -> str:
        return "; ".join(f"{key}: {_show(value)}" for key, value in sorted(self.kept.items()))

    @staticmethod
    def type_config() -> str:
        """Per type, the fields that apply and their labels, for the script."""
        config = {
            kind: {
                "fields": fields,
                "labels": {k: str(v) for k, v in TYPE_LABELS.get(kind, {}).items()},
            }
            for kind, fields in TYPE_FIELDS.items()
        }
        return json.dumps(config)

    def plain_hidden_fields(self) -> list[BoundField]:
        """Hidden fields other than the names' (which travel inside their rows)."""
        return [f for f in self.hidden_fields() if not f.name.startswith("name-")]

    def printed(self) -> str:
        """The saved entry as the piece's style prints it, for the preview beside the form."""
        if self.instance.pk is None:
            return ""
        article = self.instance.article
        try:
            return render_reference(
                self.instance, citation_style(article), article.original_language
            )
        except Exception:
            # An entry citeproc cannot render must not make the whole piece uneditable.
            logger.exception("Could not render reference %s", self.instance.pk)
            return str(_("(cannot be rendered)"))

    # Validation.

    def _post_clean(self) -> None:
        # The model would only restate, less clearly, what the fields already say.
        if self._errors:  # type: ignore[attr-defined]  # private Django API
            return
        super()._post_clean()  # type: ignore[misc]  # private Django API

    def has_changed(self) -> bool:
        # A blank row's key is made afresh for each page; it is not something typed. A new
        # row with only a type or a name's role chosen is still blank, and is ignored.
        if self.instance.pk is not None:
            return any(name != "key" for name in self.changed_data)
        return any(
            name not in ("key", "type", "position") and not name.endswith(("-kind", "-role"))
            for name in self.changed_data
        )

    def clean_position(self) -> int:
        position = self.cleaned_data.get("position")
        self.position_chosen = position is not None
        return self.instance.position if position is None else position

    def clean_key(self) -> str:
        # A saved entry's key is what the text's citations name: a key posted missing or
        # changed (a stale page, a hand-made post) would leave them pointing at nothing,
        # or at another entry.
        if self.instance.pk is not None and self.instance.key:
            return self.instance.key
        return (self.cleaned_data.get("key") or "").strip() or new_reference_key()

    def clean_issued(self) -> str:
        return dates.clean_date(self.cleaned_data.get("issued", ""), dates.DATE_ERRORS)

    def clean_event_date(self) -> str:
        return dates.clean_date(self.cleaned_data.get("event_date", ""), dates.IN_FORCE_ERRORS)

    def clean_url(self) -> str:
        value = self.cleaned_data.get("url", "").strip()
        if value and not re.match(r"^https?://\S+$", value):
            raise ValidationError(_("The URL must start with https:// or http://."), code="url")
        return value

    def clean_doi(self) -> str:
        value = _DOI_PREFIX.sub("", self.cleaned_data.get("doi", "").strip())
        if value and not _DOI.match(value):
            raise ValidationError(_("The DOI must look like 10.1234/abc."), code="doi")
        return value

    def clean_accessed(self) -> datetime.date | None:
        value = self.cleaned_data.get("accessed")
        if value and value > timezone.localdate():
            raise ValidationError(_("The accessed date cannot be in the future."), code="future")
        return value

    def clean(self) -> dict:
        data = super().clean() or {}
        kind = data.get("type") or (FREE_TEXT if (data.get("text") or "").strip() else "book")
        data["type"] = kind
        if kind == FREE_TEXT:
            if not (data.get("text") or "").strip():
                self.add_error("text", _("Write the entry as it should be printed."))
            data["csl"] = None
        elif kind:
            data["text"] = ""
            data["csl"] = self._build(data)
        self.instance.csl = data.get("csl")
        return data

    def _build(self, data: dict) -> dict:
        kind = data["type"]
        item: dict[str, Any] = {**self.kept, "type": kind}
        for field, key in TEXT_KEYS.items():
            value = (data.get(field) or "").strip()
            if value:
                item[key] = value
        if not item.get("title"):
            self.add_error("title", _("A structured entry needs a title."))
        if kind == "chapter" and not item.get("container-title"):
            self.add_error("container_title", _("A chapter needs the book's title."))
        if kind == "article-journal" and not item.get("container-title"):
            self.add_error("container_title", _("A journal article needs the journal's title."))
        for field, key in DATE_KEYS.items():
            if data.get(field) and field not in self.errors:
                parts = dates.date_parts(data[field])
                item[key] = {**self.date_extras.get(key, {}), "date-parts": [parts]}
        accessed = data.get("accessed")
        if accessed:
            parts = [accessed.year, accessed.month, accessed.day]
            item["accessed"] = {**self.date_extras.get("accessed", {}), "date-parts": [parts]}
        item.update(names.names_by_role(self._rows(data)))
        return item

    def _rows(self, data: dict) -> list[names.Row]:
        rows = []
        for index in self.name_indices:
            values = {part: data.get(names.field_name(index, part)) for part in names.PARTS}
            if names.is_blank(values):
                continue
            name, blame = names.row_to_name(values)
            if name is None:
                self.add_error(
                    names.field_name(index, blame or "family"),
                    _("A person needs a family name."),
                )
                continue
            rows.append(names.Row(values.get("role") or "author", name))
        return rows


def _show(value) -> str:
    """A kept value as an editor reads it: text as it is, a date as 2022-05, names joined."""
    if isinstance(value, str):
        return value
    parts = dates.parts(value) if isinstance(value, dict) else []
    if parts:
        return dates.show_date(parts)
    if isinstance(value, list) and all(isinstance(n, dict) for n in value):
        return ", ".join(
            n.get("literal") or " ".join(p for p in (n.get("given"), n.get("family")) if p)
            for n in value
        )
    return json.dumps(value, ensure_ascii=False)


class ReferenceFormSet(PositionedFormSet):
    """A piece's bibliography: rows added without a position go after the others, and an
    entry whose key the text cites cannot be deleted.

    `bodies` are the texts to check; None means the piece's stored bodies (the admin passes
    the bodies posted with the same form, which are what will be saved).
    """

    bodies: list[str] | None = None
    # Where the script asks for previews (the admin's or the portal's endpoint).
    preview_url = ""

    def cited(self) -> set[str]:
        bodies = self.bodies
        if bodies is None:
            bodies = [
                getattr(self.instance, build_localized_fieldname("body", code), "") or ""
                for code, _name in settings.LANGUAGES
            ]
        return cited_keys(*bodies)

    def clean(self) -> None:
        super().clean()
        cited = self.cited()
        refused = []
        for number, form in enumerate(self.forms, start=1):
            if form.instance.pk is None or not self._should_delete_form(form):  # type: ignore[attr-defined]  # private Django API
                continue
            if form.instance.key in cited:
                refused.append(
                    _(
                        "Entry %(number)s (%(entry)s) is cited in the text; "
                        "remove the citation first."
                    )
                    % {"number": number, "entry": str(form.instance)}
                )
        if refused:
            raise ValidationError(refused, code="cited")

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # Each entry's preview needs the piece's style: the piece this formset already has,
        # rather than a query per entry.
        if form.instance.article_id == self.instance.pk and self.instance.pk is not None:
            form.instance.article = self.instance
        return form

    def chose_position(self, form: Any) -> bool:
        return bool(getattr(form, "position_chosen", False))
