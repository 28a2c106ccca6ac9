"""The site's languages, in the order settings.LANGUAGES gives them."""

from django.conf import settings


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]
