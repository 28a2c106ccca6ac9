"""The rich-text widget: a textarea marked for the editor, loading our own ES module."""

import pytest
from django.urls import reverse

from colophon.lib.editor import AdminRichTextWidget, RichTextWidget
from pages.models import Page
from tests.factories import make_article


def test_the_widget_is_a_textarea_marked_with_its_profile():
    html = RichTextWidget(profile="short").render("bio", "<p>x</p>", {"id": "id_bio"})
    assert html.startswith("<textarea")
    assert 'data-rich-text="short"' in html
    assert "&lt;p&gt;x&lt;/p&gt;</textarea>" in html


def test_a_body_without_figures_says_so_to_the_editor():
    html = AdminRichTextWidget(figures=False).render("body", "", {"id": "id_body"})
    assert 'data-rich-text="body"' in html
    assert 'data-figures="false"' in html
    assert 'class="vLargeTextField"' in html


def test_an_unknown_profile_is_refused():
    with pytest.raises(ValueError, match="unknown rich-text profile"):
        RichTextWidget(profile="long")  # type: ignore[arg-type]


def test_the_media_is_our_module_and_stylesheets_without_an_import_map():
    media = str(RichTextWidget().media)
    assert '<script type="module" src="/static/js/editor/editor.js"></script>' in media
    assert "/static/css/editor.css" in media
    assert "/static/django_prose_editor/editor.css" in media
    assert "importmap" not in media


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["article", "page"])
def test_the_admin_writes_bodies_in_the_editor_with_no_html_help_text(superuser_client, model):
    if model == "article":
        url = reverse("admin:articles_article_change", args=[make_article().pk])
    else:
        url = reverse("admin:pages_page_add")
    page = superuser_client.get(url).content.decode()
    assert page.count('data-rich-text="body"') == 2  # one editor per language
    assert page.count('src="/static/js/editor/editor.js"') == 1
    assert "sanitised on save" not in page
    assert ('data-figures="false"' in page) == (model == "page")


@pytest.mark.django_db
def test_a_saved_page_body_has_no_figures():
    page = Page.objects.create(
        slug="x", title="X", body_en='<p>a</p><figure data-figure="1"></figure>'
    )
    assert page.body_en == "<p>a</p>"
