"""Credits read from real-world WordPress captions, or flagged for an editor."""

import pytest

from wordpress.importing.credits import Credit, parse_credit

BY_2 = "https://creativecommons.org/licenses/by/2.0/"


def test_the_attribution_pattern_with_linked_title_and_deed_is_read_whole():
    caption = (
        '<a href="https://commons.wikimedia.org/wiki/File:Fence.jpg">The Wrong Side of the '
        f'Fence</a> by Jason Jacobs, <a href="{BY_2}">CC BY 2.0</a>'
    )
    assert parse_credit(caption, fallback_title="fence") == Credit(
        title="The Wrong Side of the Fence",
        creator="Jason Jacobs",
        licence="CC-BY-2.0",
        source_url="https://commons.wikimedia.org/wiki/File:Fence.jpg",
        year=None,
        caption="",
        needed=False,
    )


def test_openverses_attribution_with_a_linked_creator_and_a_query_on_the_deed():
    caption = (
        '<a href="https://www.flickr.com/photos/x/1">"Border wall"</a> by <a '
        'href="https://www.flickr.com/photos/x">Ana Ruiz</a> is licensed under <a '
        'href="https://creativecommons.org/licenses/by-nc-sa/2.0/?ref=openverse">CC BY-NC-SA '
        "2.0</a>."
    )
    credit = parse_credit(caption)
    assert (credit.title, credit.creator, credit.licence, credit.source_url) == (
        "Border wall",
        "Ana Ruiz",
        "CC-BY-NC-SA-2.0",
        "https://www.flickr.com/photos/x/1",
    )
    assert not credit.needed


def test_a_caption_before_the_credit_stays_the_caption():
    caption = (
        'Families wait at the border. <a href="https://flickr.com/p/2">The Wrong Side of the '
        f'Fence</a> by Jason Jacobs, <a href="{BY_2}">CC BY 2.0</a>, via Flickr'
    )
    credit = parse_credit(caption)
    assert credit.caption == "Families wait at the border."
    assert (credit.title, credit.creator, credit.licence) == (
        "The Wrong Side of the Fence",
        "Jason Jacobs",
        "CC-BY-2.0",
    )


def test_spanish_por_is_read_like_by():
    credit = parse_credit("El otro lado del muro por Ana Pérez, CC BY-NC-SA 4.0")
    assert (credit.title, credit.creator, credit.licence, credit.needed) == (
        "El otro lado del muro",
        "Ana Pérez",
        "CC-BY-NC-SA-4.0",
        False,
    )


@pytest.mark.parametrize(
    ("caption", "caption_left", "creator", "licence"),
    [
        ("Families at the border. Photo: Jason Jacobs, CC BY-SA 4.0", "Families at the border.",
         "Jason Jacobs", "CC-BY-SA-4.0"),
        ("Foto: Ana Pérez, bajo licencia CC BY 4.0", "", "Ana Pérez", "CC-BY-4.0"),
        ("Un campamento en Colombia. Fotografía de Luis Mora (CC BY-NC 2.0)",
         "Un campamento en Colombia.", "Luis Mora", "CC-BY-NC-2.0"),
        ("Photo by John Doe / CC BY-ND 3.0", "", "John Doe", "CC-BY-ND-3.0"),
        ("Image credit: UNHCR/Andrew McConnell, CC BY-NC 4.0", "", "UNHCR/Andrew McConnell",
         "CC-BY-NC-4.0"),
    ],
)  # fmt: skip
def test_photo_prefixes_start_the_credit_and_the_title_falls_back(
    caption, caption_left, creator, licence
):
    credit = parse_credit(caption, fallback_title="camp.jpg")
    assert (credit.caption, credit.creator, credit.licence) == (caption_left, creator, licence)
    assert credit.title == "camp.jpg"
    assert not credit.needed


def test_a_quoted_title_licensed_under_the_licence():
    credit = parse_credit(
        '"The Wrong Side of the Fence" by Jason Jacobs is licensed under CC BY 2.0.'
    )
    assert (credit.title, credit.creator, credit.licence) == (
        "The Wrong Side of the Fence",
        "Jason Jacobs",
        "CC-BY-2.0",
    )


def test_wikimedias_attribution_names_the_creator_before_the_licence():
    caption = (
        'Jason Jacobs, <a href="https://creativecommons.org/licenses/by-sa/4.0">CC BY-SA 4.0</a>'
        ", via Wikimedia Commons"
    )
    credit = parse_credit(caption, fallback_title="Fence")
    assert (credit.title, credit.creator, credit.licence, credit.caption) == (
        "Fence",
        "Jason Jacobs",
        "CC-BY-SA-4.0",
        "",
    )


