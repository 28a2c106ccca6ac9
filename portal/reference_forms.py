"""Step 5: the bibliography, as structured entries and as lines of text."""

from typing import cast

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.bibliography.forms import ReferenceForm
from articles.bibliography.forms import ReferenceFormSet as BaseReferenceFormSet
from articles.models import Article, Reference


class ReferencesTextForm(forms.Form):
    references_text = forms.CharField(
        label=_("Bibliography entries as text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Paste several entries at once, one per line."),
    )

    def reference_texts(self) -> list[str]:
        lines = (self.cleaned_data.get("references_text") or "").splitlines()
        return [line.strip() for line in lines if line.strip()]


# The entries themselves: the form the admin uses too, with its formset's rules (an entry
# the text cites is not deleted; a row added without a position goes last).
ReferenceFormSet = forms.inlineformset_factory(
    Article,
    Reference,
    form=ReferenceForm,
    formset=BaseReferenceFormSet,
    extra=1,
    can_delete=True,
    max_num=200,
    absolute_max=200,
)


def reference_formset(data, article: Article) -> BaseReferenceFormSet:
    """The piece's entries, bound to `data` when posted, previewed by the portal's endpoint."""
    formset = cast(
        BaseReferenceFormSet, ReferenceFormSet(data, prefix="references", instance=article)
    )
    formset.preview_url = reverse("submissions:reference_preview")
    return formset
