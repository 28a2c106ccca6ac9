"""What sign-up and password reset do for an address: the one e-mail it gets, the links in
it, and the pending account a sign-up for a free address creates.

Whoever asks, for whatever address, the request does the same work: it enqueues one
`account_email` task with the purpose, the address, the language (and a sign-up's names).
What happens next is decided inside the task: a pending account and a link to finish
signing up, a note that the address already has an account, a reset link, a note that no
account uses it. Neither the page nor the time the request takes tells the person asking
whether an account exists; only the owner of the mailbox reads the answer.

With a worker backend (TASKS_BACKEND=database, production) the task runs after the
response and logs its failures there. With the immediate backend it runs during the
request, so a failure (SMTP down) is known at once and the person is asked to try again.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.tasks import TaskResultStatus, task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from colophon.lib import slugs
from colophon.lib.urls import absolute_url
from contributors.models import Contributor

logger = logging.getLogger(__name__)

SIGNUP, RESET = "signup", "reset"
CONFIRM_DAYS = 3


class ConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """Single-use sign-up links: the hash covers everything confirming changes (the active
    flag, the confirmation date, the password and the last sign-in), so a link stops working
    once used, and never works for an account that is no longer awaiting confirmation."""

    key_salt = "colophon.accounts.ConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp: int) -> str:
        contributor = Contributor.objects.filter(user=user).first()
        confirmed = contributor.email_confirmed_at if contributor else None
        login = user.last_login.replace(microsecond=0, tzinfo=None) if user.last_login else ""
        state = f"{user.password}{user.email}{user.is_active}{confirmed}{login}"
        return f"{user.pk}{state}{timestamp}"

    def check_token(self, user, token: str | None) -> bool:
        if token is None or not super().check_token(user, token):
            return False
        try:
            made = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        return self._num_seconds(self._now()) - made <= CONFIRM_DAYS * 86400


confirmation_tokens = ConfirmationTokenGenerator()


def users_with_address(address: str):
    User = get_user_model()
    return User.objects.filter(Q(email__iexact=address) | Q(username__iexact=address))


def send_account_email(purpose: str, address: str, language: str, names=None) -> bool:
    """Send (or queue) the one e-mail a sign-up or reset for `address` gets; False if
    sending is known to have failed, so the person can be told to try again."""
    result = account_email.enqueue(purpose, address, language, names)
    if result.status == TaskResultStatus.FAILED:
        logger.warning("The %s e-mail could not be sent (task %s)", purpose, result.id)
        return False
    return True


@task()
def account_email(purpose: str, address: str, language: str, names: dict | None) -> str:
    """Build and send the e-mail; returns which one it was (for the task's record)."""
    if purpose == SIGNUP and names:
        register(address, names, language)
    with translation.override(language):
        kind, message = _message(purpose, address)
        message.send()
    return kind


def register(address: str, names: dict, language: str) -> None:
    """An inactive account without a password, and its Contributor record, for an address no
    account uses. An address in use (confirmed or not) is left exactly as it is: the e-mail
    tells its owner what they can do."""
    if users_with_address(address).exists():
        return
    try:
        with transaction.atomic():
            _create_pending_account(address, names, language)
    except IntegrityError:  # the same address signed up a moment ago
        pass


def _create_pending_account(address: str, names: dict, language: str) -> None:
    given, family = names["given_name"], names["family_name"]
    user = get_user_model().objects.create_user(
        username=address,
        email=address,
        password=None,
        first_name=given[:150],
        last_name=family[:150],
        is_active=False,
    )
    Contributor.objects.create(
        user=user,
        given_name=given,
        family_name=family,
        slug=unique_slug(f"{given} {family}"),
        language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
    )


def unique_slug(text: str) -> str:
    """A new contributor's slug."""
    return slugs.unique_slug(text, Contributor.objects, limit=80, fallback="author")


def _message(purpose: str, address: str) -> tuple[str, EmailMultiAlternatives]:
    users = list(users_with_address(address).select_related("contributor"))
    pending = [user for user in users if awaits_confirmation(user)]
    if pending:
        return "confirm", _confirmation(pending[0], address)
    if purpose == SIGNUP:
        return "exists", _email(address, "signup_exists", {"login": _url("accounts:login")})
    resettable = [user for user in users if user.is_active and user.has_usable_password()]
    if resettable:
        return "reset", _reset(resettable[0], address)
    return "no-account", _email(address, "reset_no_account", {"signup": _url("accounts:signup")})


def awaits_confirmation(user) -> bool:
    contributor = getattr(user, "contributor", None)
    return contributor is not None and contributor.awaits_confirmation


def confirmation_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return _url("accounts:confirm", uid, confirmation_tokens.make_token(user))


def _confirmation(user, address: str) -> EmailMultiAlternatives:
    context = {"user": user, "link": confirmation_link(user), "days": CONFIRM_DAYS}
    message = _email(address, "confirm", context)
    message.attach_alternative(
        render_to_string("accounts/emails/confirm.html", context), "text/html"
    )
    return message


def _reset(user, address: str) -> EmailMultiAlternatives:
    site = settings.SITE_URL.rstrip("/")
    context = {
        "email": address,
        "protocol": site.split("://", 1)[0],
        "domain": site.split("://", 1)[1],
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "user": user,
    }
    return _email(address, "password_reset", context)


def _email(address: str, name: str, context: dict) -> EmailMultiAlternatives:
    context = {"email": address, "reset": _url("accounts:password_reset"), **context}
    subject = render_to_string(f"accounts/emails/{name}_subject.txt", context)
    return EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string(f"accounts/emails/{name}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        headers={"Content-Language": translation.get_language()},
    )


def _url(name: str, *args) -> str:
    return absolute_url(reverse(name, args=args))
