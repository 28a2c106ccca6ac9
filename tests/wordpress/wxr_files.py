"""Small WordPress exports written as text, in the shape WordPress's export.php writes.

`export(...)` returns a whole WXR document; `item(...)`, `term(...)`, `author(...)` are its
parts, so a test states only what it is about.
"""

from xml.sax.saxutils import escape, quoteattr


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def author(login: str, *, id: int = 1, display_name: str = "", email: str = "") -> str:
    return (
        f"<wp:author><wp:author_id>{id}</wp:author_id>"
        f"<wp:author_login>{cdata(login)}</wp:author_login>"
        f"<wp:author_email>{cdata(email or login + '@example.org')}</wp:author_email>"
        f"<wp:author_display_name>{cdata(display_name or login.title())}</wp:author_display_name>"
        f"<wp:author_first_name>{cdata('')}</wp:author_first_name>"
        f"<wp:author_last_name>{cdata('')}</wp:author_last_name></wp:author>\n"
    )


def category(slug: str, name: str = "", *, id: int = 0, parent: str = "") -> str:
    return (
        f"<wp:category><wp:term_id>{id}</wp:term_id>"
        f"<wp:category_nicename>{escape(slug)}</wp:category_nicename>"
        f"<wp:category_parent>{escape(parent)}</wp:category_parent>"
        f"<wp:cat_name>{cdata(name or slug.title())}</wp:cat_name></wp:category>\n"
    )


def tag(slug: str, name: str = "", *, id: int = 0) -> str:
    return (
        f"<wp:tag><wp:term_id>{id}</wp:term_id><wp:tag_slug>{escape(slug)}</wp:tag_slug>"
        f"<wp:tag_name>{cdata(name or slug)}</wp:tag_name></wp:tag>\n"
    )


def term(taxonomy: str, slug: str, name: str = "", *, id: int = 0, description: str = "") -> str:
    return (
        f"<wp:term><wp:term_id>{id}</wp:term_id>"
        f"<wp:term_taxonomy>{escape(taxonomy)}</wp:term_taxonomy>"
        f"<wp:term_slug>{cdata(slug)}</wp:term_slug><wp:term_parent>{cdata('')}</wp:term_parent>"
        f"<wp:term_name>{cdata(name or slug)}</wp:term_name>"
        f"<wp:term_description>{cdata(description)}</wp:term_description></wp:term>\n"
    )


def polylang_group(slug: str, ids: dict[str, int], *, id: int = 0) -> str:
    """A post_translations term as Polylang exports it: a PHP-serialised array of
    language → post id in its description."""
    body = "".join(f's:{len(lang)}:"{lang}";i:{pid};' for lang, pid in ids.items())
    return term("post_translations", slug, slug, id=id, description=f"a:{len(ids)}:{{{body}}}")


def item(
    id: int,
    title: str = "",
    *,
    type: str = "post",
    status: str = "publish",
    slug: str = "",
    date: str = "2023-04-05 10:00:00",
    date_gmt: str | None = None,
    creator: str = "admin",
    content: str = "<p>Text.</p>",
    excerpt: str = "",
    parent: int = 0,
    attachment_url: str = "",
    terms: list[tuple[str, str, str]] = (),  # type: ignore[assignment]
    meta: list[tuple[str, str]] = (),  # type: ignore[assignment]
    link: str = "",
) -> str:
    title = title or f"Post {id}"
    slug = slug or f"post-{id}"
    link = link or f"https://example.org/{slug}/"
    gmt = date if date_gmt is None else date_gmt
    parts = [
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link>",
        "<pubDate>Wed, 05 Apr 2023 10:00:00 +0000</pubDate>",
        f"<dc:creator>{cdata(creator)}</dc:creator>",
        f'<guid isPermaLink="false">https://example.org/?p={id}</guid><description></description>',
        f"<content:encoded>{cdata(content)}</content:encoded>",
        f"<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>",
        f"<wp:post_id>{id}</wp:post_id><wp:post_date>{cdata(date)}</wp:post_date>",
        f"<wp:post_date_gmt>{cdata(gmt)}</wp:post_date_gmt>",
        f"<wp:post_modified>{cdata(date)}</wp:post_modified>",
        f"<wp:post_modified_gmt>{cdata(gmt)}</wp:post_modified_gmt>",
        "<wp:comment_status>closed</wp:comment_status><wp:ping_status>closed</wp:ping_status>",
        f"<wp:post_name>{cdata(slug)}</wp:post_name><wp:status>{cdata(status)}</wp:status>",
        f"<wp:post_parent>{parent}</wp:post_parent><wp:menu_order>0</wp:menu_order>",
        f"<wp:post_type>{cdata(type)}</wp:post_type><wp:post_password>{cdata('')}</wp:post_password>",
        "<wp:is_sticky>0</wp:is_sticky>",
    ]
    if attachment_url:
        parts.append(f"<wp:attachment_url>{cdata(attachment_url)}</wp:attachment_url>")
    for domain, nicename, name in terms:
        parts.append(f"<category domain={quoteattr(domain)} nicename={quoteattr(nicename)}>")
        parts.append(f"{cdata(name)}</category>")
    for key, value in meta:
        parts.append(f"<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>")
        parts.append(f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>")
    parts.append("</item>\n")
    return "".join(parts)


def export(
    *records: str,
    version: str = "1.2",
    title: str = "Displacement Blog",
    base: str = "https://example.org",
    language: str = "en-US",
    prolog: str = "",
) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        f"{prolog}"
        '<!-- generator="WordPress/6.4" -->\n'
        '<rss version="2.0"\n'
        f'  xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/"\n'
        '  xmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '  xmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
        '  xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        f'  xmlns:wp="http://wordpress.org/export/{version}/">\n'
        f"<channel><title>{escape(title)}</title><link>{escape(base)}</link>\n"
        "<description>Research notes</description>\n"
        "<pubDate>Mon, 01 Jan 2024 00:00:00 +0000</pubDate>\n"
        f"<language>{language}</language><wp:wxr_version>{version}</wp:wxr_version>\n"
        f"<wp:base_site_url>{escape(base)}</wp:base_site_url>\n"
        f"<wp:base_blog_url>{escape(base)}</wp:base_blog_url>\n"
        + "".join(records)
        + "<generator>https://wordpress.org/?v=6.4</generator>\n</channel>\n</rss>\n"
    )
