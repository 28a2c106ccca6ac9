"""A first look at a file offered as a WordPress export, before it is parsed."""

from typing import IO

# What an export file is when it is not XML, by its first bytes: WordPress's own export
# can be downloaded compressed, and the wrong file is easily picked in an upload form.
SNIFF_BYTES = 512
_NOT_XML = (
    (b"\x1f\x8b", "a gzip archive: unpack it (gunzip) and import the .xml file inside"),
    (b"PK\x03\x04", "a zip archive: unpack it and import the .xml file inside"),
    (b"%PDF", "a PDF document, not a WordPress export"),
    (b"\x89PNG", "an image, not a WordPress export"),
    (b"\xff\xd8\xff", "an image, not a WordPress export"),
    (b"GIF8", "an image, not a WordPress export"),
)


def not_an_export(source: str | IO[bytes]) -> str:
    """Why the file cannot be an export, by its first bytes: empty, or plainly of another
    kind, which the XML parser would only call "not well-formed"; "" when it may be one."""
    if isinstance(source, str):
        try:
            with open(source, "rb") as handle:
                head = handle.read(SNIFF_BYTES)
        except OSError as error:
            return f"The file cannot be read: {error.strerror or error}"
    elif source.seekable():
        start = source.tell()
        head = source.read(SNIFF_BYTES)
        source.seek(start)
    else:
        return ""
    if len(head) < SNIFF_BYTES and not head.strip():
        return "The file is empty: export again with Tools → Export in WordPress."
    for magic, what in _NOT_XML:
        if head.startswith(magic):
            return f"The file is {what}."
    return ""
