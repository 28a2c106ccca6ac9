"""Contributors in an interchange document: profiles gathered from the author items.

A contributor may be named by many articles. Their profile (given and family names, kind,
bio, ORCID iD, website, photo) is gathered from every item that names them; giving two
different values for one field is an error, leaving a field out keeps what the site has.
The byline name and affiliation belong to each article (Authorship snapshots) and also
set the profile's unless the item gives a separate "profile" object.
"""

from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from articles.interchange.common import Loc, author_slug, profile_name_from_byline
from contributors.models import Contributor
from contributors.orcid import normalise_orcid

if TYPE_CHECKING:
    from articles.interchange.importer import Importer

PROFILE_KEYS = ("given", "family", "organisation", "bio", "orcid", "website", "photo")
# Model field name -> key in an author item, where they differ.
CONTRIBUTOR_KEYS = {"given_name": "given", "family_name": "family", "kind": "organisation"}


@dataclass
class Profile:
    """A contributor's profile as gathered from every author item that names them."""

    slug: str
    loc: Loc
    # key -> (value, the author item's location, the key's path within that item)
    values: dict[str, tuple[Any, Loc, str]] = field(default_factory=dict)
    byline_name: str | None = None
    byline_affiliation: dict | None = None

    def origin(self, key: str, rest: str = "") -> Loc:
        if key not in self.values:
            return self.loc.at(key + rest)
        _value, author, path = self.values[key]
        return author.at(path + rest)

    def value(self, key: str, default: Any = None) -> Any:
        return self.values[key][0] if key in self.values else default


def import_contributors(importer: "Importer") -> None:
    profiles: dict[str, Profile] = {}
    for index, article in enumerate(importer.data["articles"]):
        for position, author in enumerate(article.get("authors", [])):
            loc = Loc("articles", index, article["slug"]).at("authors", position)
            slug = author_slug(author)
            if not slug:
                importer.fail(loc, "cannot make a slug from this author's name; give a slug")
                continue
            profile = profiles.setdefault(slug, Profile(slug, loc))
            _gather(importer, profile, author, loc)
    for profile in profiles.values():
        importer.attempt(profile.loc, partial(_import_contributor, importer), profile)
    importer.result.contributors = len(profiles)


def _gather(importer: "Importer", profile: Profile, author: dict, loc: Loc) -> None:
    explicit = {key: (author[key], key) for key in PROFILE_KEYS if key in author}
    for key, value in author.get("profile", {}).items():
        explicit[key] = (value, f"profile.{key}")
    for key, (value, path) in explicit.items():
        known = profile.values.get(key)
        if known is None:
            profile.values[key] = (value, loc, path)
        elif _comparable(key, known[0]) != _comparable(key, value):
            importer.fail(
                loc.at(path),
                f"differs from {profile.origin(key)} for the same contributor; give the "
                "same profile each time (or only once)",
            )
    if "name" in author:
        profile.byline_name = author["name"]
    if "affiliation" in author:
        profile.byline_affiliation = author["affiliation"]


def _import_contributor(importer: "Importer", loc: Loc, profile: Profile) -> None:
    contributor = Contributor.objects.filter(slug=profile.slug).first()
    contributor = contributor or Contributor(slug=profile.slug)
    if "organisation" in profile.values:
        organisation = profile.value("organisation")
        contributor.kind = (
            Contributor.Kind.ORGANISATION if organisation else Contributor.Kind.PERSON
        )
    for key, attribute in (("given", "given_name"), ("family", "family_name")):
        setattr(contributor, attribute, profile.value(key, getattr(contributor, attribute)))
    for key in ("orcid", "website"):
        setattr(contributor, key, profile.value(key, getattr(contributor, key)))
    if "bio" in profile.values:
        importer.set_text(
            contributor, "bio", profile.value("bio"), profile.origin("bio"), importer.short_text
        )
    if "name" in profile.values:
        contributor.name = profile.value("name")
    elif profile.byline_name is not None:
        contributor.name = profile_name_from_byline(
            profile.byline_name,
            contributor.given_name,
            contributor.family_name,
            contributor.is_organisation,
        )
    affiliation = profile.value("affiliation", profile.byline_affiliation)
    if affiliation is not None:
        where = profile.origin("affiliation")
        importer.set_text(contributor, "affiliation", affiliation, where)
    if "photo" in profile.values:
        _store_photo(importer, contributor, profile.value("photo"), profile.origin("photo"))

    def locate(path: str) -> Loc:
        head, dot, rest = path.partition(".")
        return profile.origin(CONTRIBUTOR_KEYS.get(head, head), dot + rest)

    importer.validate(contributor, locate, ["user", "photo"])
    importer.stop_if_failed()
    contributor.save()
    importer.contributors[profile.slug] = contributor


def _store_photo(
    importer: "Importer", contributor: Contributor, relative: str | None, loc: Loc
) -> None:
    if not relative:
        importer.media.delete_after_commit(contributor.photo)
        contributor.photo = ""
        return
    picture = importer.picture(relative, loc)
    if picture is not None:
        importer.media.store(contributor.photo, picture)


def _comparable(key: str, value: Any) -> Any:
    if isinstance(value, dict):
        return {language: text for language, text in value.items() if text}
    if key == "orcid" and isinstance(value, str):
        return normalise_orcid(value)
    return value
