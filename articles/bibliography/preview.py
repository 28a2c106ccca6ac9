"""The bibliography form's live preview, shared by the admin's and the portal's endpoints:
a posted reference form, formatted in the style the piece's bibliography is printed in."""

import logging
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from articles.bibliography.forms import ReferenceForm
from articles.citations import render_reference, validate_csl_item
from articles.models import Article, Reference

logger = logging.getLogger(__name__)

# Fields of a posted form that say where the entry goes, not what it is: not previewed.
_PLACEMENT = ("key", "position", "further_reading", "DELETE", "id", "article")


_PREFIX = re.compile(r"^[\w-]{1,80}$")


def preview_entry(data, style: str, language: str, article: Article | None = None) -> dict:
    """{"html": the entry as printed, "errors": {field: [messages]}} for a posted form.

    A form for a saved entry (its key posted with the piece) previews with the fields the
    form keeps but does not show.
    """
    prefix = data.get("prefix") or None
    if prefix is not None and not _PREFIX.match(prefix):
        prefix = None
    key = data.get(f"{prefix}-key" if prefix else "key") or ""
    instance = article.references.filter(key=key).first() if article and key else None
    form = ReferenceForm(data, prefix=prefix, instance=instance)
    form.is_valid()
    errors = {
        name: [str(message) for message in messages]
        for name, messages in form.errors.items()
        if name not in _PLACEMENT
    }
    csl = form.cleaned_data.get("csl")
    if csl and not errors:
        try:
            validate_csl_item(csl)
        except ValidationError as error:
            errors["__all__"] = list(error.messages)
    if errors:
        return {"html": "", "errors": errors}
    entry = Reference(csl=csl, text="" if csl else (form.cleaned_data.get("text") or ""))
    try:
        html = render_reference(entry, style, language)
    except Exception:
        logger.exception("Could not render a previewed reference")
        return {"html": "", "errors": {"__all__": [str(_("This entry cannot be rendered."))]}}
    return {"html": str(html), "errors": {}}
