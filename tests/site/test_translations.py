"""The Spanish interface is complete: the catalogue is full and /es/ pages show no English."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.site.conftest import not_found_urls, public_urls
from tests.site.html import read

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
TEMPLATES = Path(settings.BASE_DIR) / "templates"
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]|\{\{.*?\}\}")


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (a list) and flags."""
    entries, entry, key = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry and "msgid" in entry:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry if entry is not None else {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(key, int):
                entry["msgstr"][key] += value
            else:
                entry[key] += value
        else:
            name, value = line.split(" ", 1)
            match = re.fullmatch(r"msgstr\[(\d)\]", name)
            key = int(match.group(1)) if match else (0 if name == "msgstr" else name)
            if isinstance(key, int):
                entry["msgstr"][key] = ast.literal_eval(value)
            else:
                entry[key] = ast.literal_eval(value)
    return entries


def messages() -> list[dict]:
    return [entry for entry in parse_po(CATALOGUE) if entry["msgid"]]


def test_the_spanish_catalogue_has_no_empty_or_fuzzy_entries():
    entries = messages()
    assert len(entries) > 100
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    assert [e["msgid"] for e in entries if not all(e["msgstr"].values())] == []


def test_every_plural_has_all_the_forms_the_language_needs():
    header = parse_po(CATALOGUE)[0]["msgstr"][0]
    forms = int(re.search(r"nplurals=(\d)", header).group(1))
    plurals = [e for e in messages() if "msgid_plural" in e]
    assert plurals
    assert all(len(e["msgstr"]) == forms for e in plurals)


def test_translations_keep_their_placeholders():
    for entry in messages():
        expected = sorted(re.findall(r"%\(\w+\)[sdr]", entry["msgid"]))
        for text in entry["msgstr"].values():
            found = sorted(re.findall(r"%\(\w+\)[sdr]", text))
            # A singular may drop the count ("1 texto" is fine as "un texto").
            assert set(found) <= set(expected) or not expected, entry["msgid"]
            if "msgid_plural" not in entry:
                assert found == expected, entry["msgid"]


def template_strings() -> set[str]:
    """The interface strings our templates mark for translation (as makemessages sees them)."""
    found = set()
    for path in TEMPLATES.rglob("*.html"):
        source = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'{%\s*translate\s+"([^"]+)"', source))
        found |= set(re.findall(r"{%\s*translate\s+'([^']+)'", source))
        for block in re.findall(
            r"{%\s*blocktranslate[^%]*%}(.*?){%\s*endblocktranslate", source, re.S
        ):
            singular = re.split(r"{%\s*plural\s*%}", block)[0]
            singular = re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", singular)
            found.add(" ".join(singular.split()))
    return found


def test_every_template_string_is_in_the_catalogue():
    catalogue = {entry["msgid"] for entry in messages()}
    assert template_strings() - catalogue == set()


def untranslated(text: str, entries: list[dict]) -> set[str]:
    """English interface strings found in `text`, except words Spanish uses too ("series")."""
    spanish = " ".join(text for entry in entries for text in entry["msgstr"].values())
    leaks = set()
    for entry in entries:
        for msgid in filter(None, (entry["msgid"], entry.get("msgid_plural"))):
            if msgid in entry["msgstr"].values():
                continue
            chunks = _PLACEHOLDER.split(msgid)
            for chunk in chunks:
                words = chunk.strip(" .,:;·()“”\"'")
                # A lone short word between placeholders ("The", "by") is too common to test.
                shortest = 2 if len(chunks) == 1 else 5
                if len(words) < shortest or not re.search(r"[A-Za-z]", words):
                    continue
                pattern = rf"(?<!\w){re.escape(words)}(?!\w)"
                if re.search(pattern, text) and not re.search(pattern, spanish):
                    leaks.add(words)
    return leaks


def test_spanish_pages_show_no_english_interface_strings(client, library):
    entries = messages()
    for url in public_urls(library, "es") + not_found_urls("es"):
        page = read(client.get(url))
        # Addresses printed in citations ("/es/articles/…") are not interface text.
        text = re.sub(r"https?://\S+", "", page.text_in("es"))
        assert untranslated(text, entries) == set(), url


def test_the_scan_would_notice_an_english_label(client, library):
    # A guard for the guard: the same check on an English page finds English labels.
    page = read(client.get("/en/articles/both/"))
    assert {"Bibliography", "Keywords", "Skip to content"} <= untranslated(
        page.text_in("en"), messages()
    )
