"""What the importer and the exporter of the interchange format share (docs/interchange.md).

The format is a public contract: the JSON Schema beside this module describes its shape,
and interchange_import / interchange_export read and write it. This module holds the
pieces both need: reading and schema-checking a document, locating an error in it,
language maps, publication moments, and how a byline name relates to a profile name.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from django.db import models
from django.utils.text import slugify
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError

FORMAT = "colophon-interchange"
VERSION = 2
# Version 1 held bios and series/volume descriptions as plain text; version 2 holds them as
# short rich text (HTML). Both are read; a file without a version is read as version 1.
PLAIN_TEXT_VERSION = 1
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "interchange.schema.json"
SECTIONS = ("series", "volumes", "topics", "articles")


class InterchangeError(Exception):
    """An import or export that failed; `errors` holds one message per problem found."""

    def __init__(self, summary: str, errors: list[str]) -> None:
        super().__init__(summary)
        self.summary = summary
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join([self.summary, *(f"  {error}" for error in self.errors)])


def model_default(model: type[models.Model], name: str) -> Any:
    """What a field left out of a document item becomes: the model field's own default."""
    return cast(models.Field, model._meta.get_field(name)).get_default()  # not a reverse one


@lru_cache(maxsize=1)
def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Loc:
    """Where a value sits in the document: `articles[3] "slug": image.file`."""

    section: str = ""
    index: int | None = None
    label: str = ""
    path: str = ""

    def at(self, *parts: str | int) -> "Loc":
        path = self.path
        for part in parts:
            if isinstance(part, int):
                path += f"[{part}]"
            elif part:
                path = f"{path}.{part}" if path else part
        return Loc(self.section, self.index, self.label, path)

    def __str__(self) -> str:
        head = f'{self.section}[{self.index}] "{self.label}"' if self.section else ""
        return ": ".join(part for part in (head, self.path) if part) or "(document)"

    def error(self, message: str) -> str:
        return f"{self}: {_lower_first(message)}"


def _lower_first(message: str) -> str:
    # "The file is not…" reads better after a colon as "the file is not…"; keep "ORCID…".
    if len(message) > 1 and message[0].isupper() and message[1].islower():
        return message[0].lower() + message[1:]
    return message


def item_label(section: str, item: Any) -> str:
    if not isinstance(item, dict):
        return ""
    if section == "volumes":
        return f"{item.get('series', '?')} {item.get('number', '?')}"
    slug = item.get("slug")
    return slug if isinstance(slug, str) else ""


def item_loc(data: dict, section: str, index: int) -> Loc:
    items = data.get(section) if isinstance(data, dict) else None
    item = items[index] if isinstance(items, list) and index < len(items) else None
    return Loc(section, index, item_label(section, item))


def read_document(path: Path) -> dict:
    """Parse the JSON file, naming the line and column of a syntax error."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InterchangeError(f"{path}: no such file.", []) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InterchangeError(f"{path}: cannot be read ({exc}).", []) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            f"{path}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.", []
        ) from None


def schema_errors(data: Any) -> list[str]:
    """Every way the document departs from the JSON Schema, in document order."""
    validator = Draft202012Validator(load_schema())
    return [_describe(data, error) for error in sorted(validator.iter_errors(data), key=_order)]


_RANK = {name: position for position, name in enumerate(["format", "version", *SECTIONS])}


def _order(error: SchemaError) -> list:
    """Sections in the order they are imported, then items by index, then fields by name."""
    key = []
    for depth, part in enumerate(error.absolute_path):
        if isinstance(part, int):
            key.append((1, part, ""))
        elif depth == 0:
            key.append((0, _RANK.get(part, len(_RANK)), ""))
        else:
            key.append((2, 0, part))
    return key


def _describe(data: Any, error: SchemaError) -> str:
    path = list(error.absolute_path)
    loc = Loc()
    if len(path) >= 2 and path[0] in SECTIONS and isinstance(path[1], int):
        loc = item_loc(data, path[0], path[1])
        path = path[2:]
    loc = loc.at(*path)
    custom = error.schema.get("x-messages", {}) if isinstance(error.schema, dict) else {}
    # The validator sets these on every error it reports (the stubs allow for "unset").
    value: Any = error.instance
    validator_value: Any = error.validator_value
    match error.validator:
        case "required":
            missing = [name for name in validator_value if name not in value]
            return loc.at(missing[0] if missing else "").error("this field is required")
        case "additionalProperties":
            properties = cast(Mapping[str, Any], error.schema).get("properties", {})
            extra = sorted(set(value) - set(properties))
            return loc.error(f"unknown field(s): {', '.join(extra)}")
        case "type":
            expected = validator_value
            expected = " or ".join(expected) if isinstance(expected, list) else expected
            return loc.error(f"should be {_article(expected)}, not {_json_type(value)}")
        case "enum":
            options = ", ".join(json.dumps(option) for option in validator_value)
            return loc.error(f"{_short(value)} is not one of: {options}")
        case "minLength":
            return loc.error("cannot be empty")
        case _ if error.validator in custom:
            prefix = f"{_short(value)} " if error.validator == "pattern" else ""
            return loc.error(prefix + custom[error.validator])
    return loc.error(error.message if len(error.message) < 200 else error.message[:200] + "…")


def _article(type_name: str) -> str:
    return ("an " if type_name[0] in "aeiou" else "a ") + type_name


def _json_type(value: Any) -> str:
    for python_type, name in (
        (bool, "a boolean"),
        (int, "an integer"),
        (float, "a number"),
        (str, "a string"),
        (list, "an array"),
        (dict, "an object"),
    ):
        if isinstance(value, python_type):
            return name
    return "null"


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


# Publication moments ---------------------------------------------------------------------


def parse_moment(value: str) -> datetime:
    """A date is midnight UTC of that day; a date-time without an offset is UTC."""
    if len(value) == 10:
        return datetime.combine(date.fromisoformat(value), time.min, tzinfo=UTC)
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def format_moment(moment: datetime) -> str:
    """The inverse of parse_moment: a plain date when the moment is midnight UTC."""
    moment = moment.astimezone(UTC)
    if moment.time() == time.min:
        return moment.date().isoformat()
    return moment.isoformat().replace("+00:00", "Z")


# Names -----------------------------------------------------------------------------------


def full_name(given: str, family: str) -> str:
    return " ".join(part for part in (given, family) if part)


def profile_name_from_byline(byline: str, given: str, family: str, organisation: bool) -> str:
    """The Contributor.name an author item implies when it gives no profile name.

    A person whose byline is just their given and family names keeps an empty display
    name, so the profile follows later edits of those names; any other byline (or an
    organisation's) becomes the display name.
    """
    if organisation:
        return byline
    return "" if byline in ("", full_name(given, family)) else byline


def author_slug(item: dict) -> str:
    """An author item's slug, or one made from its name when it has none."""
    return item.get("slug") or slugify(
        item.get("name") or full_name(item.get("given", ""), item.get("family", ""))
    )
