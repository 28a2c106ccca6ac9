import pytest
from django.urls import reverse

from articles.models import Article, Reference
from tests.admin.formdata import form_errors, get_form_data
from tests.factories import make_article, make_contributor, make_volume

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")


def _change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def test_an_article_edited_in_the_admin_keeps_its_body_sanitised_in_every_language(
    superuser_client, settings
):
    article = make_article(languages=("en", "es"), authors=2, references=2)
    data = get_form_data(superuser_client, _change_url(article))
    for code, _name in settings.LANGUAGES:
        data[f"body_{code}"] = (
            f'<p onclick="steal()">{code}<script>alert(1)</script></p>'
            '<a href="javascript:alert(1)">x</a><h1>Heading</h1>'
        )
    data["authorships-0-name"] = "Ana María Author"
    response = superuser_client.post(_change_url(article), data)
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    for code, _name in settings.LANGUAGES:
        body = article.localized("body", code)
        assert body.startswith(f"<p>{code}</p>")
        assert "script" not in body
        assert "onclick" not in body
        assert "javascript" not in body
        assert "<h2>Heading</h2>" in body
    assert article.authorships.count() == 2
    assert article.references.count() == 2
    assert article.authorships.first().name == "Ana María Author"


def _new_article_data(client, **fields) -> dict:
    data = get_form_data(client, ADD)
    data |= {
        "slug": "a-new-piece",
        "volume": str(make_volume().pk),
        "position": "1",
        "licence": "CC-BY-4.0",
    }
    return data | fields


def test_a_piece_written_in_spanish_needs_no_english_title(superuser_client):
    data = _new_article_data(superuser_client, original_language="es", title_es="Una pieza")
    response = superuser_client.post(ADD, data)
    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get(slug="a-new-piece")
    assert article.title_es == "Una pieza"
    assert article.status == Article.Status.DRAFT


def test_a_piece_needs_a_title_in_its_original_language(superuser_client):
    data = _new_article_data(superuser_client, original_language="es", title_en="Only English")
    response = superuser_client.post(ADD, data)
    assert response.status_code == 200
    assert (
        "A piece needs a title in its original language."
        in form_errors(response)["form"]["title_es"]
    )
    assert not Article.objects.filter(slug="a-new-piece").exists()


def test_an_author_is_added_with_a_byline_snapshot_of_their_profile(superuser_client):
    contributor = make_contributor(given_name="Jo", family_name="Okafor")
    data = _new_article_data(superuser_client, original_language="en", title_en="A piece")
    data |= {"authorships-0-contributor": str(contributor.pk), "authorships-0-role": "author"}
    response = superuser_client.post(ADD, data)
    assert response.status_code == 302, form_errors(response)
    authorship = Article.objects.get(slug="a-new-piece").authorships.get()
    assert authorship.name == "Jo Okafor"
    assert authorship.affiliation_es == "Universidad de Algún Lugar"


def test_the_same_author_cannot_be_listed_twice_in_the_same_role(superuser_client):
    article = make_article(authors=1, references=0)
    data = get_form_data(superuser_client, _change_url(article))
    data |= {
        "authorships-1-contributor": data["authorships-0-contributor"],
        "authorships-1-role": "author",
    }
    response = superuser_client.post(_change_url(article), data)
    assert response.status_code == 200
    assert "already exists" in str(form_errors(response)["authorships-1"])
    assert article.authorships.count() == 1


def _post_reference(client, article: Article, **fields):
    data = get_form_data(client, _change_url(article))
    data |= {f"references-0-{name}": value for name, value in fields.items()}
    return client.post(_change_url(article), data)


def test_a_structured_reference_with_a_bad_field_shows_the_problem_on_that_field(
    superuser_client,
):
    article = make_article(references=0)
    response = _post_reference(superuser_client, article, type="book", title="T", doi="not a doi")
    assert response.status_code == 200
    errors = form_errors(response)["references-0"]
    assert errors["doi"] == ["The DOI must look like 10.1234/abc."]
    assert "__all__" not in errors
    assert article.references.count() == 0


def test_a_chapter_without_its_books_title_says_so_on_that_field(superuser_client):
    article = make_article(references=0)
    response = _post_reference(superuser_client, article, type="chapter", title="A chapter")
    errors = form_errors(response)["references-0"]
    assert errors["container_title"] == ["A chapter needs the book's title."]
    assert "__all__" not in errors
    assert article.references.count() == 0


def test_a_free_text_reference_needs_its_text(superuser_client):
    article = make_article(references=0)
    response = _post_reference(superuser_client, article, type="text", title="Ignored")
    errors = form_errors(response)["references-0"]
    assert errors == {"text": ["Write the entry as it should be printed."]}


def test_a_valid_reference_is_saved_and_rendered_on_the_form(superuser_client):
    article = make_article(references=0)
    response = _post_reference(
        superuser_client,
        article,
        type="book",
        title="Forced Migration",
        **{"name-0-family": "Cantor", "name-0-given": "David", "issued": "2018"},
        position="1",
    )
    assert response.status_code == 302, form_errors(response)
    reference = Reference.objects.get(article=article)
    assert reference.csl == {
        "type": "book",
        "title": "Forced Migration",
        "author": [{"family": "Cantor", "given": "David"}],
        "issued": {"date-parts": [[2018]]},
    }
    html = superuser_client.get(_change_url(article)).content.decode()
    assert "Cantor" in html
    assert "<i>Forced Migration</i>" in html


def test_an_empty_reference_row_is_not_saved_and_does_not_show_null(superuser_client):
    article = make_article(references=0)
    response = superuser_client.get(_change_url(article))
    assert ">null</textarea>" not in response.content.decode()
    response = superuser_client.post(
        _change_url(article), get_form_data(superuser_client, _change_url(article))
    )
    assert response.status_code == 302, form_errors(response)
    assert article.references.count() == 0


def test_rows_added_without_a_position_go_after_the_existing_ones(superuser_client):
    article = make_article(authors=2, references=0)
    first, second = make_contributor(), make_contributor()
    data = get_form_data(superuser_client, _change_url(article))
    data |= {
        "authorships-2-contributor": str(first.pk),
        "authorships-3-contributor": str(second.pk),
        "authorships-3-role": "author",
        "authorships-TOTAL_FORMS": "4",
        "authorships-3-position": "0",
        "references-0-type": "text",
        "references-0-text": "A report.",
        "references-1-type": "text",
        "references-1-text": "A later report.",
        "references-TOTAL_FORMS": "2",
    }
    response = superuser_client.post(_change_url(article), data)
    assert response.status_code == 302, form_errors(response)
    bylines = list(article.authorships.values_list("contributor", "position"))
    assert bylines[2:] == [(first.pk, 2), (second.pk, 3)]
    assert list(article.references.values_list("text", "position")) == [
        ("A report.", 0),
        ("A later report.", 1),
    ]
