import gzip
import io
from datetime import UTC, datetime

import pytest

from tests.wordpress import wxr_files as w
from wordpress.importing import wxr
from wordpress.importing.wxr import Author, ExportError, Item, Site, Term


def read(text: str) -> list[wxr.Record]:
    return list(wxr.read(io.BytesIO(text.encode())))


def items(text: str) -> list[Item]:
    return [r for r in read(text) if isinstance(r, Item)]


def test_it_yields_the_site_first_then_authors_terms_and_items_in_file_order():
    records = read(
        w.export(
            w.author("ana", id=2, display_name="Ana Ruiz"),
            w.category("idps", "IDPs", id=5),
            w.tag("conflict", id=6),
            w.term("language", "es", "Español", id=7),
            w.item(12, "First"),
        )
    )
    assert [type(r) for r in records] == [Site, Author, Term, Term, Term, Item]
    site = records[0]
    assert site == Site(
        title="Displacement Blog",
        link="https://example.org",
        base_site_url="https://example.org",
        base_blog_url="https://example.org",
        language="en-US",
        wxr_version="1.2",
    )
    assert records[1] == Author(
        id=2,
        login="ana",
        email="ana@example.org",
        display_name="Ana Ruiz",
        first_name="",
        last_name="",
    )
    assert records[2] == Term("category", "idps", "IDPs", "", "", id=5)
    assert records[3] == Term("post_tag", "conflict", "conflict", "", "", id=6)
    assert records[4] == Term("language", "es", "Español", "", "", id=7)


def test_it_reads_every_field_of_an_item():
    (item,) = items(
        w.export(
            w.item(
                12,
                "Camps & cities",
                slug="campos-y-ciudades-%c3%b1",
                date="2023-04-05 12:00:00",
                date_gmt="2023-04-05 10:00:00",
                creator="ana",
                content="<p>Body</p>",
                excerpt="Summary",
                parent=3,
                terms=[("category", "idps", "IDPs"), ("post_tag", "camps", "Camps")],
                meta=[("_thumbnail_id", "40"), ("doi", "10.1/x"), ("doi", "10.1/y")],
            )
        )
    )
    assert item.id == 12
    assert item.type == "post"
    assert item.status == "publish"
    assert item.title == "Camps & cities"
    assert item.slug == "campos-y-ciudades-ñ"
    assert item.date == datetime(2023, 4, 5, 10, 0, tzinfo=UTC)
    assert item.creator == "ana"
    assert item.content == "<p>Body</p>"
    assert item.excerpt == "Summary"
    assert item.parent == 3
    assert item.guid == "https://example.org/?p=12"
    assert [t.slug for t in item.terms_in("category")] == ["idps"]
    assert item.terms_in("post_tag")[0].name == "Camps"
    assert item.meta == {"_thumbnail_id": ["40"], "doi": ["10.1/x", "10.1/y"]}
    assert item.meta_value("doi") == "10.1/x"


def test_a_draft_without_a_gmt_date_is_read_in_the_site_time_zone(settings):
    settings.TIME_ZONE = "America/Bogota"  # UTC-5, no daylight saving
    (item,) = items(
        w.export(
            w.item(3, status="draft", date="2023-04-05 10:00:00", date_gmt="0000-00-00 00:00:00")
        )
    )
    assert item.date == datetime(2023, 4, 5, 15, 0, tzinfo=UTC)


def test_a_post_with_no_date_at_all_has_none():
    (item,) = items(w.export(w.item(3, date="0000-00-00 00:00:00")))
    assert item.date is None


def test_it_reads_a_wxr_1_1_file():
    records = read(w.export(w.category("news", id=1), w.item(1), version="1.1"))
    assert records[0].wxr_version == "1.1"
    assert isinstance(records[-1], Item) and records[-1].id == 1


def test_it_reads_a_wxr_1_0_file_whose_tags_say_tag_not_post_tag():
    text = w.export(w.item(1, terms=[("tag", "roar", "roar")]), version="1.0")
    (item,) = items(text)
    assert item.terms_in("post_tag")[0].slug == "roar"


def test_it_refuses_a_version_newer_than_it_knows():
    with pytest.raises(ExportError, match=r"WXR version '1\.3'"):
        read(w.export(w.item(1), version="1.3"))


def test_an_export_with_no_records_still_yields_its_site():
    (site,) = read(w.export())
    assert site.title == "Displacement Blog"


def test_malformed_xml_is_reported_with_its_line():
    text = w.export(w.item(1)).replace("</title>", "</titel>", 2)
    with pytest.raises(ExportError, match=r"Not well-formed XML at line \d+"):
        read(text)


