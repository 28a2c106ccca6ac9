"""The editorial state machine: the one place where a piece's status changes.

draft → submitted → in review → revisions requested → (resubmitted) in review → accepted
→ scheduled → published; also rejected, withdrawn, published → unpublished, and a
published piece corrected with a notice (the table of steps is in
articles/models/workflow.py). Every step ends in transition(), which locks the row,
re-checks the state, writes the change and an ArticleEvent, and once the transaction
commits announces the step (articles/workflow/events.py): PDFs, the page cache, the
search index and e-mails follow from that one event.
"""

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from articles.models.article import Article
from articles.models.workflow import (
    ACTIONS,
    AUTHOR,
    EDITOR,
    ENDS_PREVIEWS,
    Action,
    ArticleEvent,
    Status,
)
from articles.workflow.events import announce
from colophon.lib.languages import language_codes

# Who takes a step: a member of staff or a contributor (request.user); None for the
# system (imports, publish_scheduled). Nobody signed out may take one.
Actor = User | AnonymousUser | None


class TransitionError(ValidationError):
    """A step that is not allowed now; its message is meant for the person who tried it."""


def _status_label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value


def _refuse(locked: Article, action: Action, expected: str | None) -> None:
    if expected is not None and locked.status != expected:
        last = locked.events.order_by("-at", "-pk").select_related("actor").first()
        who = (
            (last.actor.get_full_name() or last.actor.get_username())
            if last and last.actor
            else ""
        )
        raise TransitionError(
            _(
                "Someone acted on this piece first: it is now “%(status)s”%(who)s. "
                "Your “%(action)s” was not applied; check the timeline and decide again."
            )
            % {
                "status": _status_label(locked.status),
                "who": (_(" (by %(name)s)") % {"name": who}) if who else "",
                "action": action.label,
            },
            code="stale",
        )
    if (locked.deleted_at is not None) != (action.name == "restore"):
        raise TransitionError(
            _("This piece has been deleted: restore it first.")
            if locked.deleted_at is not None
            else _("This piece has not been deleted."),
            code="deleted",
        )
    if locked.status not in action.sources:
        raise TransitionError(
            _("A piece that is “%(status)s” cannot take the step “%(action)s”.")
            % {"status": _status_label(locked.status), "action": action.label},
            code="not_allowed",
        )


def signed_in(by: Actor) -> User | None:
    """The account taking a step, or None for the system; refuses a signed-out visitor."""
    if isinstance(by, AnonymousUser):
        raise TransitionError(_("Sign in to do that."))
    return by


def check_actor(article: Article, action: Action, by: User | None) -> None:
    """Authors act only on their own pieces; editors need the right to change pieces."""
    if by is None:  # the system: imports, publish_scheduled
        return
    if action.by == AUTHOR and article.submitted_by_id != by.pk:
        raise TransitionError(_("Only the author who submitted a piece can do that."))
    if action.by == EDITOR and not by.has_perm("articles.change_article"):
        raise TransitionError(_("Only editors can do that."))
    if action.name in {"delete", "restore"} and not by.has_perm("articles.delete_article"):
        raise TransitionError(_("Only editors who may delete pieces can do that."))


@transaction.atomic
def transition(
    article: Article,
    name: str,
    by: Actor = None,
    *,
    message: str = "",
    note: str = "",
    expected: str | None = None,
    language: str = "",
    target: str | None = None,
    changes: dict[str, Any] | None = None,
    event_action: str = "",
    notify: bool = True,
) -> ArticleEvent:
    """Move `article` by the action `name`, or raise TransitionError saying why not.

    `expected` is the state the person saw when they decided: if another editor has moved
    the piece since, the step is refused rather than applied to a state nobody looked at.
    `changes` are further columns written in the same UPDATE (dates, notices, editor).
    `notify=False` records the event without e-mailing anyone (imports of old pieces).
    """
    action = ACTIONS[name]
    actor = signed_in(by)
    locked = Article.all_objects.select_for_update().get(pk=article.pk)
    _refuse(locked, action, expected)
    check_actor(locked, action, actor)
    if action.needs_message and not message.strip():
        raise TransitionError(_("Write the message the authors will read."), code="message")
    to_status = target or action.target or locked.status
    now = timezone.now()
    values: dict[str, Any] = {"status": to_status, "updated_at": now, **(changes or {})}
    if name == "submit":
        values["submitted_at"] = now
    if name in ENDS_PREVIEWS:
        values["preview_generation"] = F("preview_generation") + 1
    # A bulk update sends no post_save: what follows a step listens to `step_taken`.
    Article.all_objects.filter(pk=locked.pk).update(**values)
    event = ArticleEvent.objects.create(
        article=locked,
        actor=actor,
        action=event_action or name,
        from_status=locked.status,
        to_status=to_status,
        language=language,
        message=message.strip(),
        note=note.strip(),
    )
    article.refresh_from_db(fields=list(values))
    announce(event, notify=action.notifies and notify)
    return event


def _languages() -> list[str]:
    return language_codes()


