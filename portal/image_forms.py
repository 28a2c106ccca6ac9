"""Step 4: the featured image and the credit its licence requires."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.licences import IMAGE_LICENCE_CHOICES, get_licence
from colophon.lib.images import SafeImageFormField
from portal.submission_forms import labelled


class ImageForm(forms.Form):
    """The featured image and the credit its licence requires."""

    file = SafeImageFormField(
        label=_("Featured image"),
        required=False,
        help_text=_("JPEG, PNG or WebP. It is re-encoded and its location data removed."),
    )
    alt = forms.CharField(
        label=_("Alt text"),
        required=False,
        max_length=400,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    title = forms.CharField(label=_("Title of the work"), max_length=300, required=False)
    creator = forms.CharField(label=_("Creator"), max_length=200, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1800, max_value=2999, required=False)
    source_url = forms.URLField(
        label=_("Source URL"), max_length=500, required=False, assume_scheme="https"
    )
    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=lambda: [("", "—"), *labelled(IMAGE_LICENCE_CHOICES)],
        required=False,
    )
    remove = forms.BooleanField(label=_("Remove the image"), required=False)

    def __init__(self, *args, has_image: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.has_image = has_image
        if not has_image:
            del self.fields["remove"]

    def clean(self) -> dict:
        # The rest of the credit may be saved unfinished with the draft, and submission
        # waits for it (portal/steps.py); a stored image always has a licence, which every
        # credit line prints.
        data = cast(dict[str, Any], super().clean())  # Form.clean() returns cleaned_data
        wants_image = data.get("file") or self.has_image
        if wants_image and not data.get("remove") and not data.get("licence"):
            self.add_error("licence", _("Choose the licence the image carries."))
        return data

    def licence_warning(self) -> str:
        spdx = self.cleaned_data.get("licence") if hasattr(self, "cleaned_data") else ""
        if spdx and not get_licence(spdx).allows_republication:
            return str(
                _(
                    "The image's licence (%(licence)s) does not allow republication; the "
                    "editors may ask for another image."
                )
                % {"licence": get_licence(spdx).label}
            )
        return ""
