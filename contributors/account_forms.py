"""Forms for contributors' accounts: sign-up, sign-in by e-mail, and the public profile."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from contributors.admin import ORCIDFormField
from contributors.login import LockoutMixin
from contributors.models import Contributor

HONEYPOT = "website_url"


class HoneypotMixin:
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
    given_name = forms.CharField(label=_("Given name"), max_length=150)
    family_name = forms.CharField(label=_("Family name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
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
        email = self.cleaned_data["email"].strip().lower()
        users = get_user_model().objects.filter(is_active=True)
        # An unconfirmed account may sign up again: it gets a fresh confirmation link.
        if users.filter(email__iexact=email).exists() or users.filter(username=email).exists():
            raise forms.ValidationError(
                _("An account with this e-mail exists; sign in or reset your password.")
            )
        return email

    def clean(self) -> dict:
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            user = get_user_model()(
                username=data.get("email", ""),
                email=data.get("email", ""),
                first_name=data.get("given_name", ""),
                last_name=data.get("family_name", ""),
            )
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


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
            build_localized_fieldname("bio", code): forms.Textarea(attrs={"rows": 4})
            for code, _name in settings.LANGUAGES
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Each language's field says which language it is.
        for name in ("affiliation", "bio"):
            for code, language in settings.LANGUAGES:
                field = self.fields[build_localized_fieldname(name, code)]
                label = capfirst(Contributor._meta.get_field(name).verbose_name)
                field.label = f"{label} ({language})"
