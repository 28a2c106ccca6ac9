"""The editorial state machine: the one place where a piece's status changes.

draft → submitted → in review → revisions requested → (resubmitted) in review → accepted
→ scheduled → published; also rejected, withdrawn, published → unpublished, and a
published piece corrected with a notice. Each step locks the row, re-checks the state,
writes an ArticleEvent and only then acts; e-mails go out once the transaction commits.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from articles.models.workflow import ArticleEvent, Status
from pagecache.generation import bump as bump_page_cache

AUTHOR, EDITOR = "author", "editor"


class TransitionError(ValidationError):
    """A step that is not allowed now; its message is meant for the person who tried it."""


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset[str]
    target: str | None  # None: decided by the step (publication, unpublishing a language)
    by: str
    # Whether the authors are e-mailed (decisions) or the series' editors (submissions).
    notifies: bool = True
    needs_message: bool = False


def _action(name, label, sources, target, by, **options) -> Action:
    return Action(name, label, frozenset(sources), target, by, **options)


S = Status
ACTIONS: dict[str, Action] = {
    action.name: action
    for action in [
        _action("submit", _("Submit"), [S.DRAFT], S.SUBMITTED, AUTHOR),
        _action("resubmit", _("Resubmit"), [S.REVISIONS_REQUESTED], S.IN_REVIEW, AUTHOR),
        _action(
            "withdraw",
            _("Withdraw"),
            [S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.REVISIONS_REQUESTED],
            S.WITHDRAWN,
            AUTHOR,
        ),
        _action("start_review", _("Start the review"), [S.SUBMITTED], S.IN_REVIEW, EDITOR),
        _action(
            "request_revisions",
            _("Request revisions"),
            [S.SUBMITTED, S.IN_REVIEW],
            S.REVISIONS_REQUESTED,
            EDITOR,
            needs_message=True,
        ),
        _action("accept", _("Accept"), [S.SUBMITTED, S.IN_REVIEW], S.ACCEPTED, EDITOR),
        _action(
            "reject",
            _("Reject"),
            [S.SUBMITTED, S.IN_REVIEW, S.REVISIONS_REQUESTED],
            S.REJECTED,
            EDITOR,
        ),
        # Publication of one language version, now or later (Article.publish).
        _action(
            "publish",
            _("Publish"),
            [S.DRAFT, S.ACCEPTED, S.SCHEDULED, S.PUBLISHED, S.UNPUBLISHED],
            None,
            EDITOR,
        ),
        # Taking one language version back without a public reason (Article.unpublish).
        _action(
            "unpublish_language",
            _("Unpublish a language version"),
            [S.SCHEDULED, S.PUBLISHED, S.DRAFT, S.ACCEPTED, S.UNPUBLISHED],
            None,
            EDITOR,
            notifies=False,
        ),
        _action(
            "unpublish",
            _("Unpublish with a public reason"),
            [S.PUBLISHED, S.SCHEDULED],
            S.UNPUBLISHED,
            EDITOR,
        ),
        _action(
            "correct",
            _("Publish a correction notice"),
            [S.PUBLISHED],
            S.PUBLISHED,
            EDITOR,
        ),
        _action(
            "assign",
            _("Assign a handling editor"),
            [s for s in S.values],
            None,
            EDITOR,
            notifies=False,
        ),
        # Soft delete and its undo keep the state; only Article.deleted_at changes.
        _action("delete", _("Delete"), [s for s in S.values], None, EDITOR, notifies=False),
        _action("restore", _("Restore"), [s for s in S.values], None, EDITOR, notifies=False),
    ]
}
# Editors' housekeeping: on the admin timeline, never on the contributor's.
INTERNAL_ACTIONS = frozenset({"assign", "delete", "restore"})
# Takedowns: the same write moves the piece's preview generation on, so every preview link
# handed out before it stops working (articles/site/preview.py).
ENDS_PREVIEWS = frozenset({"unpublish", "delete", "reject", "withdraw"})
# The buttons an editor sees on a piece, in this order, when its state allows them.
EDITOR_BUTTONS = [
    "start_review",
    "request_revisions",
    "accept",
    "reject",
    "schedule",
    "unpublish",
    "correct",
]


def action_label(name: str) -> str:
    if name == "schedule":
        return _("Schedule or publish")
    action = ACTIONS.get(name)
    return action.label if action else name


def allowed(article, name: str) -> bool:
    if name == "schedule":
        return article.status in {S.ACCEPTED, S.SCHEDULED, S.UNPUBLISHED}
    return article.status in ACTIONS[name].sources


def editor_actions(article) -> list[str]:
    return [name for name in EDITOR_BUTTONS if allowed(article, name)]


def _status_label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value


def _refuse(locked, action: Action, expected: str | None) -> None:
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


def check_actor(article, action: Action, by) -> None:
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
    article,
    name: str,
    by=None,
    *,
    message: str = "",
    note: str = "",
    expected: str | None = None,
    language: str = "",
    target: str | None = None,
    changes: dict | None = None,
    event_action: str = "",
    notify: bool = True,
) -> ArticleEvent:
    """Move `article` by the action `name`, or raise TransitionError saying why not.

    `expected` is the state the person saw when they decided: if another editor has moved
    the piece since, the step is refused rather than applied to a state nobody looked at.
    `changes` are further columns written in the same UPDATE (dates, notices, editor).
    `notify=False` records the event without e-mailing anyone (imports of old pieces).
    """
    from articles.models import Article

    action = ACTIONS[name]
    locked = Article.all_objects.select_for_update().get(pk=article.pk)
    _refuse(locked, action, expected)
    check_actor(locked, action, by)
    if action.needs_message and not message.strip():
        raise TransitionError(_("Write the message the authors will read."), code="message")
    to_status = target or action.target or locked.status
    now = timezone.now()
    values = {"status": to_status, "updated_at": now, **(changes or {})}
    if name == "submit":
        values["submitted_at"] = now
    if name in ENDS_PREVIEWS:
        values["preview_generation"] = F("preview_generation") + 1
    Article.all_objects.filter(pk=locked.pk).update(**values)
    # A bulk update sends no post_save: cached public pages must be told directly.
    bump_page_cache()
    event = ArticleEvent.objects.create(
        article=locked,
        actor=by,
        action=event_action or name,
        from_status=locked.status,
        to_status=to_status,
        language=language,
        message=message.strip(),
        note=note.strip(),
    )
    article.refresh_from_db(fields=list(values))
    if action.notifies and notify:
        from articles.workflow.emails import send_event_emails_on_commit

        send_event_emails_on_commit(event)
    return event


def _languages() -> list[str]:
    from colophon.lib.languages import language_codes

    return language_codes()


@transaction.atomic
def publish_language(
    article,
    language: str,
    at=None,
    by=None,
    *,
    expected: str | None = None,
    message="",
    notify: bool = True,
) -> ArticleEvent:
    """Publish one language version now, or schedule it for `at`.

    A piece none of whose versions is public yet becomes "scheduled" until its date;
    `manage.py publish_scheduled` then makes it "published". Another version of a piece
    that is already public simply appears at its own date.
    """
    from articles.models import Article

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
    live = locked.status == S.PUBLISHED and any(
        locked.is_published(code) for code in _languages() if code != language
    )
    target = S.PUBLISHED if when <= now or live else S.SCHEDULED
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
def unpublish_language(article, language: str, by=None) -> ArticleEvent:
    """Take one language version back. When none is left, an editor's own piece is a draft
    again and a submitted one is back to "accepted", ready to be scheduled again."""
    from articles.models import Article

    locked = Article.all_objects.select_for_update().get(pk=article.pk)
    was_public = bool(locked.published_languages())
    remaining = [
        code
        for code in _languages()
        if code != language and locked.localized("published_at", code) is not None
    ]
    changes = {build_localized_fieldname("published_at", language): None}
    if remaining:
        target = locked.status
    else:
        target = S.DRAFT if locked.submitted_by_id is None else S.ACCEPTED
        if was_public:
            changes["withdrawn_at"] = timezone.now()
    return transition(
        article, "unpublish_language", by, target=target, language=language, changes=changes
    )


@transaction.atomic
def unpublish_with_reason(article, by, reason: dict[str, str], **options) -> ArticleEvent:
    """Withdraw every version of a published piece, telling readers why (per language)."""
    if not any(text.strip() for text in reason.values()):
        raise TransitionError(_("Give readers the reason the piece is unpublished."))
    changes = {build_localized_fieldname("published_at", code): None for code in _languages()}
    changes["withdrawn_at"] = timezone.now()
    for code, text in reason.items():
        changes[build_localized_fieldname("public_notice", code)] = text.strip()
    return transition(article, "unpublish", by, changes=changes, **options)


@transaction.atomic
def publish_correction(article, by, notice: dict[str, str], **options) -> ArticleEvent:
    """Keep a published piece public with a correction notice above it (per language)."""
    if not any(text.strip() for text in notice.values()):
        raise TransitionError(_("Write the correction notice readers will see."))
    changes = {
        build_localized_fieldname("correction_notice", code): text.strip()
        for code, text in notice.items()
    }
    changes["corrected_at"] = timezone.now()
    return transition(article, "correct", by, changes=changes, **options)


def _person(user) -> str:
    """A name and the account, so two editors with the same name stay apart."""
    if user is None:
        return str(_("nobody"))
    name, account = user.get_full_name(), user.get_username()
    return f"{name} ({account})" if name and name != account else account


@transaction.atomic
def assign_handling_editor(article, editor, by=None, *, note: str = "") -> ArticleEvent | None:
    """Make `editor` (or nobody) the piece's handling editor; the timeline says who did it
    and whom they assigned. Nothing is written when the editor stays the same."""
    from articles.models import Article

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


def publish_due(now=None) -> list[int]:
    """Make every scheduled piece whose first date has come "published"; idempotent."""
    from articles.models import Article
    from articles.pdf.tasks import schedule

    now = now or timezone.now()
    due = Article.objects.none()
    for code in _languages():
        due |= Article.objects.filter(
            status=S.SCHEDULED, **{f"{build_localized_fieldname('published_at', code)}__lte": now}
        )
    done = []
    for article in due.distinct().order_by("pk"):
        try:
            with transaction.atomic():
                transition(article, "publish", None, target=S.PUBLISHED, expected=S.SCHEDULED)
                schedule("article", article.pk)
        except TransitionError:
            continue  # another run, or an editor, got there first
        done.append(article.pk)
    return done
