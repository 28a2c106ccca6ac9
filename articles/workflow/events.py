"""The one thing the rest of Colophon hears about a workflow step.

Every step goes through transition() (articles/workflow/steps.py), which, once the
outermost transaction has committed, sends `step_taken` exactly once. Nothing else reacts
to a step: the PDF renderer, the page cache, the search index and the e-mails each connect
a receiver in their app's ready() (see docs/architecture.md for the list, in order).

A receiver gets `event` (the ArticleEvent just written; `event.action` names the step and
`event.article_id` the piece) and `notify` (False when the step must e-mail nobody, such as
an import of old pieces). The step has already happened, so a receiver that fails must
log and carry on, never raise: the others still run (send_robust).
"""

import logging

from django.db import transaction
from django.dispatch import Signal

from articles.models.workflow import ArticleEvent

logger = logging.getLogger(__name__)

step_taken = Signal()


def announce(event: ArticleEvent, *, notify: bool) -> None:
    """Send `step_taken` for `event` once the transaction that wrote it commits."""
    transaction.on_commit(lambda: _send(event, notify))


def _send(event: ArticleEvent, notify: bool) -> None:
    for receiver, outcome in step_taken.send_robust(ArticleEvent, event=event, notify=notify):
        if isinstance(outcome, Exception):
            logger.error(
                "After the workflow step %s on piece %s, %s failed",
                event.action,
                event.article_id,
                getattr(receiver, "__qualname__", receiver),
                exc_info=outcome,
            )
