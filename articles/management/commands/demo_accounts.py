"""Sign-in accounts for trying the site after `make run`: one per editorial role.

An editor (the "Editor" group: every series), a series editor (the "Series editor" group,
editing the first series) and a contributor with a draft in progress in that series. Each
run gives them new random passwords and prints them with the addresses to sign in at; it
never duplicates an account or the draft. It refuses to run unless DEBUG is on: these are
known accounts with staff access, and a production site must never have them.
"""

import secrets
from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from modeltranslation.utils import build_localized_fieldname

from articles.models import Article, Authorship
from articles.workflow.emails import EDITOR_GROUP
from contributors.models import Contributor
from series.models import Series

SERIES_EDITORS = "Series editor"  # the group the roles' migration creates
DRAFT_SLUG = "demo-draft-in-progress"


@dataclass(frozen=True)
class Role:
    label: str
    email: str
    given: str
    family: str
    group: str | None  # None: a contributor, with no admin access


ROLES = (
    Role("Editor", "editor@example.org", "Edith", "Demo-Editor", EDITOR_GROUP),
    Role("Series editor", "series-editor@example.org", "Sergio", "Demo-Series", SERIES_EDITORS),
    Role("Contributor", "contributor@example.org", "Carla", "Demo-Contributor", None),
)  # fmt: skip


class Command(BaseCommand):
    help = "Create or reset the demo accounts for each role (DEBUG only) and print how to sign in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="Where the development server answers, e.g. http://127.0.0.1:8000 "
            "(default: SITE_URL).",
        )

    def handle(self, *args, **options) -> None:
        # Production runs with DEBUG off (settings refuse a development key there), so this
        # is what keeps known passwords with staff access off a real site.
        if not settings.DEBUG:
            raise CommandError(
                "demo_accounts: refused, DEBUG is off (demo accounts are for make run)."
            )
        series = Series.objects.order_by("position", "pk").first()
        if series is None:
            raise CommandError(
                "demo_accounts: no series to give the series editor; "
                "run `manage.py import_articles demo/demo.json` first."
            )
        base = options["base_url"].rstrip("/") + "/"
        try:
            with transaction.atomic():
                accounts = [(role, *self.account(role)) for role in ROLES]
                series.editors.add(accounts[1][1])
                draft = self.draft(accounts[2][1], series)
        except Exception as error:
            raise CommandError(f"demo_accounts failed: {error}") from error
        created = sum(1 for _role, _user, _password, new in accounts if new)
        with override(settings.LANGUAGE_CODE):
            admin_url = urljoin(base, reverse("admin:index").lstrip("/"))
            portal_url = urljoin(base, reverse("accounts:login").lstrip("/"))
            draft_url = urljoin(base, reverse("submissions:edit", args=[draft.pk]).lstrip("/"))
        where = {
            "Editor": f"admin {admin_url} (every series)",
            "Series editor": f"admin {admin_url} (only {series.title})",
            "Contributor": f"portal {portal_url} (draft: {draft_url})",
        }
        self.stdout.write("Demo accounts (new passwords on every run):")
        for role, user, password, _new in accounts:
            self.stdout.write(
                f"  {role.label:<14} {user.username:<26} {password}  {where[role.label]}"
            )
        self.stdout.write(
            f"demo_accounts: {len(accounts)} accounts ready ({created} created, "
            f"{len(accounts) - created} reset)."
        )

    def account(self, role: Role):
        """The role's account with a new password; whether it was created."""
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=role.email, defaults={"email": role.email}
        )
        password = secrets.token_urlsafe(12)
        user.email, user.first_name, user.last_name = role.email, role.given, role.family
        user.is_active, user.is_staff, user.is_superuser = True, role.group is not None, False
        user.set_password(password)
        user.save()
        user.groups.set(
            [Group.objects.get(name=role.group)] if role.group else []  # the roles' migration
        )
        profile = Contributor.objects.filter(user=user).first() or Contributor(
            user=user, slug=f"demo-{role.email.split('@')[0]}"
        )
        profile.given_name, profile.family_name = role.given, role.family
        profile.language = settings.LANGUAGE_CODE
        profile.email_confirmed_at = profile.email_confirmed_at or timezone.now()
        profile.save()
        return user, password, created

    def draft(self, user, series: Series) -> Article:
        """The contributor's piece in progress; left as they last saved it once it exists."""
        article = Article.all_objects.filter(slug=DRAFT_SLUG).first()
        if article is not None:
            return article
        language = settings.LANGUAGE_CODE
        article = Article.objects.create(
            slug=DRAFT_SLUG,
            original_language=language,
            series=series,
            submitted_by=user,
            **{
                build_localized_fieldname(name, language): text
                for name, text in (
                    ("title", "Notes from a shelter: a draft in progress"),
                    ("summary", "What people displaced by violence ask of shelters."),
                    ("body", "<p>A first paragraph, still to be finished.</p>"),
                )
            },
        )
        Authorship.objects.create(
            article=article, contributor=user.contributor, role=Authorship.Role.AUTHOR, position=0
        )
        return article
