import io

from tests.wordpress import wxr_files as w
from wordpress.importing.catalogue import (
    Attachment,
    Catalogue,
    GuestAuthor,
    build_catalogue,
    default_mapping,
)
from wordpress.importing.mapping import CategoryRule, Mapping

EN = ("language", "en", "English")
ES = ("language", "es", "Español")
LANGUAGE_TERMS = w.term(
    "language", "en", "English", description='a:1:{s:6:"locale";s:5:"en_US";}'
) + w.term("language", "es", "Español", description='a:1:{s:6:"locale";s:5:"es_ES";}')


def catalogue(*records: str, mapping: Mapping | None = None, **export) -> Catalogue:
    text = w.export(*records, **export)
    return build_catalogue(io.BytesIO(text.encode()), mapping or Mapping())


def polylang_site() -> Catalogue:
    """Three English posts, two of them translated into Spanish months later."""
    return catalogue(
        LANGUAGE_TERMS,
        w.polylang_group("pll_a", {"en": 12, "es": 34}),
        w.polylang_group("pll_b", {"en": 13, "es": 35}),
        w.item(
            12, date="2022-01-10 09:00:00", terms=[EN, ("post_translations", "pll_a", "pll_a")]
        ),
        w.item(
            13, date="2022-02-10 09:00:00", terms=[EN, ("post_translations", "pll_b", "pll_b")]
        ),
        w.item(14, date="2022-03-10 09:00:00", terms=[EN]),
        w.item(
            34, date="2022-06-01 09:00:00", terms=[ES, ("post_translations", "pll_a", "pll_a")]
        ),
        w.item(
            35, date="2022-07-01 09:00:00", terms=[ES, ("post_translations", "pll_b", "pll_b")]
        ),
    )


def test_polylang_translations_become_one_group_with_the_earlier_post_as_original():
    found = polylang_site()
    group = found.group_of(34)
    assert group is found.group_of(12)
    assert group.members == {"en": 12, "es": 34}
    assert group.original_language == "en"
    assert group.key == "post-12"
    assert group.how_paired == "polylang"
    assert found.group_of(14).members == {"en": 14}
    assert found.group_of(14).how_paired == ""
    assert found.posts[34].language == "es"
    assert found.warnings == []


def test_a_spanish_post_translated_into_english_later_has_spanish_as_its_original():
    found = catalogue(
        LANGUAGE_TERMS,
        w.polylang_group("pll_x", {"en": 21, "es": 20}),
        w.item(21, date="2023-05-01 09:00:00", terms=[EN, ("post_translations", "pll_x", "")]),
        w.item(20, date="2023-01-01 09:00:00", terms=[ES, ("post_translations", "pll_x", "")]),
    )
    group = found.group_of(21)
    assert group.original_language == "es"
    assert list(group.members) == ["es", "en"]
    assert group.key == "post-20"


def test_a_polylang_group_naming_a_post_not_in_the_file_is_warned_about():
    found = catalogue(
        LANGUAGE_TERMS,
        w.polylang_group("pll_a", {"en": 12, "es": 99}),
        w.item(12, terms=[EN, ("post_translations", "pll_a", "pll_a")]),
    )
    assert found.group_of(12).members == {"en": 12}
    assert any("names post 99" in warning for warning in found.warnings)


def test_a_polylang_language_slug_that_is_not_a_code_is_read_from_its_locale():
    found = catalogue(
        w.term("language", "espanol", "Español", description='a:1:{s:6:"locale";s:5:"es_MX";}'),
        w.item(5, terms=[("language", "espanol", "Español")]),
    )
    assert found.posts[5].language == "es"


def test_a_language_the_site_does_not_have_is_warned_about_and_the_default_used():
    found = catalogue(
        w.item(5, terms=[("language", "fr", "Français")]),
        mapping=Mapping(default_language="es"),
    )
    assert found.posts[5].language == "es"
    assert any("'fr'" in warning for warning in found.warnings)


