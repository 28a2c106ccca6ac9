"""A .docx is a zip: what it unpacks to is capped before the converter reads any of it.

A 241 KB document that inflated to 59 MB once cost 87 s of CPU and 1.3 GB before the
body-length check refused its result. These tests build such documents for real.
"""

import io
import os
import random
import struct
import time
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article
from portal.body_import import docx_to_html
from tests.personas import client_for, docx_bytes, paragraph, post_submission, submission_form

# Enough to refuse a bomb: the upload, one chunk of it unpacked, and the zip's directory.
MEMORY_BOUND = 8_000_000
SECONDS_BOUND = 10
REPEATED = paragraph("Criminal groups displace families one household at a time.") * 1000
WORDS = [
    *("the", "law", "displacement", "criminal", "violence", "families", "protection"),
    *("state", "return", "durable", "solutions", "policy", "region", "municipality"),
]


def prose(megabytes: float, seed: int = 4) -> str:
    """Paragraphs of shuffled words: Word XML that compresses about as real text does."""
    words = random.Random(seed).choices(  # noqa: S311 (test text)
        WORDS, k=int(megabytes * 1_000_000 / 7.5)
    )
    return "".join(paragraph(" ".join(words[n : n + 60])) for n in range(0, len(words), 60))


def docx_parts(body_xml: str = "") -> dict[str, bytes]:
    """The parts of a minimal Word document, by name."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes(body_xml))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zipped(parts: dict[str, bytes | tuple[str, int]]) -> bytes:
    """A zip of `parts`; a (paragraphs, times) value becomes a document.xml whose body
    repeats them `times` over, written in chunks, never held whole."""
    head, tail = docx_parts("BODY")["word/document.xml"].split(b"BODY")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in parts.items():
            if isinstance(content, bytes):
                archive.writestr(name, content)
                continue
            paragraphs, times = content
            chunk = paragraphs.encode()
            with archive.open(name, "w", force_zip64=True) as part:
                part.write(head)
                for _ in range(times):
                    part.write(chunk)
                part.write(tail)
    return out.getvalue()


def bomb(megabytes: float) -> bytes:
    """A .docx whose word/document.xml is `megabytes` of repeated, highly compressible XML."""
    times = int(megabytes * 1_000_000) // len(REPEATED)
    return zipped({**docx_parts(), "word/document.xml": (REPEATED, times)})


def lying_about_size(data: bytes, name: str, declared: int) -> bytes:
    """The zip with `name`'s uncompressed size rewritten as `declared` in both its headers."""
    data = bytearray(data)
    encoded = name.encode()
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        local = archive.getinfo(name).header_offset
    # The local header carries the sizes in its zip64 extra field (force_zip64).
    name_length = struct.unpack("<H", data[local + 26 : local + 28])[0]
    extra = local + 30 + name_length
    assert data[extra : extra + 2] == b"\x01\x00"
    struct.pack_into("<Q", data, extra + 4, declared)
    # The central directory, which zipfile and the converter read, has a 32-bit size.
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(encoded)] != encoded:
        central = data.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, declared)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        assert archive.getinfo(name).file_size == declared
    return bytes(data)


def refusal(data: bytes) -> tuple[str, float, int]:
    """docx_to_html's message for `data`, the seconds it took and its peak of memory."""
    upload = SimpleUploadedFile("piece.docx", data)
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(ValidationError) as caught:
            docx_to_html(upload)
        seconds = time.monotonic() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return " ".join(caught.value.messages), seconds, peak


def test_a_zip_bomb_docx_is_refused_from_its_directory_quickly_and_in_little_memory():
    data = bomb(50)
    assert len(data) < 250_000
    message, seconds, peak = refusal(data)
    assert message == (
        "The .docx file expands to more than 10 MB (word/document.xml). "
        "Please send a smaller document."
    )
    assert seconds < SECONDS_BOUND
    assert peak < MEMORY_BOUND


def test_a_docx_whose_directory_understates_a_part_is_refused_while_unpacking_it():
    data = lying_about_size(bomb(50), "word/document.xml", 2_000)
    message, seconds, peak = refusal(data)
    assert message == (
        "The .docx file expands to more than 10 MB (word/document.xml). "
        "Please send a smaller document."
    )
    assert seconds < SECONDS_BOUND
    assert peak < MEMORY_BOUND


def test_a_docx_whose_directory_understates_a_small_part_is_refused_as_damaged():
    data = lying_about_size(bomb(0.9), "word/document.xml", 2_000)
    message, _seconds, peak = refusal(data)
    assert message == "The document could not be read; save it again as .docx and retry."
    assert peak < MEMORY_BOUND


def test_a_docx_of_text_under_the_part_cap_but_over_the_text_cap_is_refused():
    # The second part is one the converter never reads; it counts all the same.
    data = docx_bytes(prose(2.5), {"customXml/item1.xml": prose(2, seed=5)})
    message, _seconds, _peak = refusal(data)
    assert message == (
        "The .docx file expands to more than 4 MB of text. Please send a smaller document."
    )


def test_a_part_built_to_inflate_is_refused_by_its_compression_ratio():
    data = bomb(3)
    message, _seconds, _peak = refusal(data)
    assert message == (
        "A part of the .docx file (word/document.xml) expands more than 100 times; "
        "save the document again as .docx and retry."
    )


def test_a_docx_of_too_many_parts_is_refused():
    parts = docx_parts(paragraph("Text."))
    parts |= {f"customXml/item{n}.xml": b"<x/>" for n in range(1001 - len(parts))}
    message, _seconds, _peak = refusal(zipped(parts))
    assert message == (
        "The .docx file holds more than 1000 parts; a Word document has a few dozen."
    )


def test_a_long_document_with_a_photo_in_it_still_converts():
    photo = os.urandom(3_000_000)  # like a JPEG's, these bytes do not compress
    data = docx_bytes(prose(1.2), {"word/media/image1.jpeg": photo})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo("word/document.xml").file_size > 1_000_000
    html = docx_to_html(SimpleUploadedFile("piece.docx", data))
    assert html.startswith("<p>") and "municipality" in html


@pytest.mark.django_db
def test_the_portal_names_the_document_field_and_saves_nothing_for_a_zip_bomb(contributor, series):
    response = post_submission(
        client_for(contributor),
        submission_form(
            series, body_format="docx", docx=SimpleUploadedFile("piece.docx", bomb(50))
        ),
    )
    assert response.status_code == 400
    errors = response.context["body"].errors
    assert errors["docx"] == [
        "The .docx file expands to more than 10 MB (word/document.xml). "
        "Please send a smaller document."
    ]
    assert Article.objects.get().body_en == ""  # the draft has its first step only
