"""Tables: spans clamped by the sanitiser, and a table too large to print refused by name.

An attacker's few kilobytes of cells with HTML's largest spans (colspan 1,000, rowspan
65,534) kept the PDF renderer busy for minutes; tests/pdf/test_hostile_tables.py renders
what the sanitiser leaves of them.
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.models import Article
from colophon.lib import sanitise
from colophon.lib.sanitise import clean_html
from pages.models import Page
from tests.admin.formdata import form_errors, get_form_data
from tests.factories import make_article
from tests.interchange.builders import article, document, dump, media_files, row_counts, write


def table(rows: int, columns: int) -> str:
    cells = "".join(f"<td>{column}</td>" for column in range(columns))
    return "<table><tbody>" + f"<tr>{cells}</tr>" * rows + "</tbody></table>"


def realistic_table() -> str:
    """Six columns, thirty rows, a heading row and a merged cell or two, as stored: the
    editor's tables have no caption (a paragraph before them) and no row groups."""
    head = "".join(f"<th><p>Column {n}</p></th>" for n in range(6))
    rows = []
    for n in range(30):
        if n % 10 == 0:
            rows.append(
                f'<tr><th rowspan="10"><p>Region {n // 10}</p></th>' + "<td><p>4</p></td>" * 5
            )
        elif n == 5:
            rows.append(
                '<tr><td colspan="2"><p>Not counted</p></td>'
                + "".join(f"<td><p>{n}</p></td>" for n in (1, 2, 3))
            )
        else:
            rows.append("<tr>" + "<td><p>7</p></td>" * 5)
    body = "</tr>".join(rows) + "</tr>"
    return f"<p>Displacement by region</p><table><tbody><tr>{head}</tr>{body}</tbody></table>"


# The sanitiser -----------------------------------------------------------------------------


def test_spans_are_clamped_to_what_a_printed_table_can_use():
    cleaned = clean_html(
        '<table><tr><td colspan="1000">a</td><th rowspan="65534">b</th>'
        '<td colspan="20" rowspan="100">c</td></tr>' + "<tr><td>x</td></tr>" * 120 + "</table>"
    )
    assert '<td colspan="20"><p>a</p></td>' in cleaned
    assert '<th rowspan="100"><p>b</p></th>' in cleaned
    assert '<td colspan="20" rowspan="100"><p>c</p></td>' in cleaned


def test_a_row_span_ends_with_the_table_and_the_grid_is_filled_as_the_editor_fills_it():
    cleaned = clean_html('<table><tr><td rowspan="5">a</td></tr><tr><td>b</td></tr></table>')
    # "b" sits beside the spanning "a", so the first row needs a second, empty cell.
    assert cleaned == (
        '<table><tbody><tr><td rowspan="2"><p>a</p></td><td><p></p></td></tr>'
        "<tr><td><p>b</p></td></tr></tbody></table>"
    )


@pytest.mark.parametrize("value", ["0", "-3", "two", "1e9", "99999999999999999999", ""])
def test_a_span_that_is_not_a_positive_whole_number_is_dropped(value):
    cleaned = clean_html(f'<table><tr><td colspan="{value}" rowspan="{value}">a</td></tr></table>')
    assert "<td><p>a</p></td>" in cleaned


def test_a_realistic_table_passes_the_sanitiser_unchanged_and_within_the_limit():
    html = realistic_table()
    assert clean_html(html) == html
    assert sanitise.table_sizes(html) == [31 * 6]
    sanitise.check_tables(html, "Body (English)")


