"""A site that moved to a new domain: every request on the old host goes to SITE_URL."""

from urllib.error import HTTPError
from urllib.request import HTTPRedirectHandler, Request, build_opener

import pytest
from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
from django.test import Client

from colophon.security import old_hosts
from redirects.middleware import OldHostMiddleware
from redirects.models import Redirect
from tests.factories import make_article

OLD = "blog.example.org"


@pytest.fixture
def moved(settings):
    settings.SITE_URL = "https://series.example.org"
    settings.REDIRECT_OLD_HOSTS = [OLD, f"www.{OLD}"]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, OLD, f"www.{OLD}"]


@pytest.fixture
def old_site(moved):
    return Client(HTTP_HOST=OLD)


@pytest.mark.django_db
def test_a_stored_redirect_on_the_old_host_leads_to_its_target_on_site_url(old_site):
    Redirect.objects.point("/2019/05/my-post/", "/en/articles/my-post/")
    response = old_site.get("/2019/05/my-post/")
    assert response.status_code == 301
    assert response["Location"] == "https://series.example.org/en/articles/my-post/"
    assert old_site.get("/?p=5&x=1").status_code == 301


@pytest.mark.django_db
def test_any_other_address_on_the_old_host_keeps_its_path_on_site_url(old_site):
    response = old_site.get("/about-us/?lang=en")
    assert response.status_code == 301
    assert response["Location"] == "https://series.example.org/about-us/?lang=en"
    # Even one Colophon answers itself: the old host serves nothing.
    make_article(slug="live-piece")
    response = old_site.get("/en/articles/live-piece/")
    assert response["Location"] == "https://series.example.org/en/articles/live-piece/"


@pytest.mark.django_db
def test_the_old_host_answers_head_and_post_and_any_spelling_of_its_name(moved):
    Redirect.objects.point("/?p=5", "/en/articles/five/")
    target = "https://series.example.org/en/articles/five/"
    for host in (OLD, f"WWW.{OLD.upper()}", f"{OLD}:80"):
        response = Client(HTTP_HOST=host).head("/?p=5")
        assert (response.status_code, response["Location"]) == (301, target)
    assert Client(HTTP_HOST=OLD).post("/wp-login.php").status_code == 301


@pytest.mark.django_db
def test_the_new_host_is_not_affected(moved, client):
    make_article(slug="live-piece")
    assert client.get("/en/articles/live-piece/").status_code == 200


def test_without_old_hosts_the_middleware_steps_aside(settings, rf):
    settings.REDIRECT_OLD_HOSTS = []
    with pytest.raises(MiddlewareNotUsed):
        OldHostMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]


@pytest.mark.parametrize(
    "hosts", [["https://blog.example.org"], ["blog.example.org/path"], ["series.example.org"]]
)
def test_an_old_host_setting_that_is_not_a_plain_other_host_stops_the_start(hosts):
    with pytest.raises(ImproperlyConfigured):
        old_hosts(hosts, "https://series.example.org")


class _NoFollow(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.django_db(transaction=True)
def test_a_real_http_client_gets_the_301_from_a_live_server(live_server):
    make_article(slug="my-post")
    Redirect.objects.point("/?p=123", "/en/articles/my-post/")
    opener = build_opener(_NoFollow)
    for method in ("GET", "HEAD"):
        with pytest.raises(HTTPError) as answer:
            request = Request(f"{live_server.url}/?p=123", method=method)  # noqa: S310
            opener.open(request, timeout=10)
        assert answer.value.code == 301
        assert answer.value.headers["Location"] == "/en/articles/my-post/"
