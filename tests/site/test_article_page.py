import pytest
from django.utils import translation
from django.utils.formats import date_format

from articles.citations import render_reference
from tests.factories import make_article
from tests.site.html import read

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "es"])
def test_it_shows_the_title_subtitle_summary_and_body_in_the_readers_language(
    client, library, language
):
    page = read(client.get(f"/{language}/articles/both/"))
    article = library.both
    for field in ("title", "subtitle", "summary"):
        assert article.localized(field, language) in page.text
    assert {"en": "The body of the piece.", "es": "El cuerpo de la pieza."}[language] in page.text
    assert page.count("h1") == 1


def test_it_places_the_piece_in_its_volume_and_series_with_links(client, library):
    response = client.get("/en/articles/both/")
    page = read(response)
    assert (
        "Volume 4 · Internal Displacement in the Context of Organised Criminal Violence"
        in page.text
    )
    assert page.find_all("a", href="/en/series/displacement/4/")
    assert page.find_all("a", href="/en/series/displacement/")


def test_it_names_the_volume_in_spanish_on_the_spanish_page(client, library):
    page = read(client.get("/es/articles/both/"))
    assert (
        "Volumen 4 · Desplazamiento interno en contextos de violencia criminal organizada"
        in page.text
    )


def test_it_prints_the_byline_snapshot_and_links_each_author(client, library):
    library.author.name = "Someone Else"
    library.author.save()
    page = read(client.get("/en/articles/both/"))
    assert "María López Ruiz" in page.text
    assert "Someone Else" not in page.text
    assert page.find_all("a", href="/en/authors/maria-lopez/")
    assert "University of Somewhere" in page.text


def test_the_translated_version_names_its_translators(client, library):
    page = read(client.get("/es/articles/both/"))
    assert "Traducción de Tom Reed" in page.text
    assert page.find_all("a", href="/es/authors/tom-reed/")


def test_the_original_version_credits_no_translator(client, library):
    # The English text is the original (as in its PDF): nobody translated it.
    page = read(client.get("/en/articles/both/"))
    assert "Translated by" not in page.text
    assert "Tom Reed" not in page.text
    assert "María López Ruiz" in page.text


@pytest.mark.parametrize(
    ("language", "credited"), [("en", "Translated by Tom Reed"), ("es", None)]
)
def test_a_piece_written_in_spanish_credits_its_translator_only_in_english(
    client, library, language, credited
):
    library.both.original_language = "es"
    library.both.save()
    page = read(client.get(f"/{language}/articles/both/"))
    if credited:
        assert credited in page.text
    else:
        assert "Traducción de" not in page.text and "Tom Reed" not in page.text


@pytest.mark.parametrize(
    ("language", "credited"), [("en", None), ("es", "Traducción de Tom Reed")]
)
def test_the_cards_on_listing_pages_follow_the_same_rule(client, library, language, credited):
    page = read(client.get(f"/{language}/series/displacement/4/"))
    if credited:
        assert credited in page.text
    else:
        assert "Translated by" not in page.text and "Tom Reed" not in page.text


@pytest.mark.parametrize("language", ["en", "es"])
def test_it_dates_each_language_version_in_that_language(client, library, language):
    with translation.override(language):
        expected = date_format(library.both.published_on(language).astimezone(), "DATE_FORMAT")
    page = read(client.get(f"/{language}/articles/both/"))
    assert expected in page.text
    if language == "es":
        assert " de " in expected


def test_it_links_the_topics(client, library):
    page = read(client.get("/es/articles/both/"))
    assert "Personas desplazadas" in page.text
    assert page.find_all("a", href="/es/topics/idps/")


def test_it_shows_the_image_with_alt_text_caption_and_full_credit(client, library):
    image = library.both.image
    image.caption_en = "Houses by the river"
    image.save()
    response = client.get("/en/articles/both/")
    page = read(response)
    assert page.find_all("img", alt="A river (en)")
    assert "Houses by the river" in page.text
    assert "The River by Jo Photographer, CC BY 2.0" in page.text
    assert page.find_all("a", href="https://example.org/river")
    assert page.find_all("a", href="https://creativecommons.org/licenses/by/2.0/", rel="license")


def test_it_reads_well_without_a_featured_image(client):
    make_article(image=False, slug="plain")
    response = client.get("/en/articles/plain/")
    assert response.status_code == 200
    assert read(response).count("img") == 0


@pytest.mark.parametrize("language", ["en", "es"])
def test_it_renders_the_bibliography_in_the_series_citation_style(client, library, language):
    content = client.get(f"/{language}/articles/both/").content.decode()
    for reference in library.both.references.all():
        assert str(render_reference(reference, "apa", language)) in content


def test_it_lists_the_keywords_of_the_language_version(client, library):
    assert "displacement" in read(client.get("/en/articles/both/")).text
    assert "desplazamiento" in read(client.get("/es/articles/both/")).text


@pytest.mark.parametrize(
    ("language", "bio"),
    [
        ("en", "María studies displacement in cities."),
        ("es", "María estudia el desplazamiento en las ciudades."),
    ],
)
def test_it_shows_each_authors_bio_in_the_readers_language(client, library, language, bio):
    assert bio in read(client.get(f"/{language}/articles/both/")).text


def test_it_never_borrows_an_english_bio_for_the_spanish_page(client, library):
    library.author.bio_es = ""
    library.author.save()
    page = read(client.get("/es/articles/both/"))
    assert "María studies" not in page.text


def test_it_links_the_licence_to_its_deed(client, library):
    page = read(client.get("/en/articles/both/"))
    assert page.find_all("a", href="https://creativecommons.org/licenses/by/4.0/", rel="license")
    assert "CC BY 4.0" in page.text


def test_it_prints_all_rights_reserved_without_a_link(client):
    make_article(
        slug="closed",
        licence="LicenseRef-All-Rights-Reserved",
        languages=("en", "es"),
        image=False,
    )
    page = read(client.get("/es/articles/closed/"))
    assert "Todos los derechos reservados" in page.text
    assert not page.find_all("a", rel="license")


def test_it_escapes_plain_text_fields(client):
    make_article(slug="hostile", title_en="<script>alert(1)</script>", summary_en="<b>x</b>")
    content = client.get("/en/articles/hostile/").content.decode()
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;" in content
    assert "<b>x</b>" not in content


def test_it_has_a_canonical_link_to_itself(client, library, settings):
    settings.SITE_URL = "https://example.org"
    page = read(client.get("/es/articles/both/"))
    assert page.find_all("link", rel="canonical") == [
        {"rel": "canonical", "href": "https://example.org/es/articles/both/"}
    ]
