"""A WordPress post as one language version of a piece.

A Spanish post and its English original are one piece: whichever comes first in the file
creates it, the other finds it through the group's records and fills its own language.
Status changes go through the workflow's own steps, by the system, without e-mails; a
draft is never published, and a version once published keeps its date on later runs.
"""

import html
import re

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.html import strip_tags
from modeltranslation.utils import build_localized_fieldname

from articles.doi import validate_doi
from articles.models import Article, Authorship
from articles.workflow.steps import publish_language, transition
from colophon.lib.slugs import unique_slug
from wordpress.importing.body import convert_body
from wordpress.importing.catalogue import Group, PostHead, post_head
from wordpress.importing.context import Run, Tally
from wordpress.importing.people import person_for
from wordpress.importing.records import IMPORT_VERSION, Fields, digest
from wordpress.importing.wxr import Item
from wordpress.models import ImportedItem

EXCERPT_WORDS = 55  # WordPress's own automatic excerpt length
BLOCK_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
SHORTCODE = re.compile(r"\[/?[a-zA-Z][^\]]*\]")


def plain(text: str) -> str:
    return " ".join(html.unescape(strip_tags(text or "")).split())


def automatic_excerpt(content: str) -> str:
    """WordPress's rule when a post has no excerpt: its first 55 words, shortcodes and
    markup removed, with an ellipsis when there is more."""
    words = plain(SHORTCODE.sub(" ", BLOCK_COMMENT.sub(" ", content))).split()
    text = " ".join(words[:EXCERPT_WORDS])
    return f"{text} […]" if len(words) > EXCERPT_WORDS else text


def item_hash(item: Item, head: PostHead, group: Group, extra: object = None) -> str:
    """Everything about a post that the import reads, so that any change is noticed."""
    return digest(
        [
            IMPORT_VERSION,
            item.title,
            item.slug,
            item.status,
            item.date,
            item.content,
            item.excerpt,
            [(t.taxonomy, t.slug, t.name) for t in item.terms],
            sorted(item.meta.items()),
            head.authors,
            [group.members, group.original_language, group.series, group.volume, group.position],
            extra,
        ]
    )


def find_target[M: models.Model](
    run: Run, kind: str, post_id: int, group: Group, model: type[M]
) -> tuple[ImportedItem | None, M | None]:
    """The record of this post and the object it or any post of its group went to."""
    record, target = run.records.target(kind, post_id, model)
    if record is not None and target is not None and left_group(run, kind, record, group, target):
        target = None
    original = group.members.get(group.original_language)
    if target is not None and original is not None and original != post_id:
        # Joined to a group whose original went elsewhere (two pieces become one): the
        # translation moves into the original's piece.
        _record, joined = run.records.target(kind, original, model)
        if joined is not None and joined.pk != target.pk:
            target = joined
    if target is None:
        for member in group.members.values():
            if member != post_id:
                _record, target = run.records.target(kind, member, model)
                if target is not None:
                    break
    return record, target


def left_group(
    run: Run, kind: str, record: ImportedItem, group: Group, target: models.Model
) -> bool:
    """Whether the post of `record` has left the object it went to last time: another post
    of the export, not in its group now, went there too (a translation unpaired since, or
    moved to another group). The post that wrote the object's original language keeps it;
    the other makes a new one, so neither overwrites the other's text."""
    members = {str(member) for member in group.members.values()}
    others = (
        ImportedItem.objects.filter(
            site=run.records.site,
            kind=kind,
            content_type_id=record.content_type_id,
            object_id=record.object_id,
        )
        .exclude(wordpress_id__in=members)
        .values_list("wordpress_id", flat=True)
    )
    if not any(other.isdigit() and int(other) in run.catalogue.posts for other in others):
        return False
    original = getattr(target, "original_language", "") or run.mapping.default_language
    return build_localized_fieldname("title", original) not in record.written


def unchanged(
    run: Run, record: ImportedItem | None, target: models.Model, source_hash: str
) -> bool:
    """Whether the post went to `target` last time, as it is now: nothing to write."""
    if record is None or not wrote_to(record, target):
        return False
    return bool(source_hash) and record.source_hash == source_hash and not run.overwrite


