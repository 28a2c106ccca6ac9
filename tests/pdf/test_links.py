import pytest
from django.template import Context, Template
from django.utils.translation import override

from articles.templatetags.pdf_links import preview_urls
from tests.factories import make_article

pytestmark = pytest.mark.django_db

LINK = Template(
    "{% load pdf_links %}{% article_pdf article as pdf %}"
    "{% if pdf %}{{ pdf.url }} {{ pdf.size|default:'none' }}{% else %}no pdf{% endif %}"
)


def test_the_link_names_the_pdf_and_its_size_once_rendered(client):
    article = make_article(slug="gaps")
    with override("en"):
        assert LINK.render(Context({"article": article})) == "/en/articles/gaps/gaps.pdf none"
    size = len(b"".join(client.get("/en/articles/gaps/gaps.pdf").streaming_content))
    with override("en"):
        assert LINK.render(Context({"article": article})) == f"/en/articles/gaps/gaps.pdf {size}"


def test_there_is_no_link_for_an_unpublished_language():
    article = make_article(languages=("en", "es"), published=("en",))
    with override("es"):
        assert LINK.render(Context({"article": article})) == "no pdf"


def test_volume_and_series_links():
    article = make_article()
    volume, series = article.volume, article.volume.series
    template = Template(
        "{% load pdf_links %}{% volume_pdf volume as v %}{% series_pdf series as s %}"
        "{{ v.url }} {{ s.url }}"
    )
    with override("es"):
        rendered = template.render(Context({"volume": volume, "series": series}))
    assert rendered == (
        f"/es/series/{series.slug}/{volume.number}/{series.slug}-{volume.number}.pdf "
        f"/es/series/{series.slug}/{series.slug}.pdf"
    )


def test_previews_are_offered_in_each_language_with_a_title():
    draft = make_article(languages=("es",), published=(), slug="borrador")
    assert preview_urls(draft) == [("es", "/es/articles/borrador/preview/borrador.pdf")]
