"""An OAI-PMH 2.0 data provider (https://www.openarchives.org/OAI/openarchivesprotocol.html).

Items are pieces, identified as oai:<OAI_REPOSITORY_IDENTIFIER>:<slug>. A piece is in the
repository once a language version of it is public; when its last public version is
withdrawn it stays as a deleted record (deletedRecord "persistent"). A record's datestamp
is its last change, or the moment a scheduled version went public if that is later.
Sets: series:<slug> and topic:<slug>, under the parents "series" and "topic".
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypedDict, cast

from django.conf import settings
from django.core import signing
from django.db.models import Case, DateTimeField, F, Min, Prefetch, Q, QuerySet, When
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from lxml import etree
from modeltranslation.utils import build_localized_fieldname

from articles.models import Article, Authorship, Topic, published_q
from articles.oai.formats import FORMATS, sub
from colophon.lib.languages import language_codes
from colophon.lib.urls import absolute_url
from colophon.lib.xml import XSI, is_xml_text
from series.models import Series, Volume

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_IDENTIFIER = "http://www.openarchives.org/OAI/2.0/oai-identifier"
GRANULARITY = "%Y-%m-%dT%H:%M:%SZ"
TOKEN_LIFETIME = timedelta(hours=24)
_DOMAIN = re.compile(r"^[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+$")
_SET_SPEC = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")

# verb: (required arguments, optional arguments, takes a resumption token)
VERBS = {
    "Identify": (set(), set(), False),
    "ListMetadataFormats": (set(), {"identifier"}, False),
    "ListSets": (set(), set(), True),
    "GetRecord": ({"identifier", "metadataPrefix"}, set(), False),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}, True),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}, True),
}


class OaiError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def oai_element(parent: etree._Element | None, name: str, text=None, **attributes):
    if parent is None:
        return etree.Element(f"{{{OAI}}}{name}", nsmap={None: OAI, "xsi": XSI})
    return sub(parent, f"{{{OAI}}}{name}", text, **attributes)


def datestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(GRANULARITY)


def identifier(article: Article) -> str:
    return f"oai:{settings.OAI_REPOSITORY_IDENTIFIER}:{article.slug}"


def slug_of(oai_identifier: str) -> str:
    prefix = f"oai:{settings.OAI_REPOSITORY_IDENTIFIER}:"
    if not oai_identifier.startswith(prefix):
        raise OaiError("idDoesNotExist", f"{oai_identifier} is not an identifier here.")
    return oai_identifier.removeprefix(prefix)


# The repository ------------------------------------------------------------------------


class RecordState(TypedDict):
    """What records() annotates each piece with."""

    datestamp: datetime
    is_public: bool


def records() -> QuerySet:
    """Every piece the repository answers for, public or withdrawn, with its datestamp."""
    now = timezone.now()
    changed: list[F | Coalesce] = [F("updated_at")]
    for code in language_codes():
        field = build_localized_fieldname("published_at", code)
        went_public = Case(When(**{f"{field}__lte": now}, then=F(field)))
        changed.append(Coalesce(went_public, F("updated_at")))
    public = Q()
    for code in language_codes():
        public |= published_q(language=code)
    return (
        Article.all_objects.filter(public | Q(withdrawn_at__isnull=False))
        .annotate(
            datestamp=Greatest(*changed, output_field=DateTimeField()),
            is_public=Case(When(public, then=True), default=False),
        )
        .select_related("volume__series")
        .prefetch_related(
            Prefetch("authorships", queryset=Authorship.objects.select_related("contributor")),
            "topics",
        )
        .order_by("pk")
    )


def set_specs(article: Article) -> list[str]:
    volume = cast(Volume, article.volume)  # a piece in the repository has been published
    specs = [f"series:{volume.series.slug}"]
    return specs + [f"topic:{topic.slug}" for topic in article.topics.all()]


def in_set(queryset: QuerySet, spec: str) -> QuerySet:
    if not _SET_SPEC.match(spec):
        raise OaiError("badArgument", f"{spec!r} is not a set specification.")
    kind, _sep, slug = spec.partition(":")
    if kind == "series":
        return queryset.filter(volume__series__slug=slug) if slug else queryset
    if kind == "topic":
        if not slug:
            return queryset.filter(topics__isnull=False).distinct()
        return queryset.filter(topics__slug=slug)
    return queryset.none()


def all_sets() -> list[tuple[str, str]]:
    """(setSpec, setName) for every set that holds at least one record."""
    holding = records().values("pk")
    series = Series.objects.filter(volumes__articles__in=holding).distinct()
    topics = Topic.objects.filter(articles__in=holding).distinct()
    sets = []
    if series:
        sets.append(("series", "Series"))
        sets += [(f"series:{s.slug}", s.title) for s in series.order_by("slug")]
    if topics:
        sets.append(("topic", "Topics"))
        sets += [(f"topic:{t.slug}", t.name) for t in topics.order_by("slug")]
    return sets


def earliest_datestamp() -> datetime:
    # No record's datestamp is older than the oldest piece.
    oldest = Article.all_objects.aggregate(first=Min("created_at"))["first"]
    return oldest or timezone.now()


# Arguments ------------------------------------------------------------------------------


@dataclass
class Harvest:
    """What a ListIdentifiers/ListRecords request asks for, and where the last page ended."""

    prefix: str
    start: datetime | None = None
    end: datetime | None = None
    set: str = ""
    after: int = 0
    cursor: int = 0

    def token(self, after: int, cursor: int) -> str:
        state = {"p": self.prefix, "s": self.set, "a": after, "c": cursor}
        state |= {"f": self.start.isoformat() if self.start else ""}
        state |= {"u": self.end.isoformat() if self.end else ""}
        return signing.dumps(state, salt="oai-pmh", compress=True)

    @classmethod
    def from_token(cls, token: str) -> "Harvest":
        try:
            state = signing.loads(token, salt="oai-pmh", max_age=TOKEN_LIFETIME)
        except signing.BadSignature as error:
            raise OaiError("badResumptionToken", "The token is invalid or has expired.") from error
        return cls(
            prefix=state["p"],
            start=datetime.fromisoformat(state["f"]) if state["f"] else None,
            end=datetime.fromisoformat(state["u"]) if state["u"] else None,
            set=state["s"],
            after=state["a"],
            cursor=state["c"],
        )


def parse_date(value: str, end: bool) -> datetime:
    """A UTC datestamp at day or second granularity; `end` includes the whole of it."""
    try:
        if _DAY.match(value):
            moment = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
            return moment + timedelta(days=1) if end else moment
        if _SECOND.match(value):
            moment = datetime.strptime(value, GRANULARITY).replace(tzinfo=UTC)
            return moment + timedelta(seconds=1) if end else moment
    except ValueError:
        pass
    raise OaiError("badArgument", f"{value!r} is not a UTC date (YYYY-MM-DDThh:mm:ssZ).")


def parse_arguments(params: dict[str, list[str]]) -> tuple[str, dict[str, str]]:
    verbs = params.get("verb", [])
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OaiError("badVerb", "The verb is missing, repeated or not an OAI-PMH verb.")
    verb = verbs[0]
    # The request element echoes the arguments back, and a NUL or other control character
    # cannot be written into XML: such a request is refused, its arguments left unechoed.
    if not all(is_xml_text(text) for name, values in params.items() for text in (name, *values)):
        raise OaiError("badArgument", "An argument holds a character XML cannot carry.")
    required, optional, resumable = VERBS[verb]
    given = {name: values for name, values in params.items() if name != "verb"}
    if any(len(values) != 1 for values in given.values()):
        raise OaiError("badArgument", "An argument is repeated.")
    arguments = {name: values[0] for name, values in given.items()}
    allowed = required | optional | ({"resumptionToken"} if resumable else set())
    unknown = set(arguments) - allowed
    if unknown:
        raise OaiError("badArgument", f"{verb} takes no argument {', '.join(sorted(unknown))}.")
    if "resumptionToken" in arguments:
        if len(arguments) > 1:
            raise OaiError("badArgument", "resumptionToken is an exclusive argument.")
    elif not required <= set(arguments):
        missing = ", ".join(sorted(required - set(arguments)))
        raise OaiError("badArgument", f"{verb} needs {missing}.")
    return verb, arguments


def harvest_from(arguments: dict[str, str]) -> Harvest:
    if "resumptionToken" in arguments:
        return Harvest.from_token(arguments["resumptionToken"])
    start, end = arguments.get("from"), arguments.get("until")
    if start and end and len(start) != len(end):
        raise OaiError("badArgument", "from and until must have the same granularity.")
    harvest = Harvest(
        prefix=arguments["metadataPrefix"],
        start=parse_date(start, end=False) if start else None,
        end=parse_date(end, end=True) if end else None,
        set=arguments.get("set", ""),
    )
    if harvest.start and harvest.end and harvest.start >= harvest.end:
        raise OaiError("badArgument", "from is later than until.")
    return harvest


def selected(harvest: Harvest) -> QuerySet:
    if harvest.prefix not in FORMATS:
        raise OaiError("cannotDisseminateFormat", f"{harvest.prefix!r} is not offered here.")
    found = records()
    if harvest.start:
        found = found.filter(datestamp__gte=harvest.start)
    if harvest.end:
        found = found.filter(datestamp__lt=harvest.end)
    if harvest.set:
        found = in_set(found, harvest.set)
    return found


def base_url() -> str:
    return absolute_url(reverse("oai"))


def repository_identifier_is_a_domain() -> bool:
    return bool(_DOMAIN.match(settings.OAI_REPOSITORY_IDENTIFIER))
