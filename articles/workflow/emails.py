"""E-mails about a piece's workflow steps, in each recipient's language, text and HTML.

Submissions go to the series' editors (or, when a series has none, to every active member
of the "Editor" group); decisions go to every author with a trusted address: their own
confirmed account's, or one an editor entered. A co-author whose address another
contributor typed into the portal is unverified: they hear only of the piece's first
publication, once, with what is public by then (title and address, not the editors'
message). The wording comes from the NotificationTemplate rows editors can edit, filled
with string.Template.
"""

import logging
from dataclasses import dataclass
from string import Template

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import override

from articles.models.article import Article
from articles.models.workflow import ArticleEvent, NotificationTemplate, Status
from articles.workflow.email_defaults import DEFAULT_TEMPLATES
from colophon.lib.urls import absolute_url

logger = logging.getLogger(__name__)

# Steps the authors take tell the editors; every other step tells the authors.
TO_EDITORS = {"submit", "resubmit", "withdraw"}
EDITOR_GROUP = "Editor"


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    language: str
    trusted: bool = True  # False: an address nobody confirmed, told only what is public


def step_taken(sender: object, event: ArticleEvent, notify: bool, **kwargs: object) -> None:
    """Receiver of articles.workflow.events.step_taken: the e-mails a step sends, if any."""
    if notify:
        send_event_emails(event.pk)


def send_event_emails(event_pk: int) -> int:
    """Send the e-mails for one event; returns how many went out. Never raises."""
    try:
        event = ArticleEvent.objects.select_related("article__series").get(pk=event_pk)
        recipients = (
            editor_recipients(event.article)
            if event.action in TO_EDITORS
            else author_recipients(event.article, first_publication=is_first_publication(event))
        )
        for recipient in recipients:
            build_email(event, recipient).send()
        return len(recipients)
    except Exception:  # an e-mail must never undo or break the decision it reports
        logger.exception("Could not send the e-mails for workflow event %s", event_pk)
        return 0


def _user_language(user: User) -> str:
    contributor = getattr(user, "contributor", None)
    return contributor.language if contributor else settings.LANGUAGE_CODE


def editor_recipients(article: Article) -> list[Recipient]:
    series, handling = article.series, article.handling_editor
    users = list(series.editors.filter(is_active=True)) if series is not None else []
    if handling is not None and handling.is_active:
        users = [handling, *users]
    if not users:
        users = list(get_user_model().objects.filter(groups__name=EDITOR_GROUP, is_active=True))
    seen, recipients = set(), []
    for user in users:
        if user.email and user.email.lower() not in seen:
            seen.add(user.email.lower())
            name = user.get_full_name() or user.get_username()
            recipients.append(Recipient(user.email, name, _user_language(user)))
    return recipients


def is_first_publication(event: ArticleEvent) -> bool:
    """Whether `event` made the piece public for the first time (not a later language)."""
    return (
        event.action == "publish"
        and event.to_status == Status.PUBLISHED
        and not ArticleEvent.objects.filter(
            article_id=event.article_id, action="publish", pk__lt=event.pk
        ).exists()
    )


def author_recipients(article: Article, *, first_publication: bool = False) -> list[Recipient]:
    seen, recipients = set(), []
    authorships = article.authorships.filter(role="author").select_related("contributor__user")
    public = article.published_languages() if first_publication else []
    for authorship in authorships:
        contributor = authorship.contributor
        name = authorship.name or contributor.display_name
        email, language, trusted = contributor.trusted_email, contributor.language, True
        if not email and public and not contributor.user_id:
            # Told in a language the piece is read in, so the link is to its public page.
            email, trusted = contributor.contact_email, False
            language = language if language in public else public[0]
        if email and email.lower() not in seen:
            seen.add(email.lower())
            recipients.append(Recipient(email, name, language, trusted))
    return recipients


def _texts(action: str, language: str) -> tuple[str, str]:
    with override(language):
        template = NotificationTemplate.objects.filter(action=action).first()
        if template is not None and template.subject and template.body:
            return template.subject, template.body
    defaults = DEFAULT_TEMPLATES.get(action) or DEFAULT_TEMPLATES["accept"]
    return defaults.get(language) or defaults[settings.LANGUAGE_CODE]


def _link(event: ArticleEvent, recipient: Recipient) -> str:
    article = event.article
    with override(recipient.language):
        if event.action in TO_EDITORS:
            path = reverse("admin:articles_article_change", args=[article.pk])
        elif event.to_status == Status.PUBLISHED and article.is_published(recipient.language):
            path = article.get_absolute_url()
        else:
            path = reverse("submissions:detail", args=[article.pk])
    return absolute_url(path)


def build_email(event: ArticleEvent, recipient: Recipient) -> EmailMultiAlternatives:
    article = event.article
    language = recipient.language
    title = (
        article.localized("title", language)
        or article.localized("title", article.original_language)
        or article.slug
    )
    with override(language):
        values = {
            "title": title,
            "name": recipient.name,
            "status": str(Status(event.to_status).label),
            "message": event.message if recipient.trusted else "",
            "url": _link(event, recipient),
        }
        subject_template, body_template = _texts(event.action, language)
        # safe_substitute: a stray "$" an editor typed stays as it is.
        subject = " ".join(Template(subject_template).safe_substitute(values).split())
        body = Template(body_template).safe_substitute(values).strip()
        html = render_to_string(
            "emails/notification.html",
            {"subject": subject, "body": body, "url": values["url"], "language": language},
        )
    message = EmailMultiAlternatives(
        subject=subject[:200],
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        headers={"Content-Language": language},
    )
    message.attach_alternative(html, "text/html")
    return message
