from typing import TYPE_CHECKING, ClassVar, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from colophon.lib.images import SafeImageField
from colophon.lib.sanitise import clean_short_fields
from contributors.orcid import normalise_orcid, validate_orcid

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from modeltranslation.manager import MultilingualManager


class Contributor(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PERSON)
    given_name = models.CharField(_("given name"), max_length=150, blank=True)
    family_name = models.CharField(_("family name"), max_length=150, blank=True)
    name = models.CharField(
        _("display name"),
        max_length=250,
        blank=True,
        help_text=_(
            "How the name is printed in bylines. For a person it defaults to the given and "
            "family names; for an organisation it is its name."
        ),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    affiliation = models.CharField(_("affiliation"), max_length=250, blank=True)
    # Short rich text (colophon.lib.sanitise.clean_short_html), sanitised on every save.
    bio = models.TextField(_("bio"), blank=True)
    orcid = models.CharField(_("ORCID iD"), max_length=19, blank=True, validators=[validate_orcid])
    website = models.URLField(_("website"), blank=True, max_length=500)
    photo = SafeImageField(_("photo"), upload_to="contributors/", blank=True)
    # Never shown to readers: decisions about a piece are e-mailed to its authors here.
    email = models.EmailField(_("e-mail (private)"), blank=True)
    # Set for co-authors a contributor typed into the submission portal: only that account
    # may edit them there. Records editors create are never editable from the portal.
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("added through the portal by"),
    )
    language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the e-mails sent to them."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributor",
        verbose_name=_("user account"),
    )
    # When the owner of the account's address followed the sign-up link. Empty for an
    # account that signed up and never confirmed, which is the only kind a sign-up link may
    # activate: an account an editor deactivates keeps its date and stays deactivated.
    email_confirmed_at = models.DateTimeField(
        _("e-mail confirmed at"), null=True, blank=True, editable=False
    )

    # Typed for mypy's Django plugin, which cannot see the MultilingualManager that
    # modeltranslation puts in place of the default manager when the app registry loads.
    objects: ClassVar["MultilingualManager[Contributor]"]

    class Meta:
        ordering = ["family_name", "name"]
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        if self.orcid:
            self.orcid = normalise_orcid(self.orcid)
        clean_short_fields(self, "bio")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("contributors:detail", args=[self.slug])

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    @property
    def is_organisation(self) -> bool:
        return self.kind == self.Kind.ORGANISATION

    def clean(self) -> None:
        if self.is_organisation:
            if not self.name:
                raise ValidationError({"name": _("An organisation needs a name.")})
            if self.given_name or self.family_name:
                raise ValidationError(
                    {"given_name": _("An organisation has a single name, not given/family.")}
                )
        elif not self.family_name and not self.name:
            raise ValidationError({"family_name": _("A person needs a family name.")})

    @property
    def awaits_confirmation(self) -> bool:
        """Signed up through the portal and never confirmed the address."""
        # An account that ever signed in was confirmed, or made by an editor.
        user = self.user
        return (
            user is not None
            and self.email_confirmed_at is None
            and not user.is_active
            and user.last_login is None
        )

    @property
    def contact_email(self) -> str:
        return self.email or (cast("User", self.user).email if self.user_id else "")

    @property
    def trusted_email(self) -> str:
        """The address e-mails about a piece in review may go to, or "".

        An account's address was confirmed by its owner, and an editor's entry is the
        publisher's own word; an address a contributor typed for a co-author is neither, and
        mailing unpublished titles to it would let anyone send our mail to anyone.
        """
        if self.user_id:
            return self.contact_email if cast("User", self.user).is_active else ""
        return "" if self.added_by_id else self.email

    @property
    def orcid_url(self) -> str:
        return f"https://orcid.org/{self.orcid}" if self.orcid else ""

    def csl_name(self) -> dict:
        """The name as a CSL-JSON name object; organisations are literal names."""
        if self.is_organisation or not self.family_name:
            return {"literal": self.display_name}
        return {"family": self.family_name, "given": self.given_name}
