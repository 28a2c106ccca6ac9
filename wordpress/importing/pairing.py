"""Suggested translation pairs for posts the export does not pair itself.

Two unpaired posts in different languages are suggested as one piece when they share a
featured image (the same attachment, or an image file of the same name), cite exactly the
same external sources (links and DOIs, at least two), or were published within a few days
of each other in the same category. Each piece of evidence scores; the best-scoring pairs
are suggested first, and no post is suggested twice.

Candidates come from indexes (by image, by reference set, by day), never from comparing
every post with every other, so a 50,000-post export is suggested in seconds. An image or
reference set shared by many posts (a site-wide placeholder) is no evidence and is ignored.
"""

import hashlib
import re
from collections.abc import Iterator
from datetime import timedelta
from itertools import combinations
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from wordpress.importing.heads import Attachment, Facts, Group, PairSuggestion, PostHead
from wordpress.importing.wxr import Site

# Matched in the lowercased text: a literal first character lets the search skip ahead.
HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""")
DOI = re.compile(r"10\.\d{4,9}/[^\s\"'<>]+")
# WordPress's resized copies: photo-300x200.jpg is photo.jpg.
SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.\w+$)|-scaled(?=\.\w+$)")
SAME_IMAGE, SAME_REFERENCES, SAME_CATEGORY = 4, 4, 1
CLOSE_DAYS, NEAR_DAYS = 3, 90
THRESHOLD = 3
CROWDED = 12  # more posts than this sharing a key: not evidence


def reference_key(content: str, site: Site) -> str:
    """A short hash of the external links and DOIs a post cites; "" for fewer than two."""
    own = {urlsplit(url).netloc.lower() for url in (site.base_site_url, site.link) if url}
    found: set[str] = set()
    content = content.lower()
    for href in HREF.findall(content):
        parts = urlsplit(href.strip())
        if parts.scheme in ("http", "https") and parts.netloc.lower() not in own:
            found.add(f"{parts.netloc.lower()}{parts.path.rstrip('/')}?{parts.query}")
    found.update(doi.rstrip(".,;)") for doi in DOI.findall(content))
    if len(found) < 2:
        return ""
    return hashlib.blake2b("\n".join(sorted(found)).encode(), digest_size=8).hexdigest()


def image_name(url: str) -> str:
    name = PurePosixPath(urlsplit(url).path).name.lower()
    return SIZE_SUFFIX.sub("", name)


def suggest_pairs(
    posts: dict[int, PostHead],
    groups: dict[int, Group],
    attachments: dict[int, Attachment],
    facts: dict[int, Facts],
) -> list[PairSuggestion]:
    single = [
        post
        for post in posts.values()
        if post.type == "post" and len(groups[post.id].members) == 1 and post.language
    ]
    evidence: dict[tuple[int, int], set[str]] = {}
    for reason, bucket in _buckets(single, attachments, facts):
        if len(bucket) > CROWDED:
            continue
        for a, b in combinations(bucket, 2):
            if a.language != b.language:
                evidence.setdefault((min(a.id, b.id), max(a.id, b.id)), set()).add(reason)
    for a, b in _close_in_time(single):
        evidence.setdefault((min(a.id, b.id), max(a.id, b.id)), set()).add("close")
    scored = []
    for ids, reasons in evidence.items():
        a, b = posts[ids[0]], posts[ids[1]]
        score, described, gap = _score(a, b, reasons)
        if score >= THRESHOLD:
            scored.append((-score, gap, ids, described))
    scored.sort()
    taken: set[int] = set()
    suggestions = []
    for _negative_score, _gap, ids, described in scored:
        if ids[0] in taken or ids[1] in taken:
            continue
        taken.update(ids)
        suggestions.append(PairSuggestion(ids=ids, reasons=described))
    return suggestions


def _buckets(
    single: list[PostHead], attachments: dict[int, Attachment], facts: dict[int, Facts]
) -> Iterator[tuple[str, list[PostHead]]]:
    by_image: dict[str, list[PostHead]] = {}
    by_refs: dict[str, list[PostHead]] = {}
    for post in single:
        image = attachments.get(post.thumbnail_id)
        key = image_name(image.url) if image else ""
        if not key and post.thumbnail_id:
            key = f"#{post.thumbnail_id}"
        if key:
            by_image.setdefault(key, []).append(post)
        if facts[post.id].references:
            by_refs.setdefault(facts[post.id].references, []).append(post)
    for bucket in by_image.values():
        yield "image", bucket
    for bucket in by_refs.values():
        yield "references", bucket


def _close_in_time(single: list[PostHead]) -> Iterator[tuple[PostHead, PostHead]]:
    """Pairs in different languages and a shared category, published within CLOSE_DAYS."""
    dated = sorted(((p.date, p.id, p) for p in single if p.date), key=lambda t: t[:2])
    window = timedelta(days=CLOSE_DAYS)
    for i, (a_date, _a_id, a) in enumerate(dated):
        for b_date, _b_id, b in dated[i + 1 : i + 1 + CROWDED]:
            if b_date - a_date > window:
                break
            if a.language != b.language and set(a.categories) & set(b.categories):
                yield a, b


def _score(a: PostHead, b: PostHead, reasons: set[str]) -> tuple[int, list[str], int]:
    described = []
    score = 0
    if "image" in reasons:
        score += SAME_IMAGE
        described.append("same featured image")
    if "references" in reasons:
        score += SAME_REFERENCES
        described.append("same references")
    gap = abs((a.date - b.date).days) if a.date and b.date else 10**6
    if gap <= CLOSE_DAYS:
        score += 2
    elif gap <= NEAR_DAYS:
        score += 1
    if gap < 10**6:
        described.append(f"published {gap} day{'s' if gap != 1 else ''} apart")
    if set(a.categories) & set(b.categories):
        score += SAME_CATEGORY
        described.append("same category")
    return score, described, gap
