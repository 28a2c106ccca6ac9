import pytest

from pages.models import Page
from tests.site.conftest import public_urls
from tests.site.html import read

pytestmark = pytest.mark.django_db


def test_it_answers_404_in_spanish_for_a_piece_only_published_in_english(client, library):
    response = client.get("/es/articles/english-only/")
    assert response.status_code == 404
    page = read(response)
    assert page.find_all("html", lang="es")
    assert "No disponible en este idioma" in page.text
    assert page.find_all("a", href="/en/articles/english-only/", hreflang="en")
    assert library.english.title_en in page.text


def test_the_not_in_your_language_page_is_kept_out_of_search_engines(client, library):
    page = read(client.get("/es/articles/english-only/"))
    assert page.find_all("meta", name="robots", content="noindex")
    assert not page.find_all("link", rel="canonical")
    assert not page.find_all("link", rel="alternate")


def test_it_answers_404_in_english_for_a_piece_only_published_in_spanish(client, library):
    response = client.get("/en/articles/solo-espanol/")
    assert response.status_code == 404
    page = read(response)
    assert "Not available in this language" in page.text
    assert page.find_all("a", href="/es/articles/solo-espanol/", hreflang="es")
    assert page.find_all("cite", lang="es")


def test_a_scheduled_language_version_is_not_there_yet(client, library):
    response = client.get("/es/articles/scheduled/")
    assert response.status_code == 404
    assert read(response).find_all("a", href="/en/articles/scheduled/")
    assert library.scheduled.title_es not in read(response).text


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_draft_is_an_ordinary_404_that_reveals_nothing(client, library, language):
    response = client.get(f"/{language}/articles/draft/")
    assert response.status_code == 404
    page = read(response)
    assert library.draft.title_en not in page.text
    assert library.draft.title_es not in page.text
    assert not page.find_all("a", href="/en/articles/draft/")


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_unknown_slug_is_a_404_everywhere(client, library, language):
    for path in ("articles", "topics", "series", "authors", "pages"):
        assert client.get(f"/{language}/{path}/no-such-thing/").status_code == 404
    assert client.get(f"/{language}/series/displacement/99/").status_code == 404
    assert client.get(f"/{language}/series/no-such-series/4/").status_code == 404


def test_a_page_without_a_spanish_version_says_so_in_spanish(client):
    Page.objects.create(slug="about", title_en="About us", body_en="<p>Hello.</p>")
    assert client.get("/en/pages/about/").status_code == 200
    response = client.get("/es/pages/about/")
    assert response.status_code == 404
    page = read(response)
    assert "No disponible en este idioma" in page.text
    assert page.find_all("a", href="/en/pages/about/")
    assert "Hello." not in page.text


def test_the_contribute_page_has_one_address(client):
    response = client.get("/es/pages/contribute/")
    assert response.status_code == 301
    assert response["Location"] == "/es/contribute/"


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_page_links_to_itself_in_the_other_language(client, library, language):
    other = {"en": "es", "es": "en"}[language]
    for url in public_urls(library, language):
        page = read(client.get(url))
        expected = f"/{other}/" + url.split("/", 2)[2]
        assert page.switcher() == {other: expected}, url


def test_the_switcher_marks_the_current_language_in_its_own_name(client, library):
    page = read(client.get("/es/"))
    current = page.find_all("span", **{"aria-current": "true"})
    assert current == [{"aria-current": "true", "lang": "es"}]
    assert "Español" in page.text
    assert "English" in page.text


def test_the_switcher_offers_only_the_languages_a_piece_exists_in(client, library):
    page = read(client.get("/en/articles/english-only/"))
    assert page.switcher() == {}
    assert "Español" not in page.text


def test_the_switcher_on_a_404_leads_to_the_other_home_page(client, library):
    page = read(client.get("/es/no-such-page/"))
    assert page.switcher() == {"en": "/en/"}


def test_it_lists_hreflang_alternates_for_every_published_version(client, library, settings):
    settings.SITE_URL = "https://example.org"
    page = read(client.get("/es/articles/both/"))
    assert page.alternates() == {
        "en": "https://example.org/en/articles/both/",
        "es": "https://example.org/es/articles/both/",
        "x-default": "https://example.org/en/articles/both/",
    }


def test_a_piece_in_one_language_has_one_alternate_and_it_is_the_default(client, library):
    page = read(client.get("/es/articles/solo-espanol/"))
    assert page.alternates() == {
        "es": "http://127.0.0.1:8000/es/articles/solo-espanol/",
        "x-default": "http://127.0.0.1:8000/es/articles/solo-espanol/",
    }


def test_a_scheduled_version_is_not_an_alternate_yet(client, library):
    page = read(client.get("/en/articles/scheduled/"))
    assert set(page.alternates()) == {"en", "x-default"}


def test_listing_pages_offer_both_languages_as_alternates(client, library):
    page = read(client.get("/es/series/"))
    assert set(page.alternates()) == {"en", "es", "x-default"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_page_declares_its_language(client, library, language):
    for url in public_urls(library, language):
        assert read(client.get(url)).find_all("html", lang=language), url
