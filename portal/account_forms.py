"""Forms for contributors' accounts: sign-up, sign-in by e-mail, and the public profile."""

from typing import TYPE_CHECKING, cast

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Field
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from colophon.lib.short_text import short_text_widget
from contributors.models import Contributor
from contributors.orcid import ORCIDFormField
from throttling.login import LockoutMixin

HONEYPOT = "website_url"

if TYPE_CHECKING:
    # What the mixin is mixed into; only the type checker needs to know.
    _FormBase = forms.Form
else:
    _FormBase = object


class HoneypotMixin(_FormBase):
    """A field people never see or fill; a bot that fills every field is refused."""

    def add_honeypot(self) -> None:
        self.fields[HONEYPOT] = forms.CharField(
            required=False,
            label=_("Leave this empty"),
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    def clean_website_url(self) -> str:
        if self.cleaned_data.get(HONEYPOT):
            # Said above the form: the field itself is out of sight.
            self.add_error(None, _("This form looks automated; please try again."))
        return ""


class SignupForm(HoneypotMixin, forms.Form):
    """Who is signing up. No password: the owner of the address chooses it after following
    the e-mailed link, so nobody can hold a password on someone else's address. Nor does
    the form say whether the address has an account: every address gets the same answer."""

    given_name = forms.CharField(label=_("Given name"), max_length=150)
    family_name = forms.CharField(label=_("Family name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), max_length=150)
    consent = forms.BooleanField(
        label=_(
            "I agree that Colophon stores my name, e-mail and what I submit in order to "
            "consider it for publication."
        )
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_honeypot()

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class EmailAuthenticationForm(LockoutMixin, AuthenticationForm):
    """Sign-in with the e-mail address, which is also the username (and the lockout)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail")
        self.fields["username"].widget.attrs["autocomplete"] = "email"

    def clean_username(self) -> str:
        return (self.cleaned_data.get("username") or "").strip().lower()


def _profile_fields() -> list[str]:
    localized = [
        build_localized_fieldname(name, code)
        for name in ("affiliation", "bio")
        for code, _name in settings.LANGUAGES
    ]
    return [
        "given_name",
        "family_name",
        "name",
        *localized,
        "orcid",
        "website",
        "photo",
        "language",
    ]


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Contributor
        fields = _profile_fields()
        # Accepts the https://orcid.org/… address people paste, as the admin does.
        field_classes = {"orcid": ORCIDFormField}
        widgets = {
            build_localized_fieldname("bio", code): short_text_widget()
            for code, _name in settings.LANGUAGES
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Each language's field says which language it is.
        for name in ("affiliation", "bio"):
            for code, language in settings.LANGUAGES:
                field = self.fields[build_localized_fieldname(name, code)]
                label = capfirst(cast(Field, Contributor._meta.get_field(name)).verbose_name)
                field.label = f"{label} ({language})"