def wrote_to(record: ImportedItem, target: models.Model | None) -> bool:
    """Whether `record` (the post's last import) went to `target`, this run's object."""
    return target is not None and record.object_id == target.pk


def _imported(record: ImportedItem, model: type[models.Model]) -> list[int]:
    """[the record's object id] when the record points at a `model`, else []."""
    same = record.content_type_id == ContentType.objects.get_for_model(model).pk
    return [record.object_id] if same else []


def admin_url(run: Run, name: str, pk: int) -> str:
    return run.admin_root.rstrip("/") + reverse(name, args=[pk])


def import_post(run: Run, tally: Tally, item: Item) -> None:
    post = tally.post
    # A post the first pass did not keep (its file changed in between) reads its own head.
    head = run.catalogue.posts.get(item.id) or post_head(item)
    language = head.language or run.mapping.default_language
    group = run.group_of(item.id, language)
    source_hash = item_hash(item, head, group, run.mapping_digest)
    record, article = find_target(run, "post", item.id, group, Article)
    if article is not None and article.deleted_at is not None:
        post.outcome, post.reason = "skipped", "the piece was deleted in Colophon"
        return
    if article is not None and unchanged(run, record, article, source_hash):
        post.outcome = "unchanged"
        post.admin_url = admin_url(run, "admin:articles_article_change", article.pk)
        tally.count("pieces", "unchanged")
        return
    if record is not None and not wrote_to(record, article):
        left = Article.all_objects.filter(
            pk=record.object_id, pk__in=_imported(record, Article)
        ).first()
        if left is not None:
            tally.warn(
                f"left the piece “{left}” it was imported into before (its translation "
                "group or language changed); what it wrote there is still there"
            )
    new = article is None
    written = dict(record.written) if record is not None and wrote_to(record, article) else {}
    if article is None:
        article = Article(original_language=group.original_language)
        original = run.catalogue.posts.get(group.members.get(group.original_language, item.id))
        article.slug = unique_slug(
            (original or head).slug or item.slug or item.title,
            Article.all_objects,
            limit=120,
            fallback=f"wordpress-{item.id}",
        )
    fields = Fields(article, written, overwrite=run.overwrite)
    _text_fields(run, tally, item, article, fields, language)
    volume = tally.taxonomy.volume(group)
    if volume is not None:
        fields.set("volume_id", volume.pk)
        fields.set("position", group.position)
    fields.set("original_language", group.original_language or language)
    if new:
        fields.set("slug", article.slug)
        # Saved now only for its pk, which the parts below need; a piece that exists is
        # saved once, below, each save being one more write and signal.
        article.save()
        run.created.add(("article", article.pk))

    # The parts that need the piece saved: pictures, body figures, topics, authors.
    body = convert_body(
        item.content,
        footnotes_meta=item.meta_value("footnotes"),
        first_figure=1,
        uploads_url=run.uploads_url,
    )
    for warning in body.warnings:
        tally.warn(warning)
    known = _known_figures(run, group, written)
    body_html = tally.images.figures(article, body, language, written, known)
    fields.set(build_localized_fieldname("body", language), body_html)
    thumbnail_id = item.meta_value("_thumbnail_id").strip()
    thumbnail = int(thumbnail_id) if thumbnail_id.isdigit() else 0
    tally.images.featured(article, thumbnail, language, written)
    tally.images.fill_alt(article, language)
    _topics(tally, item, article, fields)
    if language == group.original_language or not article.authorships.exists():
        _authors(run, tally, head, article, fields)
    article.save()
    written = fields.seal()
    written["_figures"] = known
    run.records.remember("post", item.id, article, source_hash=source_hash, written=written)
    post.kept = [*fields.kept, *tally.images.kept]

    _workflow(tally, item, article, language)
    # An attachment page leads to the piece in the attachment's language, else the original's.
    attachments = [
        attachment
        for attachment in map(run.catalogue.attachments.get, sorted(tally.images.attachments_used))
        if attachment is not None and (attachment.language or group.original_language) == language
    ]
    tally.links.piece(
        article,
        language,
        wordpress_id=item.id,
        link=item.link,
        guid=item.guid,
        attachments=attachments,
        pdfs=body.pdf_links,
    )
    post.outcome = "new" if new else "updated"
    made_here = ("article", article.pk) in run.created
    post.admin_url = (
        ""
        if run.dry_run and made_here
        else admin_url(run, "admin:articles_article_change", article.pk)
    )
    tally.count("pieces", post.outcome)


