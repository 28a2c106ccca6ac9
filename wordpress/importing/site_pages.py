"""A WordPress page as one language version of a Colophon page.

Colophon's pages have no drafts: a page that is not published on WordPress is reported
and left out rather than made public.
"""

from modeltranslation.utils import build_localized_fieldname

from colophon.lib.slugs import unique_slug
from pages.models import Page
from wordpress.importing.body import convert_body
from wordpress.importing.context import Run, Tally
from wordpress.importing.links import page_url
from wordpress.importing.pictures import drop_figure
from wordpress.importing.pieces import (
    admin_url,
    find_target,
    item_hash,
    plain,
    unchanged,
    wrote_to,
)
from wordpress.importing.records import Fields
from wordpress.importing.wxr import Item


def import_page(run: Run, tally: Tally, item: Item) -> None:
    post = tally.post
    if item.status != "publish":
        post.outcome = "skipped"
        post.reason = f"a {item.status} page: Colophon's pages are public once they exist"
        tally.count("pages", "skipped")
        return
    head = run.catalogue.posts.get(item.id)
    language = (head.language if head else "") or run.mapping.default_language
    group = run.group_of(item.id, language)
    source_hash = item_hash(item, head, group, run.mapping_digest) if head else ""
    record, page = find_target(run, "page", item.id, group, Page)
    if page is not None and unchanged(run, record, page, source_hash):
        post.outcome = "unchanged"
        post.admin_url = admin_url(run, "admin:pages_page_change", page.pk)
        tally.count("pages", "unchanged")
        return
    new = page is None
    written = dict(record.written) if record is not None and wrote_to(record, page) else {}
    if page is None:
        original = run.catalogue.posts.get(group.members.get(group.original_language, item.id))
        page = Page(
            slug=unique_slug(
                (original.slug if original else "") or item.slug or item.title,
                Page.objects,
                limit=100,
                fallback=f"wordpress-{item.id}",
            )
        )
    fields = Fields(page, written, overwrite=run.overwrite)
    fields.set(build_localized_fieldname("title", language), plain(item.title)[:200])
    body = convert_body(
        item.content, footnotes_meta=item.meta_value("footnotes"), uploads_url=run.uploads_url
    )
    for warning in body.warnings:
        tally.warn(warning)
    html = body.html
    if body.figures:
        tally.warn(f"{len(body.figures)} image(s) left out: Colophon's pages have no figures")
        for figure in body.figures:
            html = drop_figure(html, figure.number, figure.caption_html)
    fields.set(build_localized_fieldname("body", language), html)
    if new:
        fields.set("slug", page.slug)
    page.save()
    if new:
        run.created.add(("page", page.pk))
    run.records.remember("page", item.id, page, source_hash=source_hash, written=fields.seal())
    post.kept = list(fields.kept)
    tally.links.post(
        kind="page",
        wordpress_id=item.id,
        link=item.link,
        guid=item.guid,
        new=page_url(page, language),
        attachments=[],
        pdfs=[],
        pdf_url="",
    )
    post.outcome = "new" if new else "updated"
    made_here = ("page", page.pk) in run.created
    post.admin_url = (
        "" if run.dry_run and made_here else admin_url(run, "admin:pages_page_change", page.pk)
    )
    tally.count("pages", post.outcome)
