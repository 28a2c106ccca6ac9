"""A file named by a path that comes from outside (an export, a document), read only from
within the folder it must stay in."""

from pathlib import Path, PurePosixPath, PureWindowsPath


class OutsideFolder(ValueError):
    """The path could reach outside its folder."""


def file_inside(root: Path, relative: str) -> Path | None:
    """The file `relative` names below `root`, or None when there is none.

    Raises OutsideFolder for an absolute path, a drive, "..", a backslash or a NUL, and for
    a path that leaves the folder through a symbolic link (resolve() follows them).
    """
    posix = PurePosixPath(relative)
    if (
        "\\" in relative
        or "\x00" in relative
        or posix.is_absolute()
        or PureWindowsPath(relative).drive
        or ".." in posix.parts
    ):
        raise OutsideFolder(relative)
    folder = root.resolve()
    path = (folder / posix).resolve()
    if not path.is_relative_to(folder):
        raise OutsideFolder(relative)
    return path if path.is_file() else None


def read_head(path: Path, limit: int) -> bytes:
    """At most one byte past `limit` of the file: enough to tell that it is too large."""
    with path.open("rb") as handle:
        return handle.read(limit + 1)
