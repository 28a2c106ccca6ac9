"""Where each WordPress record went, and which of the fields written since an editor changed.

A record is known by its site, kind and WordPress identifier (ImportedItem). Its
`source_hash` tells an unchanged record from a changed one; `written` holds a hash of each
field as the import last wrote it, so that a field whose value no longer has that hash was
edited in Colophon and is kept unless the run overwrites.
"""

import hashlib
import json
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from wordpress.models import ImportedItem

# Bumped when the import writes a record differently, so that every record is updated once.
IMPORT_VERSION = "1"


def digest(value: Any) -> str:
    """A stable hash of any JSON-like value (dates and other objects by their str())."""
    data = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


class Records:
    """The ImportedItem rows of one site."""

    def __init__(self, site: str) -> None:
        self.site = site

    def find(self, kind: str, wordpress_id: str | int) -> ImportedItem | None:
        return ImportedItem.objects.filter(
            site=self.site, kind=kind, wordpress_id=str(wordpress_id)
        ).first()

    def target[M: models.Model](
        self, kind: str, wordpress_id: str | int, model: type[M]
    ) -> tuple[ImportedItem | None, M | None]:
        """The record and the object it points at, if that object still exists."""
        record = self.find(kind, wordpress_id)
        # By id: ContentType caches its rows, but record.content_type would read one again.
        if record is None or record.content_type_id != ContentType.objects.get_for_model(model).pk:
            return record, None
        manager = getattr(model, "all_objects", None) or model._default_manager
        return record, manager.filter(pk=record.object_id).first()

    def remember(
        self,
        kind: str,
        wordpress_id: str | int,
        target: models.Model,
        *,
        source_hash: str = "",
        written: dict[str, Any] | None = None,
    ) -> ImportedItem:
        record, _created = ImportedItem.objects.update_or_create(
            site=self.site,
            kind=kind,
            wordpress_id=str(wordpress_id),
            defaults={
                "content_type": ContentType.objects.get_for_model(type(target)),
                "object_id": target.pk,
                "source_hash": source_hash,
                "written": written if written is not None else {},
            },
        )
        return record


class Fields:
    """Writes fields of one object on behalf of one WordPress record, keeping what an editor
    changed since that record last wrote it (unless `overwrite`)."""

    def __init__(self, obj: models.Model, written: dict[str, Any], *, overwrite: bool) -> None:
        self.obj = obj
        self.written = written  # shared: the pictures add their own records to it
        self.overwrite = overwrite
        self.kept: list[str] = []
        self.touched: set[str] = set()

    def may_write(self, name: str, current: Any) -> bool:
        """Whether the import may write `name`, whose value now is `current`; notes a field
        kept because an editor changed it."""
        before = self.written.get(name)
        if before is None or self.overwrite or digest(current) == before:
            return True
        if name not in self.kept:
            self.kept.append(name)
        return False

    def set(self, name: str, value: Any) -> None:
        if self.may_write(name, getattr(self.obj, name)):
            setattr(self.obj, name, value)
            self.touched.add(name)

    def wrote(self, name: str, stored: Any) -> None:
        """Record a value written some other way (relations), as it is now stored."""
        self.written[name] = digest(stored)

    def seal(self) -> dict[str, Any]:
        """The `written` hashes after the object was saved (and its text sanitised)."""
        for name in self.touched:
            self.written[name] = digest(getattr(self.obj, name))
        self.touched.clear()
        return self.written
