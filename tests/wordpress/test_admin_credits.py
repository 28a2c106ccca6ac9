"""Images whose credit an import could not read: ticked in the admin, listed by a filter,
and named in a warning when an editor publishes or schedules their piece."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation

from articles.admin.credits import credit_warning
from articles.models import Article, BodyFigure, FeaturedImage
from tests.factories import make_article, make_upload

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def _figure(article: Article, number: int, *, credit_needed: bool) -> BodyFigure:
    return BodyFigure.objects.create(
        article=article,
        number=number,
        file=make_upload(),
        alt_en=f"Figure {number}",
        title="A photograph",
        creator="Unknown",
        licence="CC-BY-4.0",
        credit_needed=credit_needed,
    )


def _flag_featured_image(article: Article) -> None:
    FeaturedImage.objects.filter(article=article).update(credit_needed=True)


def _messages(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def test_the_warning_names_each_figure_and_the_featured_image_that_need_a_credit():
    article = make_article(published=(), title_en="Crossing")
    _figure(article, 1, credit_needed=False)
    _figure(article, 2, credit_needed=True)
    _flag_featured_image(article)
    warning = credit_warning(article)
    assert warning.startswith("“Crossing”: Figure 2 and the featured image need a credit")


def test_a_piece_whose_images_are_credited_gets_no_warning():
    article = make_article(published=())
    _figure(article, 1, credit_needed=False)
    assert credit_warning(article) == ""


def test_publishing_a_piece_with_a_flagged_image_warns_but_publishes(superuser_client):
    article = make_article(published=(), title_en="Crossing")
    _flag_featured_image(article)
    response = superuser_client.post(
        CHANGELIST,
        {"action": "publish_en", "_selected_action": [article.pk]},
        follow=True,
    )
    article.refresh_from_db()
    assert article.is_published("en")
    warnings = [text for level, text in _messages(response) if level == "warning"]
    assert warnings == [credit_warning(article)]
    assert "The featured image needs a credit" in warnings[0]


def test_publishing_a_credited_piece_gives_no_credit_warning(superuser_client):
    article = make_article(published=())
    response = superuser_client.post(
        CHANGELIST,
        {"action": "publish_en", "_selected_action": [article.pk]},
        follow=True,
    )
    assert article.__class__.objects.get(pk=article.pk).is_published("en")
    assert not [text for level, text in _messages(response) if level == "warning"]


def test_scheduling_a_piece_with_a_flagged_figure_warns_but_schedules(superuser_client):
    article = make_article(published=(), title_en="Crossing")
    _figure(article, 3, credit_needed=True)
    when = timezone.localtime(timezone.now() + timedelta(days=2))
    response = superuser_client.post(
        reverse("admin:articles_article_transition", args=[article.pk, "schedule"]),
        {
            "expected": article.status,
            "at_en_0": when.strftime("%Y-%m-%d"),
            "at_en_1": when.strftime("%H:%M:%S"),
        },
        follow=True,
    )
    article.refresh_from_db()
    assert article.status == Article.Status.SCHEDULED
    warnings = [text for level, text in _messages(response) if level == "warning"]
    assert len(warnings) == 1
    assert "Figure 3 needs a credit" in warnings[0]


def test_the_warning_is_in_spanish_for_a_spanish_speaking_editor():
    article = make_article(published=(), title_en="Crossing")
    _figure(article, 2, credit_needed=True)
    _flag_featured_image(article)
    with translation.override("es"):
        warning = credit_warning(article)
    assert "La figura 2 y la imagen destacada necesitan un crédito" in warning


def test_the_list_filter_shows_only_pieces_with_an_image_needing_a_credit(superuser_client):
    flagged_image = make_article(published=())
    _flag_featured_image(flagged_image)
    flagged_figure = make_article(published=())
    _figure(flagged_figure, 1, credit_needed=True)
    _figure(flagged_figure, 2, credit_needed=True)
    credited = make_article(published=())
    _figure(credited, 1, credit_needed=False)
    response = superuser_client.get(CHANGELIST, {"credit_needed": "yes"})
    shown = list(response.context["cl"].result_list)
    assert sorted(a.pk for a in shown) == sorted([flagged_image.pk, flagged_figure.pk])
    assert "Image credit needed" in response.content.decode()


def test_the_featured_image_and_figure_inlines_show_the_credit_needed_box(superuser_client):
    article = make_article(published=())
    _flag_featured_image(article)
    _figure(article, 1, credit_needed=True)
    response = superuser_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    html = response.content.decode()
    for name in ("image-0-credit_needed", "figures-0-credit_needed"):
        box = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
        assert box is not None, name
        assert "checked" in box.group(0)


def test_the_ready_to_publish_box_asks_to_check_each_flagged_image(superuser_client):
    article = make_article(published=())
    _figure(article, 2, credit_needed=True)
    response = superuser_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "Check: figure 2 needs a credit" in response.content.decode()
