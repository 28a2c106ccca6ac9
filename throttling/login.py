"""Sign-in lockout, shared by the admin's and the contributors' login forms.

After LOGIN_FAILURES_PER_USER failed attempts for one username (whatever its case), or
LOGIN_FAILURES_PER_ADDRESS from one client address, within LOGIN_LOCKOUT_SECONDS, that
username or address is locked for LOGIN_LOCKOUT_SECONDS: further attempts are refused
before the password is checked, so a locked account cannot be guessed at all. A successful
sign-in clears nothing: an attacker elsewhere must not get fresh attempts because the owner
signed in, and counters expire on their own.

Counters and locks are rows of throttling.Throttle (the database), which every process
shares and no flood of requests can evict; see throttling/models.py.
"""

import hashlib
import math
import time
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext

from throttling.models import Throttle
from throttling.ratelimit import client_address


def lockout_keys(username: str, address: str) -> list[str]:
    # Hashed: usernames are e-mail addresses (personal data, and characters some cache
    # backends refuse in keys).
    user = hashlib.sha256(username.strip().lower().encode()).hexdigest()
    return [f"login:user:{user}", f"login:ip:{address}"]


def _limits() -> dict[str, int]:
    return {
        "login:user": settings.LOGIN_FAILURES_PER_USER,
        "login:ip": settings.LOGIN_FAILURES_PER_ADDRESS,
    }


def seconds_locked(keys: list[str]) -> int:
    """How long until every key is unlocked; 0 if none is locked now."""
    # Each lock's end is compared with the clock here rather than left to a query's idea
    # of now, so that tests (and clocks) can move it forward.
    now = time.time()
    locks = Throttle.objects.expiries([f"{key}:locked" for key in keys])
    return max((math.ceil(until - now) for until in locks.values() if until > now), default=0)


def record_failure(keys: list[str]) -> None:
    """Count one failed attempt for each key; lock a key that reaches its limit."""
    window = settings.LOGIN_LOCKOUT_SECONDS
    limits = _limits()
    for key in keys:
        name = f"{key}:failures"
        count = Throttle.objects.count_attempt(name, window)
        if count >= limits[key.rsplit(":", 1)[0]]:
            Throttle.objects.hold(f"{key}:locked", window)
            # Counting starts afresh once the lock ends.
            Throttle.objects.release([name])


if TYPE_CHECKING:
    # What the mixin is mixed into; only the type checker needs to know.
    _LoginFormBase = AuthenticationForm
else:
    _LoginFormBase = object


class LockoutMixin(_LoginFormBase):
    """Refuses a locked username or address before authenticating; counts failures."""

    request: HttpRequest | None

    def clean(self) -> dict:
        username = self.cleaned_data.get("username")
        if username is None or not self.cleaned_data.get("password"):
            return super().clean()
        address = client_address(self.request) if self.request is not None else "unknown"
        keys = lockout_keys(username, address)
        wait = seconds_locked(keys)
        if wait:
            minutes = max(1, math.ceil(wait / 60))
            raise forms.ValidationError(
                ngettext(
                    "Too many failed sign-in attempts. Please wait %(minutes)d minute "
                    "and try again.",
                    "Too many failed sign-in attempts. Please wait %(minutes)d minutes "
                    "and try again.",
                    minutes,
                ),
                code="locked",
                params={"minutes": minutes},
            )
        try:
            return super().clean()
        except forms.ValidationError as error:
            if error.code in {"invalid_login", "inactive"}:
                record_failure(keys)
            raise


class AdminLoginForm(LockoutMixin, AdminAuthenticationForm):
    """The admin's sign-in form with the same lockout (set as admin.site.login_form)."""


class LoginView(auth.LoginView):
    """Django's login view, answering 429 Too Many Requests while locked."""

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if any(error.code == "locked" for error in form.non_field_errors().as_data()):
            response.status_code = 429
        return response
