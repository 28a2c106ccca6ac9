"""The forms each step of the submission shows, bound to what was posted or to the draft.

A step's forms are its "parts": portal/submissions.py saves them by these names.
"""

from django.http import HttpRequest

from articles.models import Article
from portal import submissions
from portal.image_forms import ImageForm
from portal.reference_forms import ReferenceFormSet, ReferencesTextForm
from portal.submission_forms import BodyForm, CoAuthorFormSet, DeclarationsForm, PieceForm

# The image step's slot for the body's figures: a formset class taking (data, files,
# prefix="figures", instance=article), saved with the image step. None until figures exist.
FIGURES_FORMSET = None


def step_parts(step: str, article: Article | None, request: HttpRequest, figures=None) -> dict:
    """The step's forms; `figures` (a formset class) overrides FIGURES_FORMSET."""
    post = request.method == "POST"
    data = request.POST if post else None
    files = request.FILES if post else None
    initial = submissions.initial_for(article) if article else {"language": request.LANGUAGE_CODE}
    if step == "piece":
        return {"piece": PieceForm(data, initial=initial, editing=article is not None)}
    if step == "text":
        return {"body": BodyForm(data, files, initial=initial)}
    if step == "authors":
        coauthors = submissions.coauthor_initial(article) if article else None
        return {"coauthors": CoAuthorFormSet(data, prefix="coauthors", initial=coauthors)}
    if step == "image":
        image = submissions.image_initial(article) if article else None
        has_image = article is not None and hasattr(article, "image")
        parts: dict = {
            "image": ImageForm(data, files, prefix="image", initial=image, has_image=has_image)
        }
        figures = figures or FIGURES_FORMSET
        if figures is not None:
            parts["figures"] = figures(data, files, prefix="figures", instance=article)
        return parts
    if step == "references":
        rows = submissions.reference_initial(article) if article else None
        return {
            "references_text": ReferencesTextForm(data, initial=initial),
            "references": ReferenceFormSet(data, prefix="references", initial=rows),
        }
    resubmitting = article is not None and article.status == Article.Status.REVISIONS_REQUESTED
    return {
        "declarations": DeclarationsForm(
            data, initial=initial, resubmitting=resubmitting, submitting="submit" in (data or {})
        )
    }


def all_valid(parts: dict) -> bool:
    # Every form is validated, so that each shows its own errors.
    return all([part.is_valid() for part in parts.values()])
