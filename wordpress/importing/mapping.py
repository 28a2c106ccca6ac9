"""The mapping file: how an export's categories, tags and custom fields become Colophon's
series, volumes, topics, keywords and fields, and which posts translate which.

A TOML file an editor edits (docs/migrating-from-wordpress.md explains every key). The
dry run prints the default it would use and can write it (`write_mapping`) to start from.
"""

from dataclasses import dataclass, field
from pathlib import Path


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


def load_mapping(path: Path | str) -> Mapping:
    """Read and check a mapping file; MappingError names the key and what is wrong."""
    raise NotImplementedError


def parse_mapping(text: str) -> Mapping:
    raise NotImplementedError


def write_mapping(
    mapping: Mapping, path: Path | str, *, notes: dict[str, str] | None = None
) -> None:
    """Write `mapping` as a commented TOML file (tomlkit); `notes` adds a comment per
    category slug (e.g. "12 posts, 2019 to 2023")."""
    raise NotImplementedError