@transaction.atomic
def publish_language(
    article: Article,
    language: str,
    at: dt.datetime | None = None,
    by: Actor = None,
    *,
    expected: str | None = None,
    message: str = "",
    notify: bool = True,
) -> ArticleEvent:
    """Publish one language version now, or schedule it for `at`.

    A piece none of whose versions is public yet becomes "scheduled" until its date;
    `manage.py publish_scheduled` then makes it "published". Another version of a piece
    that is already public simply appears at its own date.
    """
    if language not in _languages():
        raise ValidationError(_("%(language)s is not a site language.") % {"language": language})
    locked = Article.all_objects.select_for_update().get(pk=article.pk)
    _refuse(locked, ACTIONS["publish"], expected)
    missing = locked.missing_for_publication(language)
    if missing:
        raise ValidationError(
            _("The %(language)s version cannot be published without: %(fields)s.")
            % {"language": language, "fields": ", ".join(missing)}
        )
    now = timezone.now()
    when = at or now
    live = locked.status == Status.PUBLISHED and any(
        locked.is_published(code) for code in _languages() if code != language
    )
    target = Status.PUBLISHED if when <= now or live else Status.SCHEDULED
    field = build_localized_fieldname("published_at", language)
    # updated_at moves too (in transition): sitemaps, feeds and OAI-PMH datestamps follow it.
    return transition(
        article,
        "publish",
        by,
        target=target,
        language=language,
        message=message,
        changes={field: when, "withdrawn_at": None},
        event_action="publish" if when <= now else "schedule",
        notify=notify,
    )


@transaction.atomic
def unpublish_language(article: Article, language: str, by: Actor = None) -> ArticleEvent:
    """Take one language version back. When none is left, an editor's own piece is a draft
    again and a submitted one is back to "accepted", ready to be scheduled again."""
    locked = Article.all_objects.select_for_update().get(pk=article.pk)
    was_public = bool(locked.published_languages())
    remaining = [
        code
        for code in _languages()
        if code != language and locked.localized("published_at", code) is not None
    ]
    changes: dict[str, Any] = {build_localized_fieldname("published_at", language): None}
    if remaining:
        target = locked.status
    else:
        target = Status.DRAFT if locked.submitted_by_id is None else Status.ACCEPTED
        if was_public:
            changes["withdrawn_at"] = timezone.now()
    return transition(
        article, "unpublish_language", by, target=target, language=language, changes=changes
    )


@transaction.atomic
def unpublish_with_reason(
    article: Article, by: Actor, reason: dict[str, str], **options: Any
) -> ArticleEvent:
    """Withdraw every version of a published piece, telling readers why (per language)."""
    if not any(text.strip() for text in reason.values()):
        raise TransitionError(_("Give readers the reason the piece is unpublished."))
    changes: dict[str, Any] = {
        build_localized_fieldname("published_at", code): None for code in _languages()
    }
    changes["withdrawn_at"] = timezone.now()
    for code, text in reason.items():
        changes[build_localized_fieldname("public_notice", code)] = text.strip()
    return transition(article, "unpublish", by, changes=changes, **options)


@transaction.atomic
def publish_correction(
    article: Article, by: Actor, notice: dict[str, str], **options: Any
) -> ArticleEvent:
    """Keep a published piece public with a correction notice above it (per language)."""
    if not any(text.strip() for text in notice.values()):
        raise TransitionError(_("Write the correction notice readers will see."))
    changes: dict[str, Any] = {
        build_localized_fieldname("correction_notice", code): text.strip()
        for code, text in notice.items()
    }
    changes["corrected_at"] = timezone.now()
    return transition(article, "correct", by, changes=changes, **options)


def _person(user: User | None) -> str:
    """A name and the account, so two editors with the same name stay apart."""
    if user is None:
        return str(_("nobody"))
    name, account = user.get_full_name(), user.get_username()
    return f"{name} ({account})" if name and name != account else account


@transaction.atomic
def assign_handling_editor(
    article: Article, editor: User | None, by: Actor = None, *, note: str = ""
) -> ArticleEvent | None:
    """Make `editor` (or nobody) the piece's handling editor; the timeline says who did it
    and whom they assigned. Nothing is written when the editor stays the same."""
    locked = Article.all_objects.select_for_update().get(pk=article.pk)
    if locked.handling_editor_id == (editor.pk if editor else None):
        return None
    if editor is not None and not editor.is_staff:
        raise TransitionError(_("Only a member of staff can handle a piece."))
    summary = _("Handling editor: %(new)s (was: %(old)s).") % {
        "new": _person(editor),
        "old": _person(locked.handling_editor),
    }
    return transition(
        article,
        "assign",
        by,
        note="\n".join(part for part in (summary, note.strip()) if part),
        changes={"handling_editor": editor},
    )


def publish_due(now: dt.datetime | None = None) -> list[int]:
    """Make every scheduled piece whose first date has come "published"; idempotent."""
    now = now or timezone.now()
    due = Article.objects.none()
    for code in _languages():
        due |= Article.objects.filter(
            status=Status.SCHEDULED,
            **{f"{build_localized_fieldname('published_at', code)}__lte": now},
        )
    done = []
    for article in due.distinct().order_by("pk"):
        try:
            with transaction.atomic():
                transition(
                    article, "publish", None, target=Status.PUBLISHED, expected=Status.SCHEDULED
                )
        except TransitionError:
            continue  # another run, or an editor, got there first
        done.append(article.pk)
    return done
