"""What the editorial workflow stores and allows: a piece's workflow fields, its events, the
editable decision e-mails, and the table of steps (which state each leaves from, who takes
it). The steps themselves, which lock, write and announce, are in articles/workflow/steps.py.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    REVISIONS_REQUESTED = "revisions_requested", _("Revisions requested")
    ACCEPTED = "accepted", _("Accepted")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    UNPUBLISHED = "unpublished", _("Unpublished")


class WorkflowFields(models.Model):
    """The fields a piece needs on its way from submission to publication.

    Article inherits them; only articles/workflow/steps.py writes `status`.
    """

    # The series a piece belongs to: proposed by its author, then its volume's series.
    series = models.ForeignKey(
        "series.Series",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("series"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("submitted by"),
        editable=False,
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    handling_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_articles",
        verbose_name=_("handling editor"),
        limit_choices_to={"is_staff": True},
    )
    declarations = models.JSONField(_("declarations"), default=dict, blank=True, editable=False)
    correction_notice = models.TextField(
        _("correction notice"),
        blank=True,
        editable=False,
        help_text=_("Shown above a published piece that has been corrected."),
    )
    public_notice = models.TextField(
        _("reason for unpublishing"),
        blank=True,
        editable=False,
        help_text=_("Shown to readers who follow a link to an unpublished piece."),
    )
    # When the correction notice was last published; shown beside it on the page.
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True, editable=False)
    # Soft delete: a deleted piece keeps its row (and its history) and can be restored;
    # Article.objects leaves it out of everything readers and harvesters see.
    deleted_at = models.DateTimeField(
        _("deleted"), null=True, blank=True, editable=False, db_index=True
    )
    # Optimistic locking: every save through a form bumps it; a form that read an older
    # number is refused instead of overwriting a colleague's edit.
    edit_version = models.PositiveIntegerField(default=0, editable=False)
    # Signed preview links carry the number they were minted under; a takedown step
    # (articles/workflow/steps.py) moves it on, so every link handed out before it stops working.
    preview_generation = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True


class ArticleEvent(models.Model):
    """One step in a piece's life: who, when, from which state to which, and why."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    language = models.CharField(_("language"), max_length=10, blank=True)
    message = models.TextField(_("message to the authors"), blank=True)
    note = models.TextField(_("internal note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")

    def __str__(self) -> str:
        return f"{self.article_id}: {self.from_status} → {self.to_status} ({self.action})"

    @property
    def label(self) -> "StrOrPromise":
        return action_label(self.action)


class NotificationTemplate(models.Model):
    """A decision e-mail editors can reword, in every site language.

    Subject and body may use $title, $name, $status, $message and $url; they are filled
    with string.Template, which cannot reach into objects the way str.format can.
    """

    action = models.CharField(_("action"), max_length=40, unique=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))

    class Meta:
        ordering = ["action"]
        verbose_name = _("notification e-mail")
        verbose_name_plural = _("notification e-mails")

    def __str__(self) -> str:
        return str(action_label(self.action))


# The steps ---------------------------------------------------------------------------
# Which step may be taken from which state, by whom, and what it is called. The steps
# themselves (locking, writing, announcing) are in articles/workflow/steps.py.

AUTHOR, EDITOR = "author", "editor"


@dataclass(frozen=True)
class Action:
    name: str
    label: "StrOrPromise"
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
        # Publication of one language version, now or later (publish_language).
        _action(
            "publish",
            _("Publish"),
            [S.DRAFT, S.ACCEPTED, S.SCHEDULED, S.PUBLISHED, S.UNPUBLISHED],
            None,
            EDITOR,
        ),
        # Taking one language version back without a public reason (unpublish_language).
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


def action_label(name: str) -> "StrOrPromise":
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
