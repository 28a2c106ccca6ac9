"""Old addresses over HTTP: tried only when no Colophon URL answered, answered with a 301."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from redirects.models import Redirect
from tests.factories import make_article, make_series, make_volume

pytestmark = pytest.mark.django_db


@pytest.fixture
def piece():
    return make_article(make_volume(make_series(slug="displacement")), slug="my-post")


def redirect_queries(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "redirects_redirect" in q["sql"]]


def test_an_old_permalink_answers_301_to_the_piece(client, piece):
    Redirect.objects.point("/2019/05/my-post/", "/en/articles/my-post/", "post 12, permalink")
    response = client.get("/2019/05/my-post/")
    assert response.status_code == 301
    assert response["Location"] == "/en/articles/my-post/"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ("p=123", "/en/articles/my-post/"),
        ("page_id=5", "/en/about/"),
        ("cat=3", "/en/series/displacement/"),
        ("feed=rss2", "/en/feeds/rss/"),
        ("attachment_id=9", "/en/articles/my-post/"),
    ],
)
def test_a_wordpress_query_on_the_home_page_reaches_the_redirects(client, piece, query, target):
    Redirect.objects.point(f"/?{query}", target)
    response = client.get(f"/?{query}")
    assert response.status_code == 301
    assert response["Location"] == target


def test_a_query_without_a_redirect_still_gets_the_language_redirect(client, db):
    response = client.get("/?p=999")
    assert response.status_code in {301, 302}
    assert response["Location"].startswith("/en/")


def test_a_wordpress_query_with_a_tracking_parameter_still_finds_its_redirect(client, piece):
    Redirect.objects.point("/?p=123", "/en/articles/my-post/")
    response = client.get("/?utm_source=newsletter&p=123")
    assert response.status_code == 301
    assert response["Location"] == "/en/articles/my-post/"


def test_a_category_archive_leads_to_its_series(client, piece):
    Redirect.objects.point("/category/displacement/", "/en/series/displacement/")
    spellings = ("/category/displacement/", "/category/displacement", "/Category/Displacement/")
    for spelling in spellings:
        response = client.get(spelling)
        assert (response.status_code, response["Location"]) == (301, "/en/series/displacement/")
    assert client.get("/en/series/displacement/").status_code == 200


@pytest.mark.parametrize(
    "spelling",
    [
        "/2020/03/desplazamiento-en-m%C3%A9xico/",
        "/2020/03/desplazamiento-en-m%C3%A9xico",
        "/2020/03/desplazamiento-en-méxico/",
        "/2020/03/Desplazamiento-En-M%C3%A9xico/",
    ],
)
def test_a_percent_encoded_spanish_permalink_redirects_in_any_spelling(client, db, spelling):
    Redirect.objects.point("/2020/03/desplazamiento-en-m%C3%A9xico/", "/es/articles/d/")
    response = client.get(spelling)
    assert (response.status_code, response["Location"]) == (301, "/es/articles/d/")


def test_a_tracking_parameter_on_a_permalink_is_carried_over(client, piece):
    Redirect.objects.point("/2019/05/my-post/", "/en/articles/my-post/")
    response = client.get("/2019/05/my-post/?utm_source=x")
    assert response["Location"] == "/en/articles/my-post/?utm_source=x"


def test_a_colophon_url_always_wins_over_a_redirect_row(client, piece):
    # Allowed, because a slug's address can answer "not found"; but this one answers.
    Redirect.objects.point("/en/articles/my-post/", "/en/articles/elsewhere/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/articles/my-post/")
    assert response.status_code == 200
    assert redirect_queries(queries) == []


def test_a_page_that_answers_does_no_redirect_query(client, piece, settings):
    settings.REDIRECT_OLD_HOSTS = ["blog.example.org"]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "blog.example.org"]
    Redirect.objects.point("/2019/05/my-post/", "/en/articles/my-post/")
    for address in ("/en/", "/en/articles/my-post/", "/en/series/displacement/"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        assert redirect_queries(queries) == [], address


def test_a_not_found_costs_one_redirect_query_and_stays_not_found(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/articles/no-such-piece/")
    assert response.status_code == 404
    assert len(redirect_queries(queries)) == 1


def test_head_is_redirected_and_post_is_not(client, piece):
    Redirect.objects.point("/?p=123", "/en/articles/my-post/")
    head = client.head("/?p=123")
    assert (head.status_code, head["Location"]) == (301, "/en/articles/my-post/")
    Redirect.objects.point("/2019/05/my-post/", "/en/articles/my-post/")
    assert client.post("/2019/05/my-post/").status_code == 404


def test_a_redirect_tells_browsers_to_check_again_within_a_day(client, piece):
    Redirect.objects.point("/2019/05/my-post/", "/en/articles/my-post/")
    assert client.get("/2019/05/my-post/")["Cache-Control"] == "max-age=86400"


def test_a_row_for_a_page_of_the_site_cannot_take_its_slashless_spelling(client, piece):
    # An export can name any address as an old permalink, this site's own included.
    Redirect.objects.point("/en/articles/my-post/", "/es/")
    response = client.get("/en/articles/my-post")
    assert response.status_code == 301
    assert response["Location"] == "/en/articles/my-post/"
    assert client.get(response["Location"]).status_code == 200


def test_a_slashless_old_address_of_a_gone_page_still_reaches_its_redirect(client, piece):
    Redirect.objects.point("/en/articles/gone/", "/en/articles/my-post/")
    first = client.get("/en/articles/gone")
    assert first["Location"] == "/en/articles/gone/"
    second = client.get(first["Location"])
    assert second.status_code == 301
    assert second["Location"] == "/en/articles/my-post/"


@pytest.mark.parametrize("address", ["/old/.%00/photo.png", "/old/?p=1%00"])
def test_an_address_with_a_nul_byte_stays_not_found(client, db, address):
    assert client.get(address).status_code == 404
