"""Contributors' accounts: sign up, confirm the address through a single-use link, reset a
forgotten password, edit the profile.

Sign-up and reset answer every address alike (portal/account_mail.py): the address
gets one e-mail, and only its owner learns whether an account uses it. A sign-up creates an
inactive account with no password; whoever follows the link from the mailbox chooses the
password, so registering someone else's address first gains nothing and locks nobody out.
Sign-in and sign-out are Django's views (portal/account_urls.py).
"""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from contributors.models import Contributor
from portal.account_forms import ProfileForm, SignupForm
from portal.account_mail import (
    RESET,
    SIGNUP,
    awaits_confirmation,
    confirmation_tokens,
    send_account_email,
    unique_slug,
)
from throttling.ratelimit import client_address, over_limit


def _too_many() -> str:
    return _("Too many requests from your network or for this address; try again in an hour.")


def _mail_failed() -> str:
    return _("We could not send the e-mail just now. Please try again in a few minutes.")


def address_over_limit(email: str) -> bool:
    """One more e-mail to `email` this hour, whichever form asked for it; True if too many."""
    # Hashed: the address is personal data, and some cache backends refuse its characters.
    key = hashlib.sha256(email.encode()).hexdigest()
    return over_limit(
        "account-email", [f"email:{key}"], settings.ACCOUNT_EMAILS_PER_ADDRESS_PER_HOUR
    )


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("submissions:list")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        if over_limit("signup", [f"ip:{client_address(request)}"], settings.SIGNUP_RATE_PER_HOUR):
            form.add_error(None, _too_many())
            return render(request, "accounts/signup.html", {"form": form}, status=429)
        if form.is_valid():
            email = form.cleaned_data["email"]
            if address_over_limit(email):
                form.add_error(None, _too_many())
                return render(request, "accounts/signup.html", {"form": form}, status=429)
            names = {key: form.cleaned_data[key] for key in ("given_name", "family_name")}
            sent = send_account_email(SIGNUP, email, get_language(), names)
            context = {"email": email, "sent": sent}
            status = 200 if sent else 503
            return render(request, "accounts/signup_done.html", context, status=status)
    return render(request, "accounts/signup.html", {"form": form})


def _user_for_link(uidb64: str, token: str):
    """The account a sign-up link is for, while the link is still good; else None."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = get_user_model().objects.filter(pk=pk).select_related("contributor").first()
    if user is None or not awaits_confirmation(user):
        return None
    return user if confirmation_tokens.check_token(user, token) else None


@transaction.atomic
def confirm_signup(uidb64: str, token: str, password: str):
    """Activate the account a good link is for, with the password its confirmer chose;
    None if the link is wrong, expired or already used."""
    user = _user_for_link(uidb64, token)
    if user is None:
        return None
    # Locked and checked again: of two clicks on one link, only one confirms.
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if not awaits_confirmation(user) or not confirmation_tokens.check_token(user, token):
        return None
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    Contributor.objects.filter(user=user).update(email_confirmed_at=timezone.now())
    return user


@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """GET shows the link's page and changes nothing (mail scanners follow links, and a page
    that signed in on GET would let another site sign a visitor into its own account)."""
    user = _user_for_link(uidb64, token)
    if user is None:
        return render(request, "accounts/confirm_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = confirm_signup(uidb64, token, form.cleaned_data["new_password1"])
        if confirmed is None:
            return render(request, "accounts/confirm_invalid.html", status=400)
        login(request, confirmed, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your e-mail is confirmed. Welcome!"))
        return redirect("accounts:profile")
    return render(request, "accounts/confirm.html", {"form": form, "email": user.email})


class PasswordResetView(auth.PasswordResetView):
    """Django's reset page, but every address gets the same one e-mail (account_mail.py),
    and requests are limited per address and per client address."""

    def form_valid(self, form) -> HttpResponse:
        email = form.cleaned_data["email"].strip().lower()
        ip = f"ip:{client_address(self.request)}"
        if over_limit("password-reset", [ip], settings.PASSWORD_RESET_RATE_PER_HOUR):
            return self._refuse(form, _too_many(), 429)
        if address_over_limit(email):
            return self._refuse(form, _too_many(), 429)
        if not send_account_email(RESET, email, get_language()):
            return self._refuse(form, _mail_failed(), 503)
        return HttpResponseRedirect(self.get_success_url())

    def _refuse(self, form, message: str, status: int) -> HttpResponse:
        form.add_error(None, message)
        return self.render_to_response(self.get_context_data(form=form), status=status)


def contributor_for(user) -> Contributor:
    """The signed-in person's Contributor record, created if an editor's account lacks one."""
    contributor = Contributor.objects.filter(user=user).first()
    if contributor is None:
        contributor = Contributor.objects.create(
            user=user,
            given_name=user.first_name,
            family_name=user.last_name or user.get_username(),
            slug=unique_slug(user.get_full_name() or user.get_username().split("@")[0]),
        )
    return contributor


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    contributor = contributor_for(request.user)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=contributor)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, "contributor": contributor})
