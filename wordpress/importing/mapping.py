"""The mapping file: how an export's categories, tags and custom fields become Colophon's
series, volumes, topics, keywords and fields, and which posts translate which.

A TOML file an editor edits. The dry run prints the default it would use and can write it
(`write_mapping`) to start from; every key is optional, and a missing key keeps its default.

Top level
---------
``default_language = "en"``
    The language of posts whose export names none (no Polylang or WPML data): one of the
    site's language codes ("en", "es").
``default_series = ""``
    The slug of a series for posts in no category that becomes a series. Empty: such
    posts get no series and no volume (they import as accepted, not published, and the
    report says so).
``tags = "keywords"``
    What the export's tags become: ``"keywords"`` (each tag's name a keyword of the
    piece) or ``"topics"`` (each tag a topic).
``pairs = [[12, 34], [15, 40]]``
    Translation pairs the export cannot tell itself (a WPML site exported without WPML's
    export add-on, or two posts never linked in Polylang): lists of WordPress post IDs
    that are one piece, in any order; the earliest post is the original. Each list has two
    or more IDs, and no ID is in two lists. The dry run suggests pairs to copy here.

``[fields]``
------------
One line per custom field (a post's meta key, as the export spells it) that Colophon
should read, saying which field of the piece it fills::

    [fields]
    subtitle = "subtitle"        # the custom field "subtitle" is the piece's subtitle
    article_doi = "doi"          # its DOI
    extra_keywords = "keywords"  # more keywords, comma-separated
    issue_number = "volume"      # the volume number, for series with volumes = "field"

The values are ``subtitle``, ``doi``, ``keywords`` and ``volume``.

``[categories.<slug>]``
-----------------------
One table per category of the export, by the category's slug (the part of its archive
URL after /category/). A category not listed is ignored. Keys:

``becomes``
    Required: ``"series"``, ``"topic"`` or ``"ignore"``.
``slug``
    The Colophon series' or topic's slug; the category's slug when empty. Two categories
    with one slug are one series (an English and a Spanish category, for example).
``title``, ``title_es``
    The series' title (or the topic's name) in English and in Spanish, used when the
    series or topic does not exist yet.
``group``
    Topics only: the topic's group, ``"theme"``, ``"region"`` or ``"programme"``, or empty.
``volumes``
    Series only: how a piece gets its volume number. ``"order"``: publication order in
    the series (the first piece is volume 1, the next volume 2, …, by the date of each
    piece's original post). ``"title"``: the number matched by ``volume_pattern`` in the
    original post's title. ``"field"``: the whole number in the custom field
    ``volume_field``. Pieces that share a volume number are placed in it by date.
``volume_pattern``
    For ``volumes = "title"``: a regular expression (Python syntax) whose first group is
    the number; the default matches "Vol. 4", "Vol 4" and "Volume 4". Write it in single
    quotes so backslashes stay as typed: ``volume_pattern = '\\bNo\\.\\s*(\\d+)'``.
``volume_field``
    For ``volumes = "field"``: the custom field holding the number. Required then.

An example::

    default_language = "en"
    tags = "keywords"
    pairs = [[812, 1040]]

    [categories.internal-displacement]
    becomes = "series"
    title = "Internal Displacement in the Context of Organised Criminal Violence"
    title_es = "Desplazamiento interno en contextos de violencia criminal organizada"
    volumes = "title"
    volume_pattern = '\\bVol\\.?\\s*(\\d+)'

    [categories.idps]
    becomes = "topic"
    title = "IDPs"
    group = "theme"

    [categories.uncategorized]
    becomes = "ignore"

A mistake is reported with the key that holds it ("categories.idps.volumes: …"), and
nothing is imported until the file is right.
"""

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit

from articles.models import Topic
from colophon.lib.languages import language_codes


class MappingError(ValueError):
    """A mapping file that cannot be used; the message names the key and the problem."""


@dataclass
class CategoryRule:
    category: str  # the category's slug in the export
    becomes: str  # "series", "topic" or "ignore"
    # series: the Colophon series' slug and title (created when it does not exist);
    # topic: the topic's slug, name and group.
    slug: str = ""
    title: str = ""
    title_es: str = ""
    group: str = ""  # a Topic.Group value for topics
    # series only: how pieces get their volume number: "order" (publication order in the
    # series, 1, 2, 3 …), "title" (the first group of `volume_pattern` matched in the
    # title), or "field" (the custom field `volume_field`).
    volumes: str = "order"
    volume_pattern: str = r"\bVol(?:ume)?\.?\s*(\d+)"
    volume_field: str = ""


