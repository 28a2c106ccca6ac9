"""What starts a new generation: every change to something readers can see.

The page cache knows no content model. Each content app declares, in its AppConfig.ready(),
what its readers see: watch() the models whose saves and deletes change public pages,
watch_m2m() their many-to-many tables, connect changed() to any signal that means "public
content changed" (a workflow step, a finished PDF render), and register a
schedule_source() for changes that happen later by themselves (a publication date).
`migrate`, which every deployment runs, starts a generation too, so pages made by older
code are not served by newer code.

Left unwatched because they change no public page: PDF render bookkeeping, search index
rows (rewritten inside the same transaction as the piece that caused them), workflow
events and notification templates, series editors, users, sessions, revisions, admin log
entries and task results.
"""

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from pagecache.generation import bump, schedule_source

__all__ = ["changed", "schedule_source", "watch", "watch_m2m"]


def changed(sender: object = None, using: str = "default", **kwargs: object) -> None:
    """A receiver for any signal that means public content has changed: a save or delete
    (raw ones from loaddata too), a workflow step, a finished render, `migrate`."""
    bump(using)


def relation_changed(sender, action: str, using: str = "default", **kwargs) -> None:
    if action.startswith("post_"):
        bump(using)


def watch(*models: str) -> None:
    """Start a generation on every save or delete of these models ("app_label.Model")."""
    for model in models:
        post_save.connect(changed, sender=model, dispatch_uid=f"pagecache-save-{model}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"pagecache-delete-{model}")


def watch_m2m(through: type[Model]) -> None:
    """Start a generation when rows are added to or removed from a many-to-many table."""
    m2m_changed.connect(
        relation_changed, sender=through, dispatch_uid=f"pagecache-m2m-{through._meta.label}"
    )
