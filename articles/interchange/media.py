"""Image files for the interchange format: reading them safely, storing them reversibly.

A document names its images by paths relative to the JSON file. Those paths are refused
when they could reach outside that folder, and every file is re-encoded by
reencode_image() before it is stored. The files an import writes are remembered so that
a failed import can delete them; files it replaces are deleted only after the
transaction commits, because until then the database still points at them.
"""

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models.fields.files import FieldFile

from articles.models import BodyFigure, FeaturedImage
from colophon.lib.folders import OutsideFolder, file_inside, read_head
from colophon.lib.images import reencode_image
from contributors.models import Contributor


@dataclass
class Picture:
    """An image read from beside a document: its bytes as given and as re-encoded."""

    source: bytes
    clean: bytes
    name: str

    def digests(self) -> set[str]:
        return {_digest(self.source), _digest(self.clean)}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_picture(base: Path, relative: str) -> tuple[Picture | None, str]:
    """Read and re-encode the image at `relative` under `base`; or say why it cannot be."""
    outside = 'must be a path inside the JSON file\'s folder (no "..", not absolute)'
    try:
        path = file_inside(base, relative.replace("\\", "/"))
    except OutsideFolder:
        return None, f"{relative!r} {outside}"
    if path is None:
        return None, f"there is no file {relative!r} beside the JSON file"
    # One byte past the limit is enough for reencode_image to refuse the file.
    return reencoded(read_head(path, settings.COLOPHON_IMAGE_MAX_BYTES), path.name)


def reencoded(source: bytes, name: str) -> tuple[Picture | None, str]:
    """`source` re-encoded as an upload is (colophon.lib.images); or why it cannot be."""
    try:
        clean = reencode_image(io.BytesIO(source), name)
    except ValidationError as exc:
        return None, " ".join(exc.messages)
    clean.seek(0)
    return Picture(source, clean.read(), cast(str, clean.name)), ""  # named by reencode_image


def stored_digest(fieldfile: FieldFile) -> str | None:
    if not fieldfile:
        return None
    try:
        with fieldfile.storage.open(cast(str, fieldfile.name), "rb") as handle:
            return _digest(handle.read())
    except OSError:
        return None


class Media:
    """The media files one import writes and replaces."""

    def __init__(self) -> None:
        self.written: list[tuple[Storage, str]] = []
        self.new_folders: list[Path] = []

    def store(self, fieldfile: FieldFile, picture: Picture) -> bool:
        """Put `picture` in `fieldfile` unless it already holds the same image; True if it did.

        The stored file is compared with both the given and the re-encoded bytes: the first
        matches a file exported from this site, the second a source image imported before.
        """
        if stored_digest(fieldfile) in picture.digests():
            return False
        old = fieldfile.name if fieldfile else ""
        name = fieldfile.field.generate_filename(fieldfile.instance, picture.name)
        self._note_new_folders(fieldfile.storage, name)
        # Saved under the name whose new folders were just noted: FieldFile.save would ask
        # upload_to again, and an image's upload_to draws a random folder each time
        # (colophon/lib/images.py). A committed FieldFile is not re-encoded by pre_save.
        storage, field = fieldfile.storage, fieldfile.field
        fieldfile.name = storage.save(name, ContentFile(picture.clean), field.max_length)
        setattr(fieldfile.instance, field.attname, fieldfile.name)
        fieldfile._committed = True  # type: ignore[attr-defined]  # private Django API
        self.written.append((fieldfile.storage, fieldfile.name))
        if old:
            self._delete_after_commit(fieldfile.storage, old)
        return True

    def delete_after_commit(self, fieldfile: FieldFile) -> None:
        if fieldfile:  # a file is there, so it has a name
            self._delete_after_commit(fieldfile.storage, cast(str, fieldfile.name))

    def _delete_after_commit(self, storage: Storage, name: str) -> None:
        transaction.on_commit(lambda: _delete_if_unused(storage, name))

    def _note_new_folders(self, storage: Storage, name: str) -> None:
        try:
            folder = Path(storage.path(name)).parent
            root = Path(storage.path(""))
        except NotImplementedError:  # storages without local paths have no folders to tidy
            return
        while (folder == root or root in folder.parents) and not folder.exists():
            if folder not in self.new_folders:
                self.new_folders.append(folder)
            folder = folder.parent

    def discard(self) -> None:
        """Delete what a failed import wrote, and the folders it created for it."""
        for storage, name in reversed(self.written):
            storage.delete(name)
        self.written.clear()
        for folder in sorted(self.new_folders, key=lambda p: len(p.parts), reverse=True):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        self.new_folders.clear()


def _delete_if_unused(storage: Storage, name: str) -> None:
    # Another row may have been pointed at the same name since; never delete a file in use.
    if FeaturedImage.objects.filter(file=name).exists():
        return
    if BodyFigure.objects.filter(file=name).exists():
        return
    if Contributor.objects.filter(photo=name).exists():
        return
    storage.delete(name)