def test_a_file_that_is_not_xml_at_all_is_refused(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text("title,date\nHello,2023\n")
    with pytest.raises(ExportError, match="Not well-formed XML at line 1"):
        list(wxr.read(path))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (b"   \n\t\n", "The file is empty"),
        (gzip.compress(b"<rss/>", mtime=0), "gzip"),
        (b"PK\x03\x04" + b"\0" * 40, "zip"),
        (b"%PDF-1.7\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "image"),
    ],
    ids=["empty", "blank", "gzip", "zip", "pdf", "png"],
)
def test_an_empty_compressed_or_other_kind_of_file_is_named_as_such(tmp_path, data, message):
    path = tmp_path / "export.xml"
    path.write_bytes(data)
    with pytest.raises(ExportError, match=message) as raised:
        list(wxr.read(path))
    assert "line 0" not in str(raised.value)
    with pytest.raises(ExportError, match=message):
        list(wxr.read(io.BytesIO(data)))


def test_a_plain_rss_feed_is_not_a_wordpress_export():
    feed = '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
    with pytest.raises(ExportError, match="no WordPress"):
        read(feed)


def test_an_xml_file_of_another_kind_is_not_a_wordpress_export():
    with pytest.raises(ExportError, match="root element is <feed>"):
        read('<feed xmlns:wp="http://wordpress.org/export/1.2/"/>')


def test_an_rss_without_a_channel_is_not_a_wordpress_export():
    with pytest.raises(ExportError, match="no <channel>"):
        read('<rss xmlns:wp="http://wordpress.org/export/1.2/"></rss>')


def test_an_export_without_a_version_is_refused():
    text = w.export(w.item(1)).replace("<wp:wxr_version>1.2</wp:wxr_version>", "")
    with pytest.raises(ExportError, match="no <wp:wxr_version>"):
        read(text)


def test_an_item_with_a_broken_id_names_its_line():
    text = w.export(w.item(1)).replace("<wp:post_id>1<", "<wp:post_id>one<")
    with pytest.raises(ExportError, match=r"Line \d+: wp:post_id is 'one'"):
        read(text)


def test_billion_laughs_is_refused_before_anything_expands():
    laughs = (
        '<!DOCTYPE rss [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
        '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>\n'
    )
    text = w.export(w.item(1, content="x"), prolog=laughs).replace("Post 1", "&d;")
    with pytest.raises(ExportError, match="DOCTYPE"):
        read(text)


def test_an_external_entity_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    prolog = f'<!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>\n'
    text = w.export(w.item(1), prolog=prolog).replace("Post 1", "&x;")
    with pytest.raises(ExportError, match="DOCTYPE") as refused:
        read(text)
    assert "TOP-SECRET" not in str(refused.value)


def test_it_reads_from_a_path_a_string_path_and_a_file(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(w.export(w.item(1)))
    for source in (path, str(path), path.open("rb")):
        assert [r.id for r in wxr.read(source) if isinstance(r, Item)] == [1]


def test_every_item_comes_through_whole_and_in_order_while_earlier_ones_are_dropped():
    text = w.export(*(w.item(i, content=f"<p>{i}</p>" * 200) for i in range(1, 50)))
    read_items = items(text)
    assert [i.id for i in read_items] == list(range(1, 50))
    assert all(i.content == f"<p>{i.id}</p>" * 200 for i in read_items)


@pytest.mark.parametrize(
    ("base", "key"),
    [
        ("https://Example.ORG/", "example.org"),
        ("http://example.org/blog/", "example.org/blog"),
        ("https://example.org", "example.org"),
    ],
)
def test_a_site_key_is_the_host_and_path_without_scheme(base, key):
    site = Site("t", base, base, base, "en", "1.2")
    assert wxr.site_key(site) == key


def test_records_before_a_broken_item_arrive_before_the_error():
    text = w.export(w.item(1), w.item(2), w.item(3)).replace("<wp:post_id>3<", "<wp:post_id>x<")
    seen = []
    with pytest.raises(ExportError, match="wp:post_id is 'x'"):
        for record in wxr.read(io.BytesIO(text.encode())):
            seen.append(record)
    assert [r.id for r in seen if isinstance(r, Item)] == [1, 2]


def test_a_date_in_another_format_names_the_field():
    text = w.export(w.item(1, date="2023-04-05 10:00:00", date_gmt="05/04/2023"))
    with pytest.raises(ExportError, match=r"wp:post_date_gmt is '05/04/2023', not a date"):
        read(text)
