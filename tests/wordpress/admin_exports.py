"""A small WordPress export (WXR 1.2) for the admin's tests: a site, one author, one
category and a few published posts, as WordPress writes them."""

from datetime import datetime, timedelta
from xml.sax.saxutils import escape

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Displacement Blog</title>
  <link>https://blog.example.org</link>
  <description>Research on internal displacement</description>
  <language>en-US</language>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://blog.example.org</wp:base_site_url>
  <wp:base_blog_url>https://blog.example.org</wp:base_blog_url>
  <wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[jdoe]]></wp:author_login>
    <wp:author_email><![CDATA[jdoe@example.org]]></wp:author_email>
    <wp:author_display_name><![CDATA[Jane Doe]]></wp:author_display_name>
    <wp:author_first_name><![CDATA[Jane]]></wp:author_first_name>
    <wp:author_last_name><![CDATA[Doe]]></wp:author_last_name></wp:author>
  <wp:category><wp:term_id>3</wp:term_id><wp:category_nicename><![CDATA[violence]]></wp:category_nicename>
    <wp:category_parent><![CDATA[]]></wp:category_parent>
    <wp:cat_name><![CDATA[Displacement and Violence]]></wp:cat_name></wp:category>
"""

ITEM = """  <item>
    <title><![CDATA[{title}]]></title>
    <link>https://blog.example.org/{year}/{slug}/</link>
    <pubDate>{rfc}</pubDate>
    <dc:creator><![CDATA[jdoe]]></dc:creator>
    <guid isPermaLink="false">https://blog.example.org/?p={id}</guid>
    <description></description>
    <content:encoded><![CDATA[{body}]]></content:encoded>
    <excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
    <wp:post_id>{id}</wp:post_id>
    <wp:post_date><![CDATA[{local}]]></wp:post_date>
    <wp:post_date_gmt><![CDATA[{local}]]></wp:post_date_gmt>
    <wp:post_modified><![CDATA[{local}]]></wp:post_modified>
    <wp:post_modified_gmt><![CDATA[{local}]]></wp:post_modified_gmt>
    <wp:comment_status><![CDATA[closed]]></wp:comment_status>
    <wp:ping_status><![CDATA[closed]]></wp:ping_status>
    <wp:post_name><![CDATA[{slug}]]></wp:post_name>
    <wp:status><![CDATA[publish]]></wp:status>
    <wp:post_parent>0</wp:post_parent>
    <wp:menu_order>0</wp:menu_order>
    <wp:post_type><![CDATA[post]]></wp:post_type>
    <wp:post_password><![CDATA[]]></wp:post_password>
    <wp:is_sticky>0</wp:is_sticky>
    <category domain="category" nicename="violence"
      ><![CDATA[Displacement and Violence]]></category>
  </item>
"""

FOOT = "</channel>\n</rss>\n"

BODY = (
    "The first paragraph of {title}.\n\nA second paragraph, with a "
    '[mysterious_shortcode id="4"] nobody knows.'
)


def export_xml(posts: int = 3, *, first_id: int = 10) -> bytes:
    """An export with `posts` published posts, a week apart, the first in March 2021."""
    start = datetime(2021, 3, 1, 9, 30)
    items = []
    for n in range(posts):
        when = start + timedelta(days=7 * n)
        title = f"Displacement note {n + 1}"
        items.append(
            ITEM.format(
                id=first_id + n,
                title=escape(title),
                slug=f"displacement-note-{n + 1}",
                year=when.year,
                rfc=when.strftime("%a, %d %b %Y %H:%M:%S +0000"),
                local=when.strftime("%Y-%m-%d %H:%M:%S"),
                body=BODY.format(title=title),
                excerpt=f"What note {n + 1} says.",
            )
        )
    return (HEAD + "".join(items) + FOOT).encode()
