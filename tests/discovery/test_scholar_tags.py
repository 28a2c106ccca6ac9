"""Article pages tell Google Scholar, Dublin Core readers, social sites and search engines
what the piece is: every value is checked against the database."""

import json

import pytest
from django.utils import timezone, translation

from articles.models import Article
from contributors.models import Contributor
from tests.discovery.conftest import SITE
from tests.factories import make_article, make_organisation
from tests.site.html import read

pytestmark = pytest.mark.django_db


def page_of(client, article: Article, language: str):
    response = client.get(f"/{language}/articles/{article.slug}/")
    assert response.status_code == 200
    return read(response)


def json_ld(client, article: Article, language: str) -> dict:
    html = client.get(f"/{language}/articles/{article.slug}/").content.decode()
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def published_pieces():
    return [
        (article, code)
        for article in Article.objects.published_anywhere()
        for code in article.published_languages()
    ]


def test_scholar_tags_on_every_article_page_match_the_database(client, library, site):
    library.both.doi = "10.1234/both.1"
    library.both.save()
    checked = 0
    for article, language in published_pieces():
        page = page_of(client, article, language)
        authors = article.authorships.filter(role="author").order_by("position", "pk")
        when = timezone.localtime(article.published_on(language))
        first = min(article.published_on(code) for code in article.published_languages())
        url = f"{SITE}/{language}/articles/{article.slug}/"
        assert page.meta("citation_title") == [article.localized("title", language)]
        assert page.meta("citation_author") == [a.name for a in authors]
        with translation.override(language):
            institutions = [a.affiliation for a in authors if a.affiliation]
            series_title = article.volume.series.title
        assert page.meta("citation_author_institution") == institutions
        assert page.meta("citation_publication_date") == [
            timezone.localtime(first).strftime("%Y/%m/%d")
        ]
        assert page.meta("citation_online_date") == [when.strftime("%Y/%m/%d")]
        assert page.meta("citation_language") == [language]
        keywords = [k.strip() for k in article.localized("keywords", language).split(",")]
        assert page.meta("citation_keywords")[: len(keywords)] == keywords
        assert page.meta("citation_pdf_url") == [f"{url}{article.slug}.pdf"]
        assert page.meta("citation_abstract_html_url") == [url]
        assert page.meta("citation_doi") == ([article.doi] if article.doi else [])
        assert page.meta("citation_series_title") == [series_title]
        assert page.meta("citation_technical_report_number") == [str(article.volume.number)]
        assert len(page.meta("citation_reference")) == article.references.count()
        checked += 1
    assert checked == 5  # both (en, es), english-only, solo-espanol, scheduled (en)


def test_the_pdf_sits_in_the_same_directory_as_the_page(client, library, site):
    page = page_of(client, library.both, "es")
    (pdf,) = page.meta("citation_pdf_url")
    (html,) = page.meta("citation_abstract_html_url")
    assert pdf.rsplit("/", 1)[0] + "/" == html
    assert pdf.startswith("https://")


def test_each_reference_is_a_citation_reference(client, library):
    page = page_of(client, library.both, "en")
    references = page.meta("citation_reference")
    assert all("Book" in reference and "Doe" in reference for reference in references)


def test_dublin_core_open_graph_and_twitter_describe_the_version(client, library, site):
    article = library.both
    page = page_of(client, article, "es")
    assert page.find_all("link", rel="schema.DC")
    assert page.meta("DC.title") == [article.title_es]
    assert page.meta("DC.language") == ["es"]
    assert f"{SITE}/es/articles/both/" in page.meta("DC.identifier")
    assert page.meta("og:type") == ["article"]
    assert page.meta("og:title") == [article.title_es]
    assert page.meta("og:url") == [f"{SITE}/es/articles/both/"]
    assert page.meta("og:locale") == ["es_ES"]
    assert page.meta("og:locale:alternate") == ["en_GB"]
    assert page.meta("og:image") == [f"{SITE}{article.image.file.url}"]
    assert page.meta("og:image:alt") == ["A river (es)"]
    assert page.meta("article:author") == [f"{SITE}/es/authors/maria-lopez/"]
    assert page.meta("twitter:card") == ["summary_large_image"]
    assert page.find_all("link", rel="canonical", href=f"{SITE}/es/articles/both/")


def test_the_json_ld_is_a_scholarly_article_with_people_series_and_versions(client, library, site):
    library.author.orcid = "0000-0002-1825-0097"
    library.author.save()
    data = json_ld(client, library.both, "en")
    assert data["@type"] == "ScholarlyArticle"
    assert data["headline"] == library.both.title_en
    assert data["inLanguage"] == "en"
    (author,) = data["author"]
    assert author["name"] == "María López Ruiz"
    assert author["sameAs"] == "https://orcid.org/0000-0002-1825-0097"
    assert author["affiliation"]["name"] == "University of Somewhere"
    assert data["isPartOf"]["@type"] == "PublicationVolume"
    assert data["isPartOf"]["volumeNumber"] == "4"
    assert data["isPartOf"]["isPartOf"]["name"] == library.series.title_en
    assert data["datePublished"].startswith(str(library.both.published_on("en").year))
    assert "dateModified" in data
    assert data["workTranslation"] == [
        {
            "@type": "ScholarlyArticle",
            "@id": f"{SITE}/es/articles/both/",
            "url": f"{SITE}/es/articles/both/",
            "name": library.both.title_es,
            "inLanguage": "es",
        }
    ]
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["keywords"][:2] == ["displacement", "violence"]
    assert len(data["citation"]) == 2


def test_the_spanish_version_is_a_translation_of_the_english_one(client, library, site):
    data = json_ld(client, library.both, "es")
    assert data["translationOfWork"]["@id"] == f"{SITE}/en/articles/both/"
    assert "workTranslation" not in data
    assert [person["name"] for person in data["translator"]] == ["Tom Reed"]


def test_the_original_english_version_names_no_translator(client, library, site):
    assert "translator" not in json_ld(client, library.both, "en")


def test_the_image_carries_its_credit_and_licence(client, library, site):
    image = json_ld(client, library.both, "en")["image"]
    assert image["creditText"] == "The River by Jo Photographer, CC BY 2.0"
    assert image["creator"] == {"@type": "Person", "name": "Jo Photographer"}
    assert image["license"] == "https://creativecommons.org/licenses/by/2.0/"
    assert image["acquireLicensePage"] == "https://example.org/river"
    assert image["contentUrl"].startswith(SITE)


def test_an_organisation_author_is_an_organization(client):
    article = make_article(slug="by-org", authors=0)
    article.authorships.create(contributor=make_organisation(name="UNHCR"), position=0)
    (author,) = json_ld(client, article, "en")["author"]
    assert author["@type"] == "Organization"
    assert author["name"] == "UNHCR"


def test_hostile_text_cannot_break_out_of_the_json_ld_or_the_meta_tags(client):
    title = '</script><script>alert(1)</script>" onload="x'
    article = make_article(slug="hostile-meta", title_en=title)
    html = client.get("/en/articles/hostile-meta/").content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(client, article, "en")["headline"] == title
    assert read(client.get("/en/articles/hostile-meta/")).meta("citation_title") == [title]


def test_contributor_names_are_the_byline_snapshot(client):
    article = make_article(slug="snapshot", authors=1)
    authorship = article.authorships.get()
    Contributor.objects.filter(pk=authorship.contributor_id).update(name="Renamed Later")
    page = read(client.get("/en/articles/snapshot/"))
    assert page.meta("citation_author") == [authorship.name]