def _text_fields(
    run: Run, tally: Tally, item: Item, article: Article, fields: Fields, language: str
) -> None:
    def local(name: str) -> str:
        return build_localized_fieldname(name, language)

    title = plain(item.title) or f"WordPress {item.id}"
    fields.set(local("title"), title[:300])
    summary = plain(item.excerpt)
    if not summary:
        summary = automatic_excerpt(item.content)
        if summary:
            tally.warn("summary made from the first words")
    fields.set(local("summary"), summary)
    keywords = tally.taxonomy.keywords(item)
    fields.set(local("keywords"), ", ".join(keywords)[:500])
    for key, target in run.mapping.fields.items():
        value = plain(item.meta_value(key))
        if target == "subtitle":
            fields.set(local("subtitle"), value[:300])
        elif target == "doi" and value:
            doi = value.removeprefix("https://doi.org/").removeprefix("doi:").strip()
            try:
                validate_doi(doi)
            except ValidationError:
                tally.warn(f"custom field {key}: {value!r} is not a DOI; left out")
            else:
                fields.set("doi", doi[:200])


def _known_figures(run: Run, group: Group, written: dict) -> dict[str, int]:
    """Image → figure number in this piece, from every language's last import."""
    known: dict[str, int] = dict(written.get("_figures", {}))
    for member in group.members.values():
        record = run.records.find("post", member)
        if record is not None:
            for key, number in record.written.get("_figures", {}).items():
                known.setdefault(key, number)
    return known


def _topics(tally: Tally, item: Item, article: Article, fields: Fields) -> None:
    topics = tally.taxonomy.topics(item)
    current = sorted(article.topics.values_list("slug", flat=True))
    if topics and fields.may_write("topics", current):
        # Each language's post adds its own; the piece has the topics of both.
        article.topics.add(*topics)
        fields.wrote("topics", sorted(article.topics.values_list("slug", flat=True)))


def _authors(run: Run, tally: Tally, head: PostHead, article: Article, fields: Fields) -> None:
    contributors = []
    for name in head.authors:
        person = person_for(run.catalogue, name)
        if person is None:
            tally.warn(f"author {name!r} is not in the export; left out")
            continue
        contributor = tally.people.contributor(person)
        if contributor not in contributors:
            contributors.append(contributor)
    wanted = [c.pk for c in contributors]
    authors = article.authorships.filter(role=Authorship.Role.AUTHOR).order_by("position", "pk")
    current = list(authors.values_list("contributor_id", flat=True))
    if current == wanted:
        fields.wrote("authors", current)
        return
    if not fields.may_write("authors", current):
        return
    authors.delete()
    for position, contributor in enumerate(contributors):
        Authorship.objects.create(article=article, contributor=contributor, position=position)
    fields.wrote("authors", wanted)


def _workflow(tally: Tally, item: Item, article: Article, language: str) -> None:
    if item.status in {"publish", "future"}:
        if article.localized("published_at", language) is not None:
            return  # published (or scheduled) before: its date stays as it is
        try:
            publish_language(article, language, at=item.date, notify=False)
        except ValidationError as exc:  # TransitionError too
            tally.warn(f"not published in {language}: {' '.join(exc.messages)}")
    elif item.status == "pending":
        if article.status == Article.Status.DRAFT and not article.published_languages():
            transition(article, "submit", None, notify=False)
    elif item.status == "private":
        tally.warn("private on WordPress: imported as a draft")