@dataclass
class Mapping:
    categories: dict[str, CategoryRule] = field(default_factory=dict)
    # "keywords" or "topics": what the export's tags become.
    tags: str = "keywords"
    # A series for posts in no category mapped to a series ("" leaves them without a
    # volume: they import as accepted, not published, and the report says so).
    default_series: str = ""
    # Custom field (postmeta key) → piece field: "subtitle", "doi", "keywords", "volume".
    fields: dict[str, str] = field(default_factory=dict)
    # Translation pairs the export cannot say itself (WPML without its fields): lists of
    # WordPress post IDs that are one piece, any order; the earliest post is the original.
    pairs: list[list[int]] = field(default_factory=list)
    # The language of posts whose export says none ("en" or "es").
    default_language: str = "en"


BECOMES = ("series", "topic", "ignore")
TAGS = ("keywords", "topics")
FIELDS = ("subtitle", "doi", "keywords", "volume")
VOLUMES = ("order", "title", "field")
SLUG = re.compile(r"^[-\w]+$")
TOP_KEYS = ("default_language", "default_series", "tags", "pairs", "fields", "categories")
RULE_KEYS = (
    "becomes",
    "slug",
    "title",
    "title_es",
    "group",
    "volumes",
    "volume_pattern",
    "volume_field",
)


def load_mapping(path: Path | str) -> Mapping:
    """Read and check a mapping file; MappingError names the key and what is wrong."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise MappingError(f"Cannot read the mapping file {path}: {error}") from error
    return parse_mapping(text)


def parse_mapping(text: str) -> Mapping:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise MappingError(f"The mapping file is not valid TOML: {error}") from error
    _known(data, TOP_KEYS, "")
    defaults = Mapping()
    mapping = Mapping(
        tags=_choice(data, "tags", TAGS, "", defaults.tags),
        default_series=_slug(data, "default_series", ""),
        default_language=_choice(
            data, "default_language", tuple(language_codes()), "", defaults.default_language
        ),
        pairs=_pairs(data.get("pairs", [])),
    )
    fields = _table(data, "fields", "")
    for name in fields:
        mapping.fields[name] = _choice(fields, name, FIELDS, "fields.", "")
    categories = _table(data, "categories", "")
    for slug in categories:
        mapping.categories[slug] = _rule(slug, _table(categories, slug, "categories."))
    return mapping


def _rule(slug: str, data: dict[str, Any]) -> CategoryRule:
    where = f"categories.{slug}."
    _known(data, RULE_KEYS, where)
    if "becomes" not in data:
        raise MappingError(f"{where}becomes is missing: say series, topic or ignore.")
    rule = CategoryRule(category=slug, becomes=_choice(data, "becomes", BECOMES, where, ""))
    rule.slug = _slug(data, "slug", where)
    rule.title = _text(data, "title", where)
    rule.title_es = _text(data, "title_es", where)
    rule.group = _choice(data, "group", ("", *Topic.Group.values), where, "")
    rule.volumes = _choice(data, "volumes", VOLUMES, where, rule.volumes)
    rule.volume_pattern = _text(data, "volume_pattern", where) or rule.volume_pattern
    rule.volume_field = _text(data, "volume_field", where)
    try:
        groups = re.compile(rule.volume_pattern).groups
    except re.error as error:
        raise MappingError(
            f"{where}volume_pattern: {rule.volume_pattern!r} is not a regular expression "
            f"({error})."
        ) from error
    if groups < 1:
        raise MappingError(
            f"{where}volume_pattern: {rule.volume_pattern!r} has no group in parentheses "
            "around the number, e.g. 'Vol\\.\\s*(\\d+)'."
        )
    if rule.volumes == "field" and not rule.volume_field:
        raise MappingError(f'{where}volume_field is needed when volumes = "field".')
    return rule


def _known(data: dict[str, Any], keys: tuple[str, ...], where: str) -> None:
    for key in data:
        if key not in keys:
            raise MappingError(f"{where}{key}: unknown key; the keys here are {', '.join(keys)}.")


def _table(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise MappingError(f"{where}{key} must be a table ([{where}{key}]).")
    return value


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise MappingError(f"{where}{key}: {value!r} must be text in quotes.")
    return value


def _slug(data: dict[str, Any], key: str, where: str) -> str:
    value = _text(data, key, where)
    if value and not SLUG.match(value):
        raise MappingError(
            f"{where}{key}: {value!r} is not a slug (letters, digits, - and _ only)."
        )
    return value


def _choice(
    data: dict[str, Any], key: str, choices: tuple[str, ...], where: str, default: str
) -> str:
    value = data.get(key, default)
    if value not in choices:
        shown = ", ".join(f'"{c}"' for c in choices)
        raise MappingError(f"{where}{key}: {value!r} is not one of {shown}.")
    return str(value)


def _pairs(value: Any) -> list[list[int]]:
    if not isinstance(value, list):
        raise MappingError("pairs must be a list of lists of post IDs, e.g. [[12, 34]].")
    seen: set[int] = set()
    pairs = []
    for number, pair in enumerate(value, start=1):
        where = f"pairs[{number}]"
        if not isinstance(pair, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) and i > 0 for i in pair
        ):
            raise MappingError(f"{where}: {pair!r} must be a list of post IDs, e.g. [12, 34].")
        if len(set(pair)) < 2:
            raise MappingError(f"{where}: {pair!r} needs two or more different post IDs.")
        repeated = seen & set(pair)
        if repeated:
            raise MappingError(
                f"{where}: post {min(repeated)} is already in an earlier pair; put every "
                "translation of one piece in one list."
            )
        seen |= set(pair)
        pairs.append(list(pair))
    return pairs


def write_mapping(
    mapping: Mapping, path: Path | str, *, notes: dict[str, str] | None = None
) -> None:
    """Write `mapping` as a commented TOML file (tomlkit); `notes` adds a comment per
    category slug (e.g. "12 posts, 2019 to 2023")."""
    Path(path).write_text(mapping_text(mapping, notes=notes), encoding="utf-8")


def mapping_text(mapping: Mapping, *, notes: dict[str, str] | None = None) -> str:
    """The mapping file's text, as `write_mapping` writes it."""
    notes = notes or {}
    doc = tomlkit.document()
    for line in HEADER:
        doc.add(tomlkit.comment(line))
    doc.add(tomlkit.nl())
    _commented(
        doc, "default_language", mapping.default_language, "language of posts that name none"
    )
    _commented(
        doc, "default_series", mapping.default_series, "series for posts in no series category"
    )
    _commented(doc, "tags", mapping.tags, '"keywords" or "topics"')
    pairs = tomlkit.array()
    for pair in mapping.pairs:
        pairs.append(list(pair))
    _commented(doc, "pairs", pairs, "translations of one piece: [[12, 34], …], post IDs")
    fields = tomlkit.table()
    fields.add(tomlkit.comment('custom field = "subtitle" | "doi" | "keywords" | "volume"'))
    for name, becomes in mapping.fields.items():
        fields.add(name, becomes)
    doc.add("fields", fields)
    categories = tomlkit.table(is_super_table=True)
    for slug, rule in mapping.categories.items():
        categories.add(slug, _rule_table(rule, notes.get(slug, "")))
    doc.add("categories", categories)
    return tomlkit.dumps(doc)


