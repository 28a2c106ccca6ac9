"""Contributors' accounts: sign up, confirm the e-mail through a signed link, edit the profile.

Sign-in, sign-out and password reset are Django's own views (contributors/account_urls.py).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contributors.account_forms import ProfileForm, SignupForm
from contributors.models import Contributor
from contributors.ratelimit import client_address, over_limit

CONFIRM_SALT = "colophon.accounts.confirm"
CONFIRM_DAYS = 3


def unique_slug(text: str) -> str:
    base = slugify(text)[:80] or "author"
    slug, n = base, 1
    while Contributor.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def confirmation_link(user) -> str:
    token = signing.dumps({"user": user.pk, "email": user.email}, salt=CONFIRM_SALT)
    return settings.SITE_URL + reverse("accounts:confirm", args=[token])


def send_confirmation(user) -> None:
    context = {"user": user, "link": confirmation_link(user), "days": CONFIRM_DAYS}
    send_mail(
        _("Confirm your e-mail address for Colophon"),
        render_to_string("accounts/emails/confirm.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        html_message=render_to_string("accounts/emails/confirm.html", context),
    )


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("submissions:list")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        if over_limit("signup", [f"ip:{client_address(request)}"], settings.SIGNUP_RATE_PER_HOUR):
            form.add_error(None, _("Too many sign-ups from your address; try again in an hour."))
            return render(request, "accounts/signup.html", {"form": form}, status=429)
        if form.is_valid():
            user = create_account(form.cleaned_data, get_language())
            transaction.on_commit(lambda: send_confirmation(user))
            return render(request, "accounts/signup_done.html", {"email": user.email})
    return render(request, "accounts/signup.html", {"form": form})


@transaction.atomic
def create_account(data: dict, language: str):
    """An inactive user and their Contributor record; active once the e-mail is confirmed.

    Signing up again before confirming (a lost or expired link) replaces the unconfirmed
    account's name and password and sends a new link."""
    unconfirmed = get_user_model().objects.filter(username=data["email"], is_active=False)
    for user in unconfirmed:
        Contributor.objects.filter(user=user, authorships__isnull=True).delete()
        user.delete()
    user = get_user_model().objects.create_user(
        username=data["email"],
        email=data["email"],
        password=data["password1"],
        first_name=data["given_name"][:150],
        last_name=data["family_name"][:150],
        is_active=False,
    )
    Contributor.objects.create(
        user=user,
        given_name=data["given_name"],
        family_name=data["family_name"],
        slug=unique_slug(f"{data['given_name']} {data['family_name']}"),
        language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
    )
    return user


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_DAYS * 86400)
    except signing.BadSignature:
        return render(request, "accounts/confirm_invalid.html", status=400)
    user = get_user_model().objects.filter(pk=payload.get("user")).first()
    if user is None or user.email != payload.get("email"):
        return render(request, "accounts/confirm_invalid.html", status=400)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Your e-mail is confirmed. Welcome!"))
    return redirect("accounts:profile")


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
