from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

from articles.models import Article, Authorship, BodyFigure, FeaturedImage, Topic
from articles.models.workflow import NotificationTemplate


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = (settings.LANGUAGE_CODE,)


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "subtitle",
        "summary",
        "body",
        "keywords",
        "published_at",
        "correction_notice",
        "public_notice",
    )
    # A language version stands alone: never fill a Spanish page with English text.
    fallback_languages = {"default": ()}
    # A piece may exist in any one language; Article.clean() requires a title in its
    # original language and publish_language() checks each version it publishes.
    required_languages = {"default": ()}


@register(NotificationTemplate)
class NotificationTemplateTranslationOptions(TranslationOptions):
    fields = ("subject", "body")
    required_languages = (settings.LANGUAGE_CODE,)


@register(Authorship)
class AuthorshipTranslationOptions(TranslationOptions):
    fields = ("affiliation",)


@register(FeaturedImage)
class FeaturedImageTranslationOptions(TranslationOptions):
    fields = ("alt", "caption")
    fallback_languages = {"default": ()}
    # Alt text is required in the piece's original language (FeaturedImage.clean) and in
    # every language version that is published (publish_language).
    required_languages = {"default": ()}


@register(BodyFigure)
class BodyFigureTranslationOptions(TranslationOptions):
    fields = ("alt", "caption")
    fallback_languages = {"default": ()}
    # As for the featured image: alt text in the original language (CreditedImage.clean)
    # and in every language version that is published (missing_for_publication).
    required_languages = {"default": ()}