HEADER = (
    "How a WordPress export becomes Colophon content (import_wordpress --mapping FILE).",
    "Each [categories.<slug>] says what a category becomes: a series, a topic, or nothing.",
    "Edit the values; a key left out keeps its default. docs/migrating-from-wordpress.md",
    "explains every key.",
)


def _commented(container: Any, key: str, value: Any, comment: str) -> None:
    item = tomlkit.item(value)
    item.comment(comment)
    container.add(key, item)


def _rule_table(rule: CategoryRule, note: str) -> Any:
    table = tomlkit.table()
    if note:
        table.add(tomlkit.comment(note))
    default = CategoryRule(category=rule.category, becomes=rule.becomes)
    _commented(table, "becomes", rule.becomes, '"series", "topic" or "ignore"')
    wanted = {
        "series": ("slug", "title", "title_es", "volumes", "volume_pattern", "volume_field"),
        "topic": ("slug", "title", "title_es", "group"),
        "ignore": (),
    }[rule.becomes]
    for key in RULE_KEYS[1:]:
        value = getattr(rule, key)
        if key in wanted or value != getattr(default, key):
            # A pattern's backslashes read as typed only in a literal ('…') string.
            literal = key == "volume_pattern" and "'" not in value and "\n" not in value
            item = tomlkit.string(value, literal=literal)
            item.comment(RULE_COMMENTS[key])
            table.add(key, item)
    return table


RULE_COMMENTS = {
    "slug": "the Colophon slug; the category's when empty",
    "title": "title (a topic's name) in English",
    "title_es": "title in Spanish",
    "group": 'topics: "theme", "region", "programme" or empty',
    "volumes": '"order" (publication order), "title" (volume_pattern) or "field"',
    "volume_pattern": 'volumes = "title": a regex whose first group is the number',
    "volume_field": 'volumes = "field": the custom field holding the number',
}
