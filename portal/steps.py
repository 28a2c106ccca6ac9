"""The submission form's steps, what each still lacks, and where a contributor resumes.

What is missing is read from the saved piece, not from a form, so the step list, each
step's "Still missing" line and the final check before submission always agree.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from colophon.lib.body_figures import figure_numbers
from portal.submissions import PROGRESS

if TYPE_CHECKING:
    from articles.models import Article


@dataclass(frozen=True)
class Step:
    slug: str
    title: Promise


STEPS = [
    Step("piece", _("The piece")),
    Step("text", _("The text")),
    Step("authors", _("Authors")),
    Step("image", _("Image")),
    Step("references", _("References")),
    Step("declarations", _("Declarations and submission")),
]
SLUGS = [step.slug for step in STEPS]
FIRST, LAST = SLUGS[0], SLUGS[-1]


@dataclass(frozen=True)
class Missing:
    step: str
    field: str  # the id of the input that fills it, for a link straight to it
    label: Promise | str  # a str when it names a figure, translated as it is built


# The featured image's credit, in the order the image step shows it.
IMAGE_CREDIT = [
    ("alt", _("alt text for the image")),
    ("title", _("the title of the image's work")),
    ("creator", _("the image's creator")),
    ("year", _("the year of the image")),
    ("source_url", _("the image's source URL")),
    ("licence", _("the image's licence")),
]

# The same credit for each figure in the text, "%(number)s" being the figure's number.
FIGURE_CREDIT = [
    ("alt", _("alt text for figure %(number)s")),
    ("title", _("the title of the work in figure %(number)s")),
    ("creator", _("the creator of figure %(number)s")),
    ("year", _("the year of figure %(number)s")),
    ("source_url", _("the source URL of figure %(number)s")),
    ("licence", _("the licence of figure %(number)s")),
]


def missing_items(article: "Article | None") -> list[Missing]:
    """Everything the piece still needs before it can be submitted, step by step."""
    if article is None:
        return [
            Missing("piece", "id_title", _("a title")),
            Missing("piece", "id_series", _("the series you propose the piece for")),
            Missing("piece", "id_summary", _("a summary")),
            Missing("text", "id_body", _("the body of the piece")),
            *_declarations(None),
        ]
    language = article.original_language
    missing = []
    if not article.series_id:
        missing.append(Missing("piece", "id_series", _("the series you propose the piece for")))
    if not (article.localized("summary", language) or "").strip():
        missing.append(Missing("piece", "id_summary", _("a summary")))
    body = article.localized("body", language) or ""
    if not body.strip():
        missing.append(Missing("text", "id_body", _("the body of the piece")))
    figures = list(article.figures.all()) if article.pk else []
    missing += _placements(body, figures)
    image = getattr(article, "image", None)
    for name, label in IMAGE_CREDIT if image is not None else []:
        field = build_localized_fieldname(name, language) if name == "alt" else name
        if not getattr(image, field):
            missing.append(Missing("image", f"id_image-{name}", label))
    return missing + _figure_credits(figures, language) + _declarations(article)


def _placements(body: str, figures: list) -> list[Missing]:
    """A figure the text places that the piece lacks, and a figure the text never shows."""
    placed = figure_numbers(body)
    have = {figure.number for figure in figures}
    unknown = [
        Missing(
            "text",
            "id_body",
            _("figure %(number)s, which the text places but the piece does not have")
            % {"number": number},
        )
        for number in placed
        if number not in have
    ]
    unplaced = [
        Missing("text", "id_body", _("a place in the text for figure %(number)s") % {"number": n})
        for n in sorted(have - set(placed))
    ]
    return unknown + unplaced


def _figure_credits(figures: list, language: str) -> list[Missing]:
    # The image step's formset lists the figures in number order: form i is figures[i].
    missing = []
    for index, figure in enumerate(figures):
        for name, label in FIGURE_CREDIT:
            field = build_localized_fieldname(name, language) if name == "alt" else name
            if not getattr(figure, field):
                missing.append(
                    Missing(
                        "image", f"id_figures-{index}-{field}", label % {"number": figure.number}
                    )
                )
    return missing


# What the declarations step says on its own fields when submission is refused for them.
DECLARATION_ERRORS = {
    "original_work": _("Confirm that the work is original."),
    "consent": _("We need your consent to store this data."),
}


def _declarations(article: "Article | None") -> list[Missing]:
    declarations = article.declarations if article is not None else {}
    missing = []
    if not declarations.get("original_work"):
        missing.append(
            Missing("declarations", "id_original_work", _("your confirmation that it is original"))
        )
    if not declarations.get("consent_at"):
        missing.append(Missing("declarations", "id_consent", _("your consent to store the data")))
    return missing


def saved_steps(article: "Article | None") -> set[str]:
    if article is None:
        return set()
    return set((article.declarations.get(PROGRESS) or {}).get("saved", []))


def resume_step(article: "Article") -> str:
    """The step the contributor was heading to, else the first one with something missing."""
    step = (article.declarations.get(PROGRESS) or {}).get("step")
    if step in SLUGS:
        return step
    missing = {item.step for item in missing_items(article)}
    return next((slug for slug in SLUGS if slug in missing), LAST)


def neighbours(current: str) -> tuple[str | None, str | None]:
    index = SLUGS.index(current)
    before = SLUGS[index - 1] if index > 0 else None
    after = SLUGS[index + 1] if index + 1 < len(SLUGS) else None
    return before, after


@dataclass(frozen=True)
class Mark:
    step: Step
    number: int
    state: str  # "current", "done", "missing" (something lacking) or "todo" (not yet saved)
    missing: list[Missing]


def progress(article: "Article | None", current: str, missing: list[Missing]) -> list[Mark]:
    saved = saved_steps(article)
    marks = []
    for number, step in enumerate(STEPS, start=1):
        lacking = [item for item in missing if item.step == step.slug]
        if step.slug == current:
            state = "current"
        elif lacking:
            state = "missing"
        elif step.slug in saved:
            state = "done"
        else:
            state = "todo"
        marks.append(Mark(step, number, state, lacking))
    return marks
