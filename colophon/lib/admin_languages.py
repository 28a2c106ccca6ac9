"""Field names per site language, so no admin class names a language by hand.

Adding a language to settings.LANGUAGES (and migrating) adds its fields, columns,
filters and actions to every admin page without touching this package.
"""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Field
from django.forms import Field as FormField
from django.http import HttpRequest
from modeltranslation.utils import build_localized_fieldname

if TYPE_CHECKING:
    from django.contrib.admin.options import BaseModelAdmin
    from django_stubs_ext import StrOrPromise

    # The mixin's methods call the admin class's own; only the type checker needs to know.
    _AdminBase = BaseModelAdmin[Any]
else:
    _AdminBase = object


def language_names() -> "dict[str, StrOrPromise]":
    return dict(settings.LANGUAGES)


def localized(field: str) -> tuple[str, ...]:
    """("title_en", "title_es", ...): one field's languages, to lay out on one row."""
    return tuple(build_localized_fieldname(field, code) for code, _name in settings.LANGUAGES)


def localized_all(*fields: str) -> list[str]:
    """Every language of every field, flat, e.g. for search_fields."""
    return [name for field in fields for name in localized(field)]


class RequiredLanguagesMixin(_AdminBase):
    """Require a translated field only in the languages its TranslationOptions require.

    modeltranslation's admin makes the default language's field required whenever the
    original field is, which would demand an English title from a piece written in
    Spanish; each translation field's own `blank` already encodes required_languages.
    """

    def formfield_for_dbfield(
        self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> FormField | None:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and hasattr(db_field, "translated_field"):
            field.required = not db_field.blank
        return field
