"""Table spans that once kept the PDF renderer busy for minutes are clamped by the sanitiser.

The bodies are the ones an attacker sent: kilobytes of cells with the largest spans HTML
allows. Refusing them is the model's and the forms' job (tests/articles/test_tables.py);
here the sanitised body is written with a queryset update, as a stored body from before
the table limit would be, and must still render quickly.
"""

import time

import pytest

from articles.models import Article
from articles.pdf.content import article_source, articles_for_pdf
from articles.pdf.render import render_source
from colophon.lib.sanitise import clean_html
from tests.factories import make_article
from tests.pdf.conftest import pdf_text

pytestmark = pytest.mark.django_db

# 7.5 KB: one row of 300 cells, each 1,000 columns wide.
WIDE = "<table><tr>" + '<td colspan="1000">w</td>' * 300 + "</tr></table>"
# 75 KB: 2,150 rows, each with a cell spanning every row below it.
TALL = "<table>" + '<tr><td rowspan="65534">t</td></tr>' * 2150 + "</table>"


def render_time(body: str) -> tuple[float, str]:
    article = make_article()
    Article.objects.filter(pk=article.pk).update(body_en=clean_html(body))
    source = article_source(articles_for_pdf().get(pk=article.pk), "en")
    started = time.monotonic()
    rendered = render_source(source)
    return time.monotonic() - started, pdf_text(rendered.data)


@pytest.mark.parametrize("body", [WIDE, TALL], ids=["colspan", "rowspan"])
def test_a_sanitised_body_of_hostile_spans_renders_to_pdf_quickly(body):
    seconds, text = render_time(body)
    assert seconds < 30, f"rendering took {seconds:.0f} s"
    assert text