def test_posts_that_say_no_language_get_the_mappings_default():
    found = catalogue(w.item(5), mapping=Mapping(default_language="es"))
    assert found.posts[5].language == "es"
    assert found.group_of(5).original_language == "es"


def test_wpml_export_fields_pair_posts():
    found = catalogue(
        w.item(
            7,
            meta=[("_wpml_import_language_code", "en"), ("_wpml_import_translation_group", "g1")],
        ),
        w.item(
            8,
            date="2023-09-01 00:00:00",
            meta=[("_wpml_import_language_code", "es"), ("_wpml_import_translation_group", "g1")],
        ),
    )
    assert found.group_of(8).members == {"en": 7, "es": 8}
    assert found.group_of(8).how_paired == "wpml"


def test_pairs_from_the_mapping_group_posts_and_a_pair_naming_a_missing_post_is_warned():
    found = catalogue(
        w.item(7, terms=[EN]),
        w.item(8, terms=[ES], date="2023-09-01 00:00:00"),
        w.item(9, terms=[ES]),
        mapping=Mapping(pairs=[[8, 7], [9, 404]]),
    )
    assert found.group_of(7).members == {"en": 7, "es": 8}
    assert found.group_of(7).how_paired == "mapping"
    assert found.group_of(9).members == {"es": 9}
    assert any("404 is not in the file" in warning for warning in found.warnings)


def test_co_authors_plus_guest_authors_and_bylines_are_read():
    found = catalogue(
        w.author("admin", id=1),
        w.item(
            50,
            "Jane Doe",
            type="guest-author",
            slug="cap-jane-doe",
            meta=[
                ("cap-display_name", "Jane Doe"),
                ("cap-first_name", "Jane"),
                ("cap-last_name", "Doe"),
                ("cap-user_email", "jane@example.org"),
                ("cap-website", "https://jane.example"),
                ("cap-description", "Jane studies displacement."),
                ("cap-linked_account", ""),
            ],
        ),
        w.item(
            12,
            terms=[("author", "cap-jane-doe", "jane-doe"), ("author", "cap-admin", "admin")],
        ),
        w.item(13, creator="admin"),
    )
    assert found.guest_authors["cap-jane-doe"] == GuestAuthor(
        id=50,
        slug="cap-jane-doe",
        display_name="Jane Doe",
        first_name="Jane",
        last_name="Doe",
        email="jane@example.org",
        website="https://jane.example",
        description="Jane studies displacement.",
        linked_login="",
    )
    assert found.posts[12].authors == ["cap-jane-doe", "cap-admin"]
    assert found.posts[13].authors == ["admin"]
    assert found.person("cap-jane-doe") is found.guest_authors["cap-jane-doe"]
    assert found.person("cap-admin") is found.authors["admin"]
    assert 50 not in found.posts


def test_attachments_keep_alt_caption_parent_and_type():
    found = catalogue(
        w.item(
            40,
            "Camp",
            type="attachment",
            status="inherit",
            parent=12,
            excerpt="The Wrong Side of the Fence by Jason Jacobs, CC BY 2.0",
            attachment_url="https://example.org/wp-content/uploads/2022/01/camp.jpg",
            meta=[("_wp_attachment_image_alt", "A fence at dusk")],
        ),
        w.item(12, meta=[("_thumbnail_id", "40")]),
    )
    attachment = found.attachments[40]
    assert isinstance(attachment, Attachment)
    assert attachment.alt == "A fence at dusk"
    assert attachment.caption.startswith("The Wrong Side")
    assert attachment.parent == 12
    assert attachment.mime == "image/jpeg"
    assert found.posts[12].thumbnail_id == 40


def test_revisions_menus_drafts_in_the_bin_and_auto_drafts_are_counted_and_skipped():
    found = catalogue(
        w.item(1),
        w.item(2, status="draft"),
        w.item(3, type="revision", status="inherit"),
        w.item(4, type="nav_menu_item"),
        w.item(5, status="auto-draft"),
        w.item(6, status="trash"),
        w.item(7, type="page"),
        w.item(8, type="attachment", status="inherit", attachment_url="https://e.org/a.png"),
        w.item(9, type="attachment", status="trash", attachment_url="https://e.org/b.png"),
    )
    assert sorted(found.posts) == [1, 2, 7]
    assert sorted(found.attachments) == [8]
    assert found.counts["post"] == {"auto-draft": 1, "draft": 1, "publish": 1, "trash": 1}
    assert found.counts["revision"] == {"inherit": 1}
    assert found.skipped == {"revision": 1, "nav_menu_item": 1, "auto-draft": 1, "trash": 2}