@pytest.mark.parametrize(
    ("deed", "licence"),
    [
        ("https://creativecommons.org/licenses/by-sa/4.0/", "CC-BY-SA-4.0"),
        ("http://creativecommons.org/licenses/by-nc-nd/3.0/deed.es", "CC-BY-NC-ND-3.0"),
        ("https://creativecommons.org/licenses/by/2.5/legalcode", "CC-BY-2.5"),
        ("https://creativecommons.org/publicdomain/zero/1.0/", "CC0-1.0"),
        ("https://creativecommons.org/publicdomain/mark/1.0/", "LicenseRef-Public-Domain"),
    ],
)
def test_a_deed_link_anywhere_gives_the_licence(deed, licence):
    credit = parse_credit(f'Map of the region by USGS (<a href="{deed}">licence</a>)')
    assert credit.licence == licence
    assert credit.creator == "USGS"
    assert credit.title == "Map of the region"


def test_licences_written_out_in_words():
    credit = parse_credit(
        "Camp by Ana Ruiz, Creative Commons Attribution-ShareAlike 4.0 International License"
    )
    assert credit.licence == "CC-BY-SA-4.0"
    credit = parse_credit("Campo por Ana Ruiz, Creative Commons Reconocimiento-NoComercial 4.0")
    assert credit.licence == "CC-BY-NC-4.0"


def test_a_year_in_the_credit_is_read_apart_from_the_name():
    credit = parse_credit("Photo: © 2019 Maria Gómez, CC BY 4.0", fallback_title="Market")
    assert (credit.creator, credit.year, credit.licence) == ("Maria Gómez", 2019, "CC-BY-4.0")


@pytest.mark.parametrize(
    "caption",
    [
        "Displaced families in Honduras.",
        "Photo: UNHCR/John Smith",
        "The Wrong Side of the Fence by Jason Jacobs, CC BY",  # no version: which licence?
        "Old map of the region, public domain",  # nobody named
        "",
    ],
)
def test_anything_else_needs_a_credit_and_keeps_the_whole_caption(caption):
    credit = parse_credit(caption, fallback_title="Fence")
    assert credit.needed
    assert (credit.title, credit.creator, credit.licence) == ("Fence", "", "")
    assert credit.caption == caption


def test_a_caption_with_markup_is_returned_as_plain_text_when_a_credit_is_needed():
    credit = parse_credit("A <em>camp</em><br>in <strong>2019</strong>")
    assert credit.needed
    assert credit.caption == "A camp in 2019"


@pytest.mark.parametrize(
    ("caption", "creator", "licence"),
    [
        ("Photo by Jason Jacobs via Flickr, CC BY 2.0", "Jason Jacobs", "CC-BY-2.0"),
        ("Autora: Ana Ruiz. Licencia: CC BY-SA 4.0", "Ana Ruiz", "CC-BY-SA-4.0"),
        ("Author: Jane Roe, licensed under CC BY 3.0", "Jane Roe", "CC-BY-3.0"),
        ("Foto de Juan Pérez en Wikimedia Commons (CC BY 2.5)", "Juan Pérez", "CC-BY-2.5"),
        ("Fotografía: Luis Mora / CC0", "Luis Mora", "CC0-1.0"),
    ],
)
def test_more_real_world_credit_lines(caption, creator, licence):
    credit = parse_credit(caption, fallback_title="picture")
    assert (credit.creator, credit.licence, credit.needed) == (creator, licence, False)


@pytest.mark.parametrize(
    "caption",
    [
        "Photo by Jane Doe on Unsplash",  # the Unsplash licence is no Creative Commons one
        "(c) UNHCR/John Smith",
        "Source: Wikimedia Commons",
        "All rights reserved",
    ],
)
def test_credits_without_a_creative_commons_licence_are_needed(caption):
    assert parse_credit(caption).needed


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(document.cookie)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/x",
        "/relative/page",
    ],
)
def test_a_title_link_that_is_not_an_http_address_is_not_kept_as_the_source(href):
    caption = f'<a href="{href}">Sunset</a> by Ana Ruiz, <a href="{BY_2}">CC BY 2.0</a>'

    credit = parse_credit(caption)

    assert (credit.title, credit.creator, credit.licence) == ("Sunset", "Ana Ruiz", "CC-BY-2.0")
    assert credit.source_url == ""
