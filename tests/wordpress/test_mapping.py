import tomllib

import pytest

from wordpress.importing import mapping as mapping_module
from wordpress.importing.mapping import (
    CategoryRule,
    Mapping,
    MappingError,
    load_mapping,
    parse_mapping,
    write_mapping,
)

EXAMPLE = """
default_language = "es"
default_series = "notes"
tags = "topics"
pairs = [[812, 1040], [5, 6, 7]]

[fields]
subtitle = "subtitle"
issue_number = "volume"

[categories.internal-displacement]
becomes = "series"
title = "Internal Displacement"
title_es = "Desplazamiento interno"
volumes = "title"
volume_pattern = '\\bNo\\.\\s*(\\d+)'

[categories.idps]
becomes = "topic"
title = "IDPs"
group = "theme"

[categories.uncategorized]
becomes = "ignore"
"""


def test_it_reads_every_key_of_a_mapping_file():
    mapping = parse_mapping(EXAMPLE)
    assert mapping.default_language == "es"
    assert mapping.default_series == "notes"
    assert mapping.tags == "topics"
    assert mapping.pairs == [[812, 1040], [5, 6, 7]]
    assert mapping.fields == {"subtitle": "subtitle", "issue_number": "volume"}
    assert mapping.categories["internal-displacement"] == CategoryRule(
        category="internal-displacement",
        becomes="series",
        title="Internal Displacement",
        title_es="Desplazamiento interno",
        volumes="title",
        volume_pattern=r"\bNo\.\s*(\d+)",
    )
    assert mapping.categories["idps"].group == "theme"
    assert mapping.categories["uncategorized"].becomes == "ignore"


def test_an_empty_file_is_the_default_mapping():
    assert parse_mapping("") == Mapping()


def test_a_written_mapping_reads_back_equal_with_its_notes_as_comments(tmp_path):
    mapping = parse_mapping(EXAMPLE)
    mapping.categories["odd.slug"] = CategoryRule(category="odd.slug", becomes="ignore", title="x")
    path = tmp_path / "mapping.toml"
    write_mapping(mapping, path, notes={"idps": "12 posts, 2019 to 2023"})
    assert load_mapping(path) == mapping
    text = path.read_text()
    assert "# 12 posts, 2019 to 2023" in text
    assert "# How a WordPress export becomes Colophon content" in text
    assert "volume_pattern = '\\bNo\\.\\s*(\\d+)'" in text


def test_the_default_mapping_reads_back_equal(tmp_path):
    path = tmp_path / "mapping.toml"
    write_mapping(Mapping(), path)
    assert load_mapping(path) == Mapping()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour = 1", "colour: unknown key"),
        ("[categories.a]\nbecomes = 'series'\nvolume = 'order'", "categories.a.volume: unknown"),
        ("[categories.a]\ntitle = 'A'", "categories.a.becomes is missing"),
        ("[categories.a]\nbecomes = 'shelf'", "categories.a.becomes: 'shelf' is not one of"),
        ("[categories.a]\nbecomes = 'series'\nvolumes = 'chapter'", "categories.a.volumes"),
        (
            "[categories.a]\nbecomes = 'series'\nvolumes = 'title'\nvolume_pattern = 'Vol ('",
            r"categories.a.volume_pattern: 'Vol \(' is not a regular expression",
        ),
        (
            "[categories.a]\nbecomes = 'series'\nvolume_pattern = 'Vol \\d+'",
            "categories.a.volume_pattern: .* has no group",
        ),
        (
            "[categories.a]\nbecomes = 'series'\nvolumes = 'field'",
            'categories.a.volume_field is needed when volumes = "field"',
        ),
        ("[categories.a]\nbecomes = 'topic'\ngroup = 'colour'", "categories.a.group"),
        ("[categories.a]\nbecomes = 'series'\nslug = 'a b'", "categories.a.slug: 'a b' is not"),
        ("[categories.a]\nbecomes = 'series'\ntitle = 3", "categories.a.title: 3 must be text"),
        ("categories = 3", "categories must be a table"),
        ("tags = 'labels'", "tags: 'labels' is not one of"),
        ("default_language = 'fr'", "default_language: 'fr' is not one of"),
        ("[fields]\nsubtitle = 'summary'", "fields.subtitle: 'summary' is not one of"),
        ("pairs = [[12]]", r"pairs\[1\]: \[12\] needs two or more"),
        ("pairs = [[12, 12]]", r"pairs\[1\]: \[12, 12\] needs two or more"),
        ("pairs = [[1, 2], [3, 'x']]", r"pairs\[2\]: .* must be a list of post IDs"),
        ("pairs = [[1, 2], [2, 3]]", r"pairs\[2\]: post 2 is already in an earlier pair"),
        ("pairs = 12", "pairs must be a list"),
        ("tags = ", "not valid TOML"),
    ],
)
def test_a_mistake_is_reported_with_the_key_that_holds_it(text, message):
    with pytest.raises(MappingError, match=message):
        parse_mapping(text)


def test_a_missing_file_is_a_mapping_error(tmp_path):
    with pytest.raises(MappingError, match="Cannot read the mapping file"):
        load_mapping(tmp_path / "nowhere.toml")


def test_the_docstring_example_is_a_valid_mapping():
    doc = mapping_module.__doc__ or ""
    example = doc.split("An example::", 1)[1].split("A mistake is", 1)[0]
    text = "\n".join(line[4:] for line in example.splitlines())
    assert tomllib.loads(text)
    parsed = parse_mapping(text)
    assert parsed.categories["internal-displacement"].volume_pattern == r"\bVol\.?\s*(\d+)"
