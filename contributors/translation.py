from modeltranslation.translator import TranslationOptions, register

from contributors.models import Contributor


@register(Contributor)
class ContributorTranslationOptions(TranslationOptions):
    fields = ("affiliation", "bio")
