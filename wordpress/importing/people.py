"""WordPress users and Co-Authors Plus guest authors as contributors, one per person.

The same person may be a WordPress user, a guest author, or both (a guest author linked
to the user's account), and may already be a contributor from an earlier run or from
Colophon itself. They are matched by the import's own record first, then by e-mail
address, then by the exact name printed in bylines.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q, Value
from django.db.models.functions import Concat, Trim

from colophon.lib.slugs import unique_slug
from contributors.models import Contributor
from wordpress.importing.catalogue import Catalogue, GuestAuthor
from wordpress.importing.records import Records, digest
from wordpress.importing.wxr import Author
from wordpress.models import ImportedItem

GUEST_PREFIX = "cap-"
WEBSITE_MAX = 500
# A contributor's website is printed as a link on their public page, and save() does not
# run the URLField's validation: a javascript: or data: address would run in readers'
# browsers. Only a well-formed http(s) address is kept.
_WEBSITE = URLValidator(schemes=["http", "https"])

# count(kind, outcome): adds one to the report's count of that kind and outcome.
CountFn = Callable[[str, str], None]


@dataclass
class Person:
    """What the export says about one author, from either source."""

    keys: list[tuple[str, str]]  # (ImportedItem kind, WordPress identifier)
    display_name: str
    first_name: str
    last_name: str
    email: str
    website: str = ""
    bio: str = ""


def _website(url: str) -> str:
    """`url` when it is an http(s) address fit for a link, else ""."""
    url = url.strip()
    if not url or len(url) > WEBSITE_MAX:
        return ""
    try:
        _WEBSITE(url)
    except ValidationError:
        return ""
    return url


def _from_user(author: Author) -> Person:
    return Person(
        keys=[(ImportedItem.Kind.AUTHOR, author.login)],
        display_name=author.display_name or author.login,
        first_name=author.first_name,
        last_name=author.last_name,
        email=author.email,
    )


def _from_guest(guest: GuestAuthor, user: Author | None) -> Person:
    keys = [(str(ImportedItem.Kind.GUEST_AUTHOR), guest.slug)]
    if user is not None:
        keys.append((ImportedItem.Kind.AUTHOR, user.login))
    return Person(
        keys=keys,
        display_name=guest.display_name or (user.display_name if user else guest.slug),
        first_name=guest.first_name or (user.first_name if user else ""),
        last_name=guest.last_name or (user.last_name if user else ""),
        email=guest.email or (user.email if user else ""),
        website=_website(guest.website),
        bio=guest.description,
    )


def person_for(catalogue: Catalogue, name: str) -> Person | None:
    """The person an entry of PostHead.authors names: a guest author's term slug, a
    Co-Authors Plus term standing for a user ("cap-<login>"), or a user's login."""
    guest = catalogue.guest_authors.get(name)
    if guest is not None:
        return _from_guest(guest, catalogue.authors.get(guest.linked_login))
    login = name[len(GUEST_PREFIX) :] if name.startswith(GUEST_PREFIX) else name
    user = catalogue.authors.get(login) or catalogue.authors.get(name)
    if user is None:
        return None
    # A guest author standing for this user carries the bio; prefer it.
    for guest in catalogue.guest_authors.values():
        if guest.linked_login == user.login:
            return _from_guest(guest, user)
    return _from_user(user)


class People:
    """Finds or creates the contributor for each person, counting what it did."""

    def __init__(
        self, records: Records, counts: CountFn, seen: set[int], known: dict[str, int]
    ) -> None:
        self.records = records
        self.count = counts
        # Contributors already counted in this run: a person with forty posts is one.
        self.seen = seen
        # Person (its first key) → contributor pk, settled earlier in this run.
        self.known = known

    def contributor(self, person: Person) -> Contributor:
        first = "/".join(person.keys[0])
        if first in self.known:
            settled = Contributor.objects.filter(pk=self.known[first]).first()
            if settled is not None:
                return settled
        contributor = self._settle(person)
        self.known[first] = contributor.pk
        return contributor

    def _settle(self, person: Person) -> Contributor:
        found = self._find(person)
        state = digest([person.display_name, person.email, person.website, person.bio])
        if found is None:
            contributor = Contributor(
                kind=Contributor.Kind.PERSON,
                given_name=person.first_name[:150],
                family_name=(person.last_name or _last_word(person.display_name))[:150],
                name=person.display_name[:250],
                email=person.email if "@" in person.email else "",
                website=person.website,
                slug=unique_slug(
                    person.display_name, Contributor.objects, limit=100, fallback="contributor"
                ),
            )
            contributor.bio = person.bio  # sanitised in save(); the default language's bio
            contributor.save()
            self.count("contributors", "new")
        else:
            contributor = found
            # An existing contributor is left as the editors keep it; only gaps are filled.
            changed = False
            if not contributor.email and "@" in person.email:
                contributor.email, changed = person.email, True
            if not contributor.website and person.website:
                contributor.website, changed = person.website, True
            if not contributor.bio and person.bio:
                contributor.bio, changed = person.bio, True
            if changed:
                contributor.save()
            known = all(
                (record := self.records.find(kind, key)) is not None
                and record.source_hash == state
                for kind, key in person.keys
            )
            if contributor.pk not in self.seen:
                self.count("contributors", "updated" if changed or not known else "unchanged")
        self.seen.add(contributor.pk)
        for kind, key in person.keys:
            self.records.remember(kind, key, contributor, source_hash=state)
        return contributor

    def _find(self, person: Person) -> Contributor | None:
        for kind, key in person.keys:
            _record, contributor = self.records.target(kind, key, Contributor)
            if contributor is not None:
                return contributor
        if "@" in person.email:
            by_email = Contributor.objects.filter(email__iexact=person.email).first()
            if by_email is not None:
                return by_email
        name = person.display_name.strip()
        if not name:
            return None
        return (
            Contributor.objects.annotate(
                full=Trim(Concat("given_name", Value(" "), "family_name"))
            )
            .filter(Q(name=name) | Q(name="", full=name))
            .order_by("pk")
            .first()
        )


def _last_word(name: str) -> str:
    words = name.split()
    return words[-1] if words else name
