"""Every word a reader PDF prints that is not content, in the PDF's language.

They are defined here rather than in the templates, with the context "pdf", so that
`make messages` files them in this app's catalogue (articles/locale/) next to the code
that uses them, and no label of the reading site can change a PDF by accident.
"""

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import npgettext, pgettext, pgettext_lazy

LABELS = {
    "summary": pgettext_lazy("pdf", "Summary"),
    "correction": pgettext_lazy("pdf", "Correction"),
    "published": pgettext_lazy("pdf", "Published"),
    "draft": pgettext_lazy("pdf", "Draft preview: not published"),
    "links": pgettext_lazy("pdf", "Links in the text"),
    "bibliography": pgettext_lazy("pdf", "Bibliography"),
    "how_to_cite": pgettext_lazy("pdf", "How to cite"),
    "licence": pgettext_lazy("pdf", "Licence"),
    "image": pgettext_lazy("pdf", "Image:"),
    "contents": pgettext_lazy("pdf", "Contents"),
}


def names(people: list[dict]) -> str:
    """'A', 'A and B', 'A, B and C' in the active language."""
    listed = [person["name"] for person in people]
    if len(listed) < 2:
        return "".join(listed)
    return pgettext("pdf", "%(names)s and %(last)s") % {
        "names": ", ".join(listed[:-1]),
        "last": listed[-1],
    }


def translated_by(people: list[dict]) -> str:
    return pgettext("pdf", "Translated by %(names)s") % {"names": names(people)}


def about_heading(count: int) -> str:
    return npgettext("pdf", "About the author", "About the authors", count)


def volumes_label(first: int, last: int) -> str:
    if first == last:
        return pgettext("pdf", "Volume %(number)s") % {"number": first}
    return pgettext("pdf", "Volumes %(first)s–%(last)s") % {  # noqa: RUF001 - a range dash
        "first": first,
        "last": last,
    }


def image_credit(image: dict) -> SafeString:
    """TASL: title, creator, licence; then the source and the deed, written out."""
    creator = (image["creator"] or "").strip()
    if creator and image["licence_label"]:
        credit = format_html(
            pgettext("pdf", "{title} by {creator}, {licence}."),
            title=image["title"],
            creator=creator,
            licence=image["licence_label"],
        )
    else:
        # An imported image still waiting for its credit: only what is known.
        known = [part for part in (image["title"], creator, image["licence_label"]) if part]
        credit = format_html("{}.", ", ".join(known)) if known else format_html("")
    if image["source_url"]:
        credit = format_html(
            '{} {} <a href="{}">{}</a>.',
            credit,
            pgettext("pdf", "Source:"),
            image["source_url"],
            image["source_url"],
        )
    if image["licence_url"]:
        credit = format_html(
            '{} {} <a href="{}" rel="license">{}</a>.',
            credit,
            pgettext("pdf", "Licence:"),
            image["licence_url"],
            image["licence_url"],
        )
    return credit
