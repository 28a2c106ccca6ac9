"""The first pass over an export: everything the second pass needs to know ahead.

The second pass (wordpress/importing/importer.py) imports one post at a time, in file
order, each in its own transaction. To do that it must already know, for every post, the
piece it belongs to (a Spanish post and its English original are one piece), which
language is the original, the series and volume number its categories give it, and what
its attachments, authors and guest authors are. This pass reads the file once, keeping
only those small facts, never a post's text: of the text it keeps only a short hash of the
external links and DOIs it cites, to suggest translation pairs.

Grouping depends on the mapping (its pairs, default language and series rules) but not
the other way round, so `Catalogue.apply(mapping)` redoes groups, volumes and suggestions
from the facts already read: the dry run reads once, derives `default_mapping`, applies it.
"""

import mimetypes
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import phpserialize

from wordpress.importing import grouping, pairing
from wordpress.importing.heads import (
    Attachment,
    Facts,
    Group,
    GuestAuthor,
    PairSuggestion,
    PostHead,
)
from wordpress.importing.mapping import CategoryRule, Mapping
from wordpress.importing.wxr import Author, Item, Site, Term, read

__all__ = [
    "Attachment",
    "Catalogue",
    "Group",
    "GuestAuthor",
    "PairSuggestion",
    "PostHead",
    "build_catalogue",
    "default_mapping",
]


# How many of the export's category slugs a warning about an unknown one lists.
CATEGORIES_SHOWN = 30
# Item types and statuses that are never content, counted and skipped.
SKIPPED_TYPES = frozenset({"revision", "nav_menu_item", "customize_changeset", "oembed_cache"})
SKIPPED_STATUSES = frozenset({"auto-draft", "trash", "inherit"})
WPML_LANGUAGE = "_wpml_import_language_code"
WPML_GROUP = "_wpml_import_translation_group"


@dataclass
class Catalogue:
    site: Site
    authors: dict[str, Author] = field(default_factory=dict)  # by login
    terms: dict[tuple[str, str], Term] = field(default_factory=dict)  # (taxonomy, slug)
    attachments: dict[int, Attachment] = field(default_factory=dict)
    guest_authors: dict[str, GuestAuthor] = field(default_factory=dict)  # by term slug
    posts: dict[int, PostHead] = field(default_factory=dict)  # posts and pages
    groups: dict[int, Group] = field(default_factory=dict)  # post id → its group
    suggestions: list[PairSuggestion] = field(default_factory=list)
    # Counts by item type and status, for the dry run: {"post": {"publish": 12, …}, …}
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # Items read but not kept, by reason ("revision", "trash", …).
    skipped: dict[str, int] = field(default_factory=dict)
    facts: dict[int, Facts] = field(default_factory=dict)
    # Polylang's post_translations terms: slug → {language slug: post id}. Read once here,
    # since they do not depend on the mapping that `apply` may be given again.
    translations: dict[str, dict[str, int]] = field(default_factory=dict)
    # Warnings found while reading, kept apart from those `apply` recomputes.
    reading_warnings: list[str] = field(default_factory=list)

    def group_of(self, post_id: int) -> Group:
        return self.groups[post_id]

    def person(self, slug_or_login: str) -> GuestAuthor | Author | None:
        """Whom a PostHead.authors entry names: a guest author by its term slug, else the
        WordPress user (Co-Authors Plus names a user's term "cap-<login>")."""
        if slug_or_login in self.guest_authors:
            return self.guest_authors[slug_or_login]
        login = slug_or_login.removeprefix("cap-")
        return self.authors.get(slug_or_login) or self.authors.get(login)

    def category_notes(self) -> dict[str, str]:
        """A note per category for the mapping file: how many posts, over which years."""
        years: dict[str, list[int]] = {}
        for post in self.posts.values():
            if post.type == "post":
                for slug in post.categories:
                    years.setdefault(slug, []).append(post.date.year if post.date else 0)
        notes = {}
        for slug, found in years.items():
            dated = [year for year in found if year]
            span = f", {min(dated)} to {max(dated)}" if dated else ""
            notes[slug] = f"{len(found)} post{'s' if len(found) != 1 else ''}{span}"
        return notes

    def apply(self, mapping: Mapping) -> None:
        """Work out languages, groups, volumes and suggestions under `mapping`."""
        self.warnings = list(self.reading_warnings)
        for post_id, post in self.posts.items():
            post.language = self.facts[post_id].language or mapping.default_language
        self._check_categories(mapping)
        self.groups = grouping.group_posts(
            self.posts, self.facts, self.translations, mapping, self.warnings
        )
        grouping.number_volumes(self.posts, self.facts, self.groups, mapping, self.warnings)
        self.suggestions = pairing.suggest_pairs(
            self.posts, self.groups, self.attachments, self.facts
        )

    def _check_categories(self, mapping: Mapping) -> None:
        """A mapping's category the export does not have is most likely a misspelt slug,
        and the category it meant would silently get the default rule."""
        found = {slug for taxonomy, slug in self.terms if taxonomy == "category"}
        found.update(slug for post in self.posts.values() for slug in post.categories)
        known = sorted(found)
        for slug in mapping.categories:
            if slug not in found:
                shown = ", ".join(known[:CATEGORIES_SHOWN]) or "none"
                more = " …" if len(known) > CATEGORIES_SHOWN else ""
                self.warnings.append(
                    f"The mapping's [categories.{slug}] is not in the export, so it is "
                    f"not used; the export's categories are: {shown}{more}."
                )


