"""Categories and tags as series, volumes, topics and keywords, as the mapping says."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils.text import slugify
from modeltranslation.utils import build_localized_fieldname

from articles.models import Topic
from series.models import Series, Volume
from wordpress.importing.catalogue import Catalogue, Group
from wordpress.importing.mapping import CategoryRule, Mapping
from wordpress.importing.wxr import Item

CountFn = Callable[[str, str], None]


@dataclass
class Terms:
    """Series, volumes and topics already looked up, so that each is read once a run,
    not once for every post that is in it."""

    series: dict[str, Series] = field(default_factory=dict)  # by slug
    volumes: dict[tuple[int, int], Volume] = field(default_factory=dict)  # (series pk, number)
    topics: dict[str, Topic] = field(default_factory=dict)  # by slug

    def update(self, other: "Terms") -> None:
        self.series.update(other.series)
        self.volumes.update(other.volumes)
        self.topics.update(other.topics)


def _existing[M: models.Model](
    model: type[M], slug: str, made: dict[str, M], known: dict[str, M]
) -> M | None:
    """The row with `slug`: made by this post, looked up before, or read now (and kept)."""
    found = made.get(slug) or known.get(slug)
    if found is None:
        found = model._default_manager.filter(slug=slug).first()
        if found is not None:
            known[slug] = found
    return found


class Taxonomy:
    def __init__(
        self, catalogue: Catalogue, mapping: Mapping, count: CountFn, known: Terms | None = None
    ) -> None:
        self.catalogue = catalogue
        self.mapping = mapping
        self.count = count
        # Rows that existed before this post: the run's, shared by every post.
        self.known = known if known is not None else Terms()
        # Rows this post made, which a failed post rolls back: they join the run's only
        # once the post has committed.
        self.made = Terms()

    # Series and volumes -----------------------------------------------------------------

    def series_rule(self, slug: str) -> CategoryRule | None:
        for rule in self.mapping.categories.values():
            if rule.becomes == "series" and (rule.slug or rule.category) == slug:
                return rule
        return None

    def series(self, slug: str) -> Series:
        found = _existing(Series, slug, self.made.series, self.known.series)
        if found is not None:
            return found
        rule = self.series_rule(slug)
        term = self.catalogue.terms.get(("category", rule.category if rule else slug))
        series = Series(slug=slug)
        title = (rule.title if rule else "") or (term.name if term else "") or slug
        setattr(series, build_localized_fieldname("title", settings.LANGUAGE_CODE), title[:250])
        if rule and rule.title_es:
            setattr(series, build_localized_fieldname("title", "es"), rule.title_es[:250])
        series.save()
        self.made.series[slug] = series
        self.count("series", "new")
        return series

    def volume(self, group: Group) -> Volume | None:
        """The volume a group's piece goes in; None when no category maps to a series."""
        if not group.series or group.volume <= 0:
            return None
        series = self.series(group.series)
        key = (series.pk, group.volume)
        found = self.made.volumes.get(key) or self.known.volumes.get(key)
        if found is not None:
            return found
        volume, created = Volume.objects.get_or_create(series=series, number=group.volume)
        if created:
            self.made.volumes[key] = volume
            self.count("volumes", "new")
        else:
            self.known.volumes[key] = volume
        return volume

    # Topics and keywords --------------------------------------------------------------------

    def topic_rules(self, item: Item) -> list[tuple[str, str, str, str]]:
        """(slug, name, Spanish name, group) of every topic the item's categories and tags
        give it."""
        found = []
        for term in item.terms_in("category"):
            rule = self.mapping.categories.get(term.slug)
            if rule is not None and rule.becomes == "topic":
                name = rule.title or term.name
                found.append((rule.slug or term.slug, name, rule.title_es, rule.group))
        if self.mapping.tags == "topics":
            found += [(term.slug, term.name, "", "") for term in item.terms_in("post_tag")]
        return found

    def topics(self, item: Item) -> list[Topic]:
        topics = []
        for slug, name, name_es, group in self.topic_rules(item):
            topic = self.topic(slug, name, group, name_es=name_es)
            if topic not in topics:
                topics.append(topic)
        return topics

    def topic(self, slug: str, name: str, group: str = "", *, name_es: str = "") -> Topic:
        slug = slugify(slug)[:100] or "topic"
        found = _existing(Topic, slug, self.made.topics, self.known.topics)
        if found is not None:
            return found
        topic = Topic(slug=slug, group=group if group in Topic.Group.values else "")
        setattr(topic, build_localized_fieldname("name", settings.LANGUAGE_CODE), name[:150])
        if name_es:
            setattr(topic, build_localized_fieldname("name", "es"), name_es[:150])
        topic.save()
        self.made.topics[slug] = topic
        self.count("topics", "new")
        return topic

    def keywords(self, item: Item) -> list[str]:
        words = []
        if self.mapping.tags == "keywords":
            words = [term.name.strip() for term in item.terms_in("post_tag") if term.name.strip()]
        for key, target in self.mapping.fields.items():
            if target == "keywords":
                for value in item.meta.get(key, []):
                    words += [word.strip() for word in value.split(",") if word.strip()]
        unique: list[str] = []
        for word in words:
            if word.lower() not in (w.lower() for w in unique):
                unique.append(word)
        return unique
