"""Which posts are one piece, and where each piece sits in its series.

Translations are found, in this order of trust: Polylang's post_translations terms, the
translation group WPML's export add-on writes into each post (_wpml_import_* fields), and
the mapping file's `pairs`. A post found in none of them is a piece of its own. The
original of a group is its earliest-dated member.

A group's series comes from its original's categories (the first one the mapping makes a
series), else the mapping's default series. Its volume number follows that series' rule:
"order" numbers the series' pieces 1, 2, 3 … by the original's date; "title" takes the
first group of a pattern matched in the original's title; "field" reads a custom field.
Pieces that share a volume are placed in it by date.
"""

import re
from collections.abc import Iterable
from datetime import UTC, datetime

from colophon.lib.languages import language_codes
from wordpress.importing.heads import Facts, Group, PostHead
from wordpress.importing.mapping import CategoryRule, Mapping

LATEST = datetime.max.replace(tzinfo=UTC)


def site_language(raw: str) -> str:
    """The site's code for "es", "es_ES", "es-MX", "EN-us"; "" when the site has none."""
    code = raw.strip().lower().replace("_", "-")
    codes = language_codes()
    if code in codes:
        return code
    primary = code.split("-")[0]
    return primary if primary in codes else ""


class Grouper:
    def __init__(self, posts: dict[int, PostHead], warnings: list[str]):
        self.posts = posts
        self.warnings = warnings
        self.groups: dict[int, Group] = {}

    def order_key(self, post_id: int) -> tuple[datetime, int]:
        return (self.posts[post_id].date or LATEST, post_id)

    def make(self, ids: Iterable[int], how: str) -> None:
        fresh = {pid for pid in ids if pid not in self.groups}
        ordered = sorted(fresh, key=self.order_key)
        members: dict[str, int] = {}
        for post_id in ordered:
            language = self.posts[post_id].language
            if language in members:
                self.warnings.append(
                    f"Posts {members[language]} and {post_id} are in one translation group "
                    f"but both in {language!r}; post {post_id} becomes a piece of its own."
                )
                self.make([post_id], "")
                continue
            members[language] = post_id
        if not members:
            return
        original = next(iter(members.values()))
        group = Group(
            key=f"post-{original}",
            members=members,
            original_language=next(iter(members)),
            how_paired=how if len(members) > 1 else "",
        )
        for post_id in members.values():
            self.groups[post_id] = group

    def pair(self, pair: list[int]) -> None:
        missing = [pid for pid in pair if pid not in self.posts]
        taken = [pid for pid in pair if pid in self.groups]
        if missing:
            self.warnings.append(
                f"The mapping pairs posts {_ids(pair)}, but {_ids(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} not in the file; the pair is ignored."
            )
        elif taken:
            self.warnings.append(
                f"The mapping pairs posts {_ids(pair)}, but {_ids(taken)} already "
                f"{'has' if len(taken) == 1 else 'have'} a translation in the export; "
                "the pair is ignored."
            )
        else:
            self.make(pair, "mapping")


def _ids(ids: Iterable[int]) -> str:
    return ", ".join(str(i) for i in ids)


def group_posts(
    posts: dict[int, PostHead],
    facts: dict[int, Facts],
    polylang: dict[str, dict[str, int]],
    mapping: Mapping,
    warnings: list[str],
) -> dict[int, Group]:
    """Every post's group; `polylang` is the export's post_translations terms."""
    grouper = Grouper(posts, warnings)
    by_polylang: dict[str, list[int]] = {}
    by_wpml: dict[str, list[int]] = {}
    for post_id, found in facts.items():
        if found.polylang:
            by_polylang.setdefault(found.polylang, []).append(post_id)
        elif found.wpml_group:
            by_wpml.setdefault(found.wpml_group, []).append(post_id)
    for slug, carriers in by_polylang.items():
        named = polylang.get(slug, {})
        for language, post_id in named.items():
            if post_id not in posts:
                warnings.append(
                    f"Polylang translation group {slug} names post {post_id} ({language}), "
                    "which is not in the file."
                )
        grouper.make([*carriers, *(pid for pid in named.values() if pid in posts)], "polylang")
    for ids in by_wpml.values():
        grouper.make(ids, "wpml")
    for pair in mapping.pairs:
        grouper.pair(pair)
    for post_id in posts:
        if post_id not in grouper.groups:
            grouper.make([post_id], "")
    return grouper.groups


def number_volumes(
    posts: dict[int, PostHead],
    facts: dict[int, Facts],
    groups: dict[int, Group],
    mapping: Mapping,
    warnings: list[str],
) -> None:
    """Set each post group's series, volume and position from the mapping."""
    rules = {rule.slug or rule.category: rule for rule in mapping.categories.values()}
    by_series: dict[str, list[Group]] = {}
    for group in _unique(groups):
        original = posts[group.members[group.original_language]]
        group.series, group.volume, group.position = "", 0, 1
        if original.type != "post":
            continue
        series = next(
            (
                rule.slug or rule.category
                for slug in original.categories
                if (rule := mapping.categories.get(slug)) and rule.becomes == "series"
            ),
            mapping.default_series,
        )
        if series:
            group.series = series
            by_series.setdefault(series, []).append(group)
    for series, members in by_series.items():
        rule = rules.get(series) or CategoryRule(category=series, becomes="series")
        members.sort(key=lambda g: _date_key(posts, g))
        for number, group in enumerate(members, start=1):
            group.volume = _volume(rule, number, group, posts, facts, mapping, warnings)
        positions: dict[int, int] = {}
        for group in members:
            positions[group.volume] = positions.get(group.volume, 0) + 1
            group.position = positions[group.volume]


def _unique(groups: dict[int, Group]) -> list[Group]:
    seen: dict[str, Group] = {}
    for group in groups.values():
        seen.setdefault(group.key, group)
    return list(seen.values())


def _date_key(posts: dict[int, PostHead], group: Group) -> tuple[datetime, int]:
    original = posts[group.members[group.original_language]]
    return (original.date or LATEST, original.id)


def _volume(
    rule: CategoryRule,
    number: int,
    group: Group,
    posts: dict[int, PostHead],
    facts: dict[int, Facts],
    mapping: Mapping,
    warnings: list[str],
) -> int:
    original = posts[group.members[group.original_language]]
    if rule.volumes == "title":
        match = re.search(rule.volume_pattern, original.title)
        if match and match.group(1).isdigit():
            return int(match.group(1))
        # The pattern as the mapping file spells it (repr would double its backslashes).
        warnings.append(
            f"Post {original.id} ({original.title!r}): no volume number in its title "
            f"matching '{rule.volume_pattern}'; it is put in no volume (a piece imported "
            "before keeps its own)."
        )
        return 0
    if rule.volumes == "field":
        names = [rule.volume_field] if rule.volume_field else []
        names += [name for name, becomes in mapping.fields.items() if becomes == "volume"]
        for post_id in group.members.values():
            for name in names:
                value = facts[post_id].fields.get(name, "")
                if value.isdigit():
                    return int(value)
        warnings.append(
            f"Post {original.id} ({original.title!r}): no whole number in custom field "
            f"{' or '.join(names) or '(none named)'}; it gets no volume."
        )
        return 0
    return number