def build_catalogue(source: Path | str | IO[bytes], mapping: Mapping) -> Catalogue:
    """Read the export once (wxr.read) and work out groups, languages and volumes."""
    records = read(source)
    site = next(records)
    if not isinstance(site, Site):  # read() yields the Site first or raises
        raise TypeError("wxr.read did not start with the site")
    catalogue = Catalogue(site=site)
    counts: Counter[tuple[str, str]] = Counter()
    for record in records:
        if isinstance(record, Author):
            catalogue.authors[record.login] = record
        elif isinstance(record, Term):
            catalogue.terms[(record.taxonomy, record.slug)] = record
            if record.taxonomy == "post_translations":
                catalogue.translations[record.slug] = _php_ids(record.description)
        elif isinstance(record, Item):
            counts[(record.type, record.status)] += 1
            _take(catalogue, record)
    for (kind, status), number in sorted(counts.items()):
        catalogue.counts.setdefault(kind, {})[status] = number
    catalogue.apply(mapping)
    return catalogue


def _take(catalogue: Catalogue, item: Item) -> None:
    reason = _skip_reason(item)
    if reason:
        catalogue.skipped[reason] = catalogue.skipped.get(reason, 0) + 1
    elif item.type == "attachment":
        catalogue.attachments[item.id] = _attachment(catalogue, item)
    elif item.type == "guest-author":
        guest = _guest_author(item)
        catalogue.guest_authors[guest.slug] = guest
    elif item.type in ("post", "page"):
        catalogue.posts[item.id] = post_head(item)
        catalogue.facts[item.id] = _facts(catalogue, item)
    else:
        catalogue.skipped[item.type] = catalogue.skipped.get(item.type, 0) + 1


def _skip_reason(item: Item) -> str:
    if item.type in SKIPPED_TYPES:
        return item.type
    # An attachment's status is always "inherit" (from its parent); only the bin skips it.
    if item.status in SKIPPED_STATUSES and (item.type, item.status) != ("attachment", "inherit"):
        return item.status
    return ""


def _attachment(catalogue: Catalogue, item: Item) -> Attachment:
    url = item.attachment_url or item.guid
    languages = item.terms_in("language")
    return Attachment(
        id=item.id,
        url=url,
        link=item.link,
        title=item.title,
        caption=item.excerpt,
        alt=item.meta_value("_wp_attachment_image_alt"),
        parent=item.parent,
        mime=mimetypes.guess_type(url.split("?")[0])[0] or "",
        language=_language_of(catalogue, languages[0].slug) if languages else "",
    )


def _guest_author(item: Item) -> GuestAuthor:
    slug = item.slug if item.slug.startswith("cap-") else f"cap-{item.slug}"
    return GuestAuthor(
        id=item.id,
        slug=slug,
        display_name=item.meta_value("cap-display_name") or item.title,
        first_name=item.meta_value("cap-first_name"),
        last_name=item.meta_value("cap-last_name"),
        email=item.meta_value("cap-user_email"),
        website=item.meta_value("cap-website"),
        description=item.meta_value("cap-description"),
        linked_login=item.meta_value("cap-linked_account"),
    )


