from tests.wordpress.generate import write_export
from wordpress.importing.catalogue import build_catalogue, default_mapping
from wordpress.importing.mapping import Mapping
from wordpress.importing.wxr import Item, read


def test_a_generated_export_is_a_bilingual_polylang_site_with_guest_authors(tmp_path):
    path = tmp_path / "export.xml"
    write_export(path, posts=40)
    found = build_catalogue(path, Mapping())
    found.apply(default_mapping(found))
    assert len(found.posts) == 40
    pieces = {group.key: group for group in found.groups.values()}
    paired = [g for g in pieces.values() if g.how_paired == "polylang"]
    assert len(paired) == 10
    assert all(g.original_language == "en" and set(g.members) == {"en", "es"} for g in paired)
    assert found.warnings == []
    assert set(found.guest_authors) == {"cap-jane-doe", "cap-omar-haddad", "cap-lucia-perez"}
    assert len(found.attachments) == 30
    assert {g.series for g in pieces.values()} == {
        "internal-displacement",
        "statelessness",
        "climate-mobility",
        "law-and-policy",
    }


def test_generated_bodies_are_about_four_kilobytes_with_a_footnote_and_an_image(tmp_path):
    path = tmp_path / "export.xml"
    write_export(path, posts=6)
    posts = [r for r in read(path) if isinstance(r, Item) and r.type == "post"]
    assert all(3000 < len(post.content) < 6000 for post in posts)
    block = [p for p in posts if "<!-- wp:footnotes /-->" in p.content]
    classic = [p for p in posts if "[caption" in p.content]
    assert block and classic
    assert all("data-fn=" in p.content and p.meta_value("footnotes") for p in block)
    assert all("[ref]" in p.content for p in classic)
