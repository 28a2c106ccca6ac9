import pytest

from tests.factories import make_article, make_series, make_volume
from tests.site.html import read

pytestmark = pytest.mark.django_db


def titles_in(page, library, language: str) -> set[str]:
    """Which of the library's pieces a page shows, by slug."""
    pieces = {
        "both": library.both,
        "english-only": library.english,
        "solo-espanol": library.spanish,
        "draft": library.draft,
        "scheduled": library.scheduled,
    }
    return {
        slug
        for slug, article in pieces.items()
        if page.find_all("a", href=f"/{language}/articles/{slug}/")
    }


VISIBLE = {"en": {"both", "english-only", "scheduled"}, "es": {"both", "solo-espanol"}}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    "url",
    ["/", "/articles/", "/topics/idps/", "/series/displacement/", "/series/displacement/4/"],
)
def test_it_lists_only_pieces_published_in_the_active_language(client, library, language, url):
    page = read(client.get(f"/{language}{url}"))
    assert titles_in(page, library, language) == VISIBLE[language]


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_author_page_lists_only_their_pieces_in_the_active_language(client, library, language):
    page = read(client.get(f"/{language}/authors/maria-lopez/"))
    assert titles_in(page, library, language) == {"both"}


def test_the_home_page_shows_the_latest_pieces_and_the_active_series(client, library):
    page = read(client.get("/es/"))
    assert "Últimos textos" in page.text
    assert library.both.title_es in page.text
    assert library.series.title_es in page.text
    assert page.find_all("a", href="/es/series/displacement/")
    assert "Dormant series" not in page.text


def test_the_series_list_leaves_out_inactive_series(client, library):
    page = read(client.get("/en/series/"))
    assert library.series.title_en in page.text
    assert "Dormant series" not in page.text


def test_the_series_list_counts_pieces_in_the_active_language(client, library):
    assert "3 pieces" in read(client.get("/en/series/")).text
    assert "2 textos" in read(client.get("/es/series/")).text


def test_an_inactive_series_keeps_its_page_for_the_pieces_that_link_to_it(client, library):
    assert client.get("/en/series/dormant/").status_code == 200


def test_a_series_page_shows_its_volumes_in_order_with_summaries(client, library):
    later = make_volume(library.series, number=5, title_en="Borders")
    make_article(later, slug="later")
    make_volume(library.series, number=6, title_en="Empty so far")
    page = read(client.get("/en/series/displacement/"))
    text = page.text
    assert text.index("Volume 4: Cities") < text.index("Volume 5: Borders")
    assert "Empty so far" not in text
    assert "A summary of the piece." in text
    assert page.find_all("a", href="/en/series/displacement/5/")


def test_a_series_page_orders_pieces_by_their_position_in_the_volume(client, library):
    page = read(client.get("/en/series/displacement/"))
    links = [
        a["href"]
        for a in page.find_all("a")
        if a.get("href", "").startswith("/en/articles/") and a["href"] != "/en/articles/"
    ]
    assert links == [
        "/en/articles/both/",
        "/en/articles/english-only/",
        "/en/articles/scheduled/",
    ]


def test_a_series_page_shows_its_call_for_contributions(client, library):
    library.series.call_for_contributions_es = "Buscamos textos sobre ciudades."
    library.series.save()
    page = read(client.get("/es/series/displacement/"))
    assert "Convocatoria" in page.text
    assert "Buscamos textos sobre ciudades." in page.text


@pytest.mark.parametrize(("language", "label"), [("en", "Volume 4"), ("es", "Volumen 4")])
def test_a_volume_page_names_the_volume_and_its_series(client, library, language, label):
    page = read(client.get(f"/{language}/series/displacement/4/"))
    assert label in page.text
    assert page.find_all("a", href=f"/{language}/series/displacement/")


def test_a_volume_without_pieces_in_this_language_says_so_and_is_not_indexed(client):
    volume = make_volume(make_series(slug="quiet"), number=1)
    make_article(volume, languages=("en",))
    page = read(client.get("/es/series/quiet/1/"))
    assert "Todavía no se ha publicado en este idioma ningún texto de este volumen." in page.text
    assert page.find_all("meta", name="robots", content="noindex")


@pytest.mark.parametrize(
    ("language", "bio"),
    [
        ("en", "María studies displacement in cities."),
        ("es", "María estudia el desplazamiento en las ciudades."),
    ],
)
def test_an_author_page_shows_the_bio_in_the_readers_language(client, library, language, bio):
    page = read(client.get(f"/{language}/authors/maria-lopez/"))
    assert page.find_all("h1")
    assert "María López" in page.text
    assert bio in page.text


def test_an_author_page_lists_pieces_they_translated(client, library):
    page = read(client.get("/es/authors/tom-reed/"))
    assert titles_in(page, library, "es") == {"both"}


def test_someone_with_only_drafts_has_no_public_page(client, library):
    author = library.draft.authorships.get().contributor
    assert client.get(f"/en/authors/{author.slug}/").status_code == 404


def test_the_authors_list_names_people_with_pieces_in_the_active_language(client, library):
    english_author = library.english.authorships.get().contributor
    spanish_author = library.spanish.authorships.get().contributor
    en = read(client.get("/en/authors/"))
    es = read(client.get("/es/authors/"))
    assert en.find_all("a", href=f"/en/authors/{english_author.slug}/")
    assert not en.find_all("a", href=f"/en/authors/{spanish_author.slug}/")
    assert es.find_all("a", href=f"/es/authors/{spanish_author.slug}/")
    assert es.find_all("a", href="/es/authors/maria-lopez/")
    draft_author = library.draft.authorships.get().contributor
    assert draft_author.display_name not in en.text + es.text


def test_the_topics_page_lists_topics_with_pieces_in_the_active_language(client, library):
    page = read(client.get("/es/topics/"))
    assert page.find_all("a", href="/es/topics/idps/")
    assert "Personas desplazadas" in page.text


def test_a_topic_page_names_the_topic_in_the_readers_language(client, library):
    page = read(client.get("/es/topics/idps/"))
    assert page.find_all("h1")
    assert "Personas desplazadas" in page.text
    assert "2 textos" in page.text


@pytest.mark.parametrize(
    ("language", "title", "phrase"),
    [
        ("en", "How to contribute", "What we look for"),
        ("es", "Cómo contribuir", "Qué buscamos"),
    ],
)
def test_the_contribute_page_renders_what_editors_wrote(client, language, title, phrase):
    page = read(client.get(f"/{language}/contribute/"))
    assert title in page.text
    assert phrase in page.text