def post_head(item: Item) -> PostHead:
    """What a post or page's item says of itself; its language is set from the facts."""
    authors = [term.slug for term in item.terms_in("author")]
    thumbnail = item.meta_value("_thumbnail_id").strip()
    return PostHead(
        id=item.id,
        type=item.type,
        status=item.status,
        slug=item.slug,
        title=item.title,
        date=item.date,
        language="",
        categories=[term.slug for term in item.terms_in("category")],
        authors=authors or ([item.creator] if item.creator else []),
        thumbnail_id=int(thumbnail) if thumbnail.isdigit() else 0,
    )


def _facts(catalogue: Catalogue, item: Item) -> Facts:
    languages = item.terms_in("language")
    raw = languages[0].slug if languages else item.meta_value(WPML_LANGUAGE)
    translations = item.terms_in("post_translations")
    return Facts(
        language=_language_of(catalogue, raw, post_id=item.id) if raw else "",
        polylang=translations[0].slug if translations else "",
        wpml_group=item.meta_value(WPML_GROUP).strip(),
        references=pairing.reference_key(item.content, catalogue.site),
        fields={
            key: values[0].strip()
            for key, values in item.meta.items()
            if not key.startswith("_") and values and len(values[0]) <= 64
        },
    )


def _language_of(catalogue: Catalogue, raw: str, *, post_id: int = 0) -> str:
    """The site's code for a Polylang language slug ("es", "es-mx") or a locale ("es_ES");
    a Polylang language term's locale is tried when its slug is not a code."""
    code = grouping.site_language(raw)
    if not code:
        term = catalogue.terms.get(("language", raw))
        locale = _php_locale(term.description) if term else ""
        code = grouping.site_language(locale) if locale else ""
    if not code:
        where = f"post {post_id}" if post_id else "an attachment"
        message = f"{where.capitalize()} is in language {raw!r}, which this site does not have."
        catalogue.reading_warnings.append(message)
    return code


def _php_array(description: str) -> dict[object, object]:
    """The PHP array Polylang serialises into a term's description; {} for anything else."""
    try:
        data = phpserialize.loads(description.encode(), decode_strings=True)
    except (ValueError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def _php_ids(description: str) -> dict[str, int]:
    data = _php_array(description)
    return {str(k): int(str(v)) for k, v in data.items() if str(v).isdigit()}


def _php_locale(description: str) -> str:
    return str(_php_array(description).get("locale", ""))


def default_mapping(catalogue: Catalogue) -> Mapping:
    """The mapping used without a mapping file: each category with posts becomes a series
    (volumes in publication order), tags become keywords, Polylang/WPML pairs as found.

    A category only translations use (Polylang translates categories too) joins the series
    of the category its originals are in, and its name becomes that series' other title.
    """
    translated = _translated_categories(catalogue)
    rules: dict[str, CategoryRule] = {}
    for slug in sorted(catalogue.category_notes(), key=lambda s: (s in translated, s)):
        term = catalogue.terms.get(("category", slug))
        name = term.name if term else slug.replace("-", " ").capitalize()
        target, language = translated.get(slug, ("", ""))
        if slug == "uncategorized":
            rules[slug] = CategoryRule(category=slug, becomes="ignore")
        elif target in rules and rules[target].becomes == "series":
            series = rules[target]
            if language == "es" and not series.title_es:
                series.title_es = name
            rule = CategoryRule(category=slug, becomes="series", slug=series.slug)
            rule.title, rule.title_es = series.title, series.title_es
            rules[slug] = rule
        else:
            rules[slug] = CategoryRule(category=slug, becomes="series", slug=slug, title=name)
    language = grouping.site_language(catalogue.site.language) or Mapping().default_language
    return Mapping(categories=rules, tags="keywords", default_language=language)


def _translated_categories(catalogue: Catalogue) -> dict[str, tuple[str, str]]:
    """Categories no original post is in, each with the category its translations'
    originals are most often in, and the translations' language."""
    used_by_originals: set[str] = set()
    found: dict[str, tuple[Counter[str], str]] = {}
    for post in catalogue.posts.values():
        group = catalogue.groups.get(post.id)
        if post.type != "post" or group is None:
            continue
        original = catalogue.posts[group.members[group.original_language]]
        if original.id == post.id:
            used_by_originals.update(post.categories)
            continue
        for slug in post.categories:
            counter, _language = found.setdefault(slug, (Counter(), post.language))
            counter.update(original.categories[:1])
    return {
        slug: (counter.most_common(1)[0][0], language)
        for slug, (counter, language) in found.items()
        if slug not in used_by_originals and counter
    }
