"""A table too large to print is refused in the portal on the field it came in."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article
from tests.personas import client_for, docx_bytes, paragraph, post_submission, submission_form

pytestmark = pytest.mark.django_db


def _submit(contributor, series, **body):
    data = submission_form(series, **body)
    return post_submission(client_for(contributor), data)


def test_a_pasted_body_with_a_hostile_table_is_refused_on_the_body_field(contributor, series):
    hostile = "<table><tr>" + '<td colspan="1000">x</td>' * 300 + "</tr></table>"
    response = _submit(contributor, series, body_format="html", body=hostile)
    assert response.status_code == 400
    assert response.context["form"].errors["body"] == [
        "The table in the body has 6,000 cells; the limit is 2,000."
    ]
    assert Article.objects.get().body_en == ""  # nothing of the refused step is saved


def test_a_docx_with_an_oversized_table_is_refused_on_the_document_field(contributor, series):
    cell = "<w:tc><w:p><w:r><w:t>7</w:t></w:r></w:p></w:tc>"
    rows = f"<w:tr>{cell * 30}</w:tr>" * 70
    document = docx_bytes(paragraph("Figures") + f"<w:tbl>{rows}</w:tbl>")
    response = _submit(
        contributor,
        series,
        body_format="docx",
        docx=SimpleUploadedFile("piece.docx", document),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["docx"] == [
        "The table in the .docx file has 2,100 cells; the limit is 2,000."
    ]
    assert Article.objects.get().body_en == ""  # nothing of the refused step is saved


def test_a_pasted_body_with_a_realistic_table_is_saved_as_written(contributor, series):
    head = "".join(f"<th>Year {n}</th>" for n in range(6))
    rows = "".join("<tr>" + "<td>12</td>" * 6 + "</tr>" for _ in range(30))
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    response = _submit(contributor, series, body_format="html", body=table)
    assert response.status_code == 302
    # Stored as the editor writes tables: one row group, each cell's text a paragraph.
    stored = table.replace("</thead><tbody>", "").replace("<thead>", "<tbody>")
    stored = stored.replace("<th>", "<th><p>").replace("</th>", "</p></th>")
    stored = stored.replace("<td>", "<td><p>").replace("</td>", "</p></td>")
    assert Article.objects.get().body_en == stored