def series_rule(slug: str, **options) -> CategoryRule:
    return CategoryRule(category=slug, becomes="series", slug=slug, **options)


def test_volumes_in_publication_order_number_a_series_by_its_originals_dates():
    found = catalogue(
        w.item(3, date="2022-03-01 00:00:00", terms=[("category", "idps", "IDPs")]),
        w.item(1, date="2022-01-01 00:00:00", terms=[("category", "idps", "IDPs")]),
        w.item(2, date="2022-02-01 00:00:00", terms=[("category", "news", "News")]),
        mapping=Mapping(categories={"idps": series_rule("idps")}),
    )
    assert (found.group_of(1).series, found.group_of(1).volume) == ("idps", 1)
    assert (found.group_of(3).series, found.group_of(3).volume) == ("idps", 2)
    assert (found.group_of(2).series, found.group_of(2).volume) == ("", 0)


def test_volumes_from_the_title_and_pieces_sharing_one_are_placed_by_date():
    rule = series_rule("idps", volumes="title", volume_pattern=r"Vol\. (\d+)")
    cat = [("category", "idps", "IDPs")]
    found = catalogue(
        w.item(1, "Vol. 4: Cities", date="2022-05-01 00:00:00", terms=cat),
        w.item(2, "Vol. 4: Camps", date="2022-04-01 00:00:00", terms=cat),
        w.item(3, "No number here", terms=cat),
        mapping=Mapping(categories={"idps": rule}),
    )
    assert (found.group_of(2).volume, found.group_of(2).position) == (4, 1)
    assert (found.group_of(1).volume, found.group_of(1).position) == (4, 2)
    assert found.group_of(3).volume == 0
    assert any("Post 3" in warning and "no volume" in warning for warning in found.warnings)


def test_volumes_from_a_custom_field_and_the_default_series():
    rule = series_rule("papers", volumes="field", volume_field="issue")
    found = catalogue(
        w.item(1, meta=[("issue", "7")]),
        w.item(2, meta=[("issue", "seven")]),
        mapping=Mapping(categories={"papers": rule}, default_series="papers"),
    )
    assert (found.group_of(1).series, found.group_of(1).volume) == ("papers", 7)
    assert found.group_of(2).volume == 0
    assert any("Post 2" in warning for warning in found.warnings)


def test_the_first_category_mapped_to_a_series_wins():
    found = catalogue(
        w.item(
            1, terms=[("category", "misc", "Misc"), ("category", "b", "B"), ("category", "a", "A")]
        ),
        mapping=Mapping(
            categories={
                "misc": CategoryRule(category="misc", becomes="topic"),
                "a": series_rule("a"),
                "b": series_rule("b-series"),
            }
        ),
    )
    assert found.group_of(1).series == "b-series"


def test_pages_are_grouped_by_translation_but_have_no_series():
    found = catalogue(
        w.polylang_group("pll_p", {"en": 1, "es": 2}),
        w.item(
            1, type="page", terms=[EN, ("post_translations", "pll_p", ""), ("category", "a", "A")]
        ),
        w.item(
            2,
            type="page",
            date="2024-01-01 00:00:00",
            terms=[ES, ("post_translations", "pll_p", "")],
        ),
        mapping=Mapping(default_series="a"),
    )
    group = found.group_of(2)
    assert group.members == {"en": 1, "es": 2}
    assert group.key == "post-1"  # WordPress IDs are unique across posts and pages
    assert group.series == ""


