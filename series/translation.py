from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

from series.models import Series, Volume


@register(Series)
class SeriesTranslationOptions(TranslationOptions):
    fields = ("title", "description", "call_for_contributions")
    required_languages = (settings.LANGUAGE_CODE,)


@register(Volume)
class VolumeTranslationOptions(TranslationOptions):
    fields = ("title", "description")
