"""The forms each step of the submission shows, bound to what was posted or to the draft.

A step's forms are its "parts": portal/submissions.py saves them by these names.
"""

from typing import cast

from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.models import Article
from colophon.lib.editor import RichTextWidget
from portal import steps, submissions
from portal.figure_forms import figure_formset
from portal.image_forms import ImageForm
from portal.reference_forms import ReferencesTextForm, reference_formset
from portal.submission_forms import BodyForm, CoAuthorFormSet, DeclarationsForm, PieceForm

# What a post without the figures' management form means: no figure added or changed
# (a page opened before the figures were there, or a client posting only the image).
NO_FIGURES = {"figures-TOTAL_FORMS": "0", "figures-INITIAL_FORMS": "0"}


def step_parts(step: str, article: Article | None, request: HttpRequest) -> dict:
    """The step's forms (the image step's figures are saved with it)."""
    post = request.method == "POST"
    data = request.POST if post else None
    files = request.FILES if post else None
    initial = submissions.initial_for(article) if article else {"language": request.LANGUAGE_CODE}
    if step == "piece":
        return {"piece": PieceForm(data, initial=initial, editing=article is not None)}
    if step == "text":
        body = BodyForm(data, files, initial=initial)
        if article is not None:
            _offer_citations(body, article)
        return {"body": body}
    if step == "authors":
        coauthors = submissions.coauthor_initial(article) if article else None
        return {"coauthors": CoAuthorFormSet(data, prefix="coauthors", initial=coauthors)}
    if step == "image":
        image = submissions.image_initial(article) if article else None
        has_image = article is not None and hasattr(article, "image")
        parts: dict = {
            "image": ImageForm(data, files, prefix="image", initial=image, has_image=has_image)
        }
        if article is not None:
            # Only a saved piece reaches this step (the first step starts it).
            language = article.original_language
            formset = figure_formset(language)
            posted: QueryDict | None = data
            if posted is not None and "figures-TOTAL_FORMS" not in posted:
                posted = posted.copy()
                posted.update(NO_FIGURES)
            # A new figure is offered the next number, which the text can then place.
            taken = [figure.number for figure in article.figures.all()]
            parts["figures"] = formset(
                posted,
                files,
                prefix="figures",
                instance=article,
                initial=[{"number": max(taken, default=0) + 1}],
            )
        return parts
    if step == "references":
        # Only a saved piece reaches this step (the first step starts it).
        references = reference_formset(data, cast(Article, article))
        return {"references_text": ReferencesTextForm(data), "references": references}
    resubmitting = article is not None and article.status == Article.Status.REVISIONS_REQUESTED
    return {
        "declarations": DeclarationsForm(
            data, initial=initial, resubmitting=resubmitting, submitting="submit" in (data or {})
        )
    }


def all_valid(parts: dict) -> bool:
    # Every form is validated, so that each shows its own errors.
    return all([part.is_valid() for part in parts.values()])


def _offer_citations(form: BodyForm, article: Article) -> None:
    """The editor cites the references saved in the references step, listed at the URL."""
    widget = form.fields["body"].widget
    if isinstance(widget, RichTextWidget):
        title = next(step.title for step in steps.STEPS if step.slug == "references")
        widget.offer_citations(
            reverse("submissions:citable_references", args=[article.pk]),
            _("Add entries in the “%(step)s” step first, then cite them.") % {"step": title},
        )