def test_unpaired_posts_sharing_a_featured_image_are_suggested_best_first_once_each():
    image = "https://example.org/wp-content/uploads/fence{}.jpg"
    found = catalogue(
        w.item(40, type="attachment", status="inherit", attachment_url=image.format("")),
        w.item(41, type="attachment", status="inherit", attachment_url=image.format("-1024x768")),
        w.item(1, terms=[EN], meta=[("_thumbnail_id", "40")], date="2022-01-01 00:00:00"),
        w.item(2, terms=[ES], meta=[("_thumbnail_id", "41")], date="2022-05-01 00:00:00"),
        w.item(3, terms=[ES], meta=[("_thumbnail_id", "40")], date="2022-01-02 00:00:00"),
    )
    (suggestion,) = found.suggestions
    assert suggestion.ids == (1, 3)
    assert suggestion.reasons[:2] == ["same featured image", "published 1 day apart"]


def test_unpaired_posts_citing_the_same_sources_are_suggested():
    refs = '<a href="https://unhcr.org/report">r</a> <a href="https://doi.org/x">d</a> 10.1234/abc'
    other = '<a href="https://example.org/own-page">own</a> <a href="https://idmc.ch/a">a</a>'
    found = catalogue(
        w.item(1, terms=[EN], content=refs, date="2020-01-01 00:00:00"),
        w.item(2, terms=[ES], content=f"<p>Traducción</p>{refs}", date="2021-06-01 00:00:00"),
        w.item(3, terms=[ES], content=other, date="2019-01-01 00:00:00"),
    )
    assert [s.ids for s in found.suggestions] == [(1, 2)]
    assert "same references" in found.suggestions[0].reasons


def test_posts_in_one_language_or_already_paired_are_never_suggested():
    found = catalogue(
        w.polylang_group("pll_a", {"en": 1, "es": 2}),
        w.item(1, terms=[EN, ("post_translations", "pll_a", "")], meta=[("_thumbnail_id", "9")]),
        w.item(2, terms=[ES, ("post_translations", "pll_a", "")], meta=[("_thumbnail_id", "9")]),
        w.item(3, terms=[EN], meta=[("_thumbnail_id", "9")]),
        w.item(4, terms=[EN], meta=[("_thumbnail_id", "9")]),
    )
    assert found.suggestions == []


def test_the_default_mapping_makes_used_categories_series_and_ignores_uncategorized():
    found = catalogue(
        w.category("idps", "Internal Displacement", id=3),
        w.category("unused", "Unused", id=4),
        w.item(
            1, terms=[("category", "idps", "Internal Displacement")], date="2019-02-02 00:00:00"
        ),
        w.item(2, terms=[("category", "uncategorized", "Uncategorized")]),
        language="es-ES",
    )
    mapping = default_mapping(found)
    assert mapping.categories["idps"] == CategoryRule(
        category="idps", becomes="series", slug="idps", title="Internal Displacement"
    )
    assert mapping.categories["uncategorized"].becomes == "ignore"
    assert "unused" not in mapping.categories
    assert mapping.tags == "keywords"
    assert mapping.default_language == "es"
    assert found.category_notes()["idps"] == "1 post, 2019 to 2019"
    found.apply(mapping)
    assert (found.group_of(1).series, found.group_of(1).volume) == ("idps", 1)


def test_the_default_mapping_joins_a_category_only_translations_use_to_its_series():
    found = catalogue(
        w.category("idps", "Internal Displacement"),
        w.category("idps-es", "Desplazamiento interno"),
        w.polylang_group("pll_a", {"en": 1, "es": 2}),
        w.item(1, terms=[EN, ("post_translations", "pll_a", ""), ("category", "idps", "")]),
        w.item(
            2,
            date="2024-01-01 00:00:00",
            terms=[ES, ("post_translations", "pll_a", ""), ("category", "idps-es", "")],
        ),
    )
    mapping = default_mapping(found)
    assert mapping.categories["idps"].title_es == "Desplazamiento interno"
    assert mapping.categories["idps-es"] == CategoryRule(
        category="idps-es",
        becomes="series",
        slug="idps",
        title="Internal Displacement",
        title_es="Desplazamiento interno",
    )