def test_a_table_is_measured_as_its_grid_spans_and_row_groups_included():
    # A row span ends with its row group; a cell spanning from above pushes the next right.
    spanning = (
        '<table><tbody><tr><td rowspan="3">a</td><td>b</td></tr>'
        '<tr><td>c</td><td colspan="2">d</td></tr></tbody>'
        "<tbody><tr><td>e</td></tr></tbody></table>"
    )
    assert sanitise.table_sizes(spanning) == [3 * 4]
    nested = "<table><tr><td>" + table(2, 3) + "</td></tr></table>"
    assert sanitise.table_sizes(clean_html(nested)) == [6, 1]
    # Empty rows cost the renderer a row of the grid each; the sanitiser drops them (the
    # editor's tables have none).
    empty_rows = '<table><tr><td colspan="20">x</td></tr>' + "<tr></tr>" * 200 + "</table>"
    assert sanitise.table_sizes(empty_rows) == [20 * 201]
    assert sanitise.table_sizes(clean_html(empty_rows)) == [20]


def test_a_table_over_the_limit_is_refused_with_its_size_and_the_field():
    with pytest.raises(ValidationError) as caught:
        sanitise.check_tables(table(120, 20), "Body (English)")
    assert caught.value.messages == [
        "The table in Body (English) has 2,400 cells; the limit is 2,000."
    ]


def test_a_hostile_table_is_measured_only_as_far_as_the_refusal_needs():
    hostile = clean_html("<table>" + '<tr><td rowspan="65534">t</td></tr>' * 2150 + "</table>")
    with pytest.raises(ValidationError) as caught:
        sanitise.check_tables(hostile, "Body (English)")
    assert caught.value.messages == [
        "The table in Body (English) has more than 200,000 cells; the limit is 2,000."
    ]


# Where a body is written ------------------------------------------------------------------


@pytest.mark.django_db
def test_an_article_with_a_table_over_the_limit_fails_validation_naming_body_and_language():
    piece = make_article(languages=("en", "es"))
    piece.body_es = "<p>Tabla:</p>" + table(2, 2_000)
    with pytest.raises(ValidationError) as caught:
        piece.full_clean()
    assert caught.value.message_dict["body_es"] == [
        "The table in Body (Spanish) has 4,000 cells; the limit is 2,000."
    ]
    assert "body_en" not in caught.value.message_dict


@pytest.mark.django_db
def test_the_admin_refuses_an_oversized_table_and_keeps_the_stored_body(superuser_client):
    piece = make_article()
    url = reverse("admin:articles_article_change", args=[piece.pk])
    data = get_form_data(superuser_client, url)
    data["body_en"] = table(100, 21)
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    assert form_errors(response)["form"]["body_en"] == [
        "The table in Body (English) has 2,100 cells; the limit is 2,000."
    ]
    piece.refresh_from_db()
    assert piece.body_en == "<p>The body of the piece.</p>"


@pytest.mark.django_db
def test_the_admin_saves_a_realistic_table_as_written(superuser_client):
    piece = make_article()
    url = reverse("admin:articles_article_change", args=[piece.pk])
    data = get_form_data(superuser_client, url) | {"body_en": realistic_table()}
    response = superuser_client.post(url, data)
    assert response.status_code == 302, form_errors(response)
    piece.refresh_from_db()
    assert piece.body_en == realistic_table()


@pytest.mark.django_db
def test_a_page_with_an_oversized_table_fails_validation_naming_its_body():
    page = Page(slug="about", title="About", body_en=table(3000, 1))
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    assert caught.value.message_dict["body_en"] == [
        "The table in Body (English) has 3,000 cells; the limit is 2,000."
    ]


@pytest.mark.django_db
def test_an_import_with_an_oversized_table_is_refused_and_writes_nothing(tmp_path):
    make_article(languages=("en", "es"))
    before = row_counts(), dump(), media_files()
    second = article("second-piece")
    second["body"]["en"] = "<p>Table:</p>" + table(1, 1000).replace("<td>", '<td colspan="5">')
    path = write(tmp_path / "doc", document(article(), second))
    with pytest.raises(CommandError) as caught:
        call_command("import_articles", str(path))
    message = str(caught.value)
    assert (
        'articles[1] "second-piece": body.en: the table in Body (English) has 5,000 cells; '
        "the limit is 2,000." in message
    )
    assert "nothing was imported" in message.splitlines()[0]
    assert (row_counts(), dump(), media_files()) == before
    assert not Article.all_objects.filter(slug="protection-gaps").exists()
