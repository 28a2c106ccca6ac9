"""The search form: a query and three filters, all optional, all validated here."""

from typing import cast

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from articles.models import Article, ArticleQuerySet, Topic, published_q
from articles.search.query import search
from series.models import Series


def _published_field() -> str:
    return build_localized_fieldname("published_at", get_language())


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=200, required=False, strip=True)
    series = forms.ModelChoiceField(
        label=_("Series"),
        queryset=Series.objects.active(),
        to_field_name="slug",
        required=False,
        empty_label=_("All series"),
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only what the reader can find in this language is offered.
        topic = cast(forms.ModelChoiceField, self.fields["topic"])
        topic.queryset = Topic.objects.filter(
            pk__in=Topic.objects.filter(published_q("articles__"))
        )
        years = Article.objects.published().dates(_published_field(), "year", order="DESC")
        year = cast(forms.TypedChoiceField, self.fields["year"])
        year.choices = [("", _("Any year"))] + [(day.year, str(day.year)) for day in years]

    def is_search(self) -> bool:
        """True when there is something to look for (a query or at least one filter)."""
        return self.is_valid() and any(self.cleaned_data.values())

    def results(self, articles: ArticleQuerySet) -> ArticleQuerySet:
        """`articles` narrowed by the filters, and ranked by the query when there is one."""
        data = self.cleaned_data
        if data["series"]:
            articles = articles.filter(volume__series=data["series"])
        if data["topic"]:
            articles = articles.filter(topics=data["topic"])
        if data["year"]:
            articles = articles.filter(**{f"{_published_field()}__year": data["year"]})
        return search(articles, data["q"], get_language()) if data["q"] else articles
