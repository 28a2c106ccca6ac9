"""Security headers on every kind of response, and a Content Security Policy that public
pages share (so they can be cached) and the admin lives with."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from colophon.security import content_security_policy, media_origins
from tests.factories import make_article

pytestmark = pytest.mark.django_db

EVERY_RESPONSE = {
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}


def _csp(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_pages_redirects_errors_admin_and_media_all_carry_the_security_headers(client):
    article = make_article()
    default_storage.save("images/photo.png", ContentFile(b"\x89PNG\r\n\x1a\n"))
    responses = {
        "page": client.get(article.get_absolute_url()),
        "redirect": client.get("/"),
        "not found": client.get("/en/no-such-page/"),
        "admin login": client.get("/admin/login/"),
        "media": client.get("/media/images/photo.png"),
        "sitemap": client.get("/sitemap.xml"),
    }
    assert [r.status_code for r in responses.values()] == [200, 302, 404, 200, 200, 200]
    for kind, response in responses.items():
        for header, value in EVERY_RESPONSE.items():
            assert response.headers.get(header) == value, (kind, header)
        assert "frame-ancestors" in response.headers.get("Content-Security-Policy", ""), kind


def test_the_public_policy_allows_only_our_own_scripts_and_no_nonce(client):
    response = client.get(make_article().get_absolute_url())
    policy = _csp(response)
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["form-action"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    # The same header on every request: a cached page stays valid.
    assert (
        client.get(response.request["PATH_INFO"]).headers["Content-Security-Policy"]
        == (response.headers["Content-Security-Policy"])
    )


def test_a_public_article_page_has_no_inline_script_or_style(client):
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert_no_inline_code(html)


def test_the_admin_change_form_has_no_inline_script_or_style(superuser_client):
    article = make_article()
    for url in (
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/articles/article/",
        "/admin/",
    ):
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        assert_no_inline_code(response.content.decode())


def test_session_and_csrf_cookies_are_http_only(client):
    get_user_model().objects.create_user("reader", "r@example.org", "pw-reader-123")
    login = client.get("/en/accounts/login/")
    assert login.cookies["csrftoken"]["httponly"]
    client.post(
        "/en/accounts/login/",
        {"username": "reader", "password": "pw-reader-123"},
    )
    assert client.cookies["sessionid"]["httponly"]


def assert_no_inline_code(html: str) -> None:
    """Every script is a file or a data block; no <style> element, no style attribute."""
    for attributes, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S):
        data_block = re.search(r'type="application/(ld\+)?json"', attributes)
        assert "src=" in attributes or (data_block and body.strip()), attributes
        if "src=" in attributes:
            assert not body.strip(), attributes
    assert not re.search(r"<style\b", html)
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)


@pytest.mark.parametrize(
    ("options", "origins"),
    [
        ({}, []),
        (
            {"bucket_name": "colophon-media", "custom_domain": "media.example.org"},
            ["https://media.example.org"],
        ),
        (
            {"bucket_name": "colophon-media", "region_name": "eu-west-1"},
            [
                "https://colophon-media.s3.amazonaws.com",
                "https://colophon-media.s3.eu-west-1.amazonaws.com",
            ],
        ),
        (
            {"bucket_name": "colophon-media", "endpoint_url": "https://s3.example.net"},
            ["https://s3.example.net", "https://*.s3.example.net"],
        ),
    ],
)
def test_images_may_come_from_the_media_bucket_and_nowhere_else(options, origins):
    storage = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    policy = content_security_policy(media_origins(storage))
    assert policy["img-src"] == ["'self'", "data:", *origins]
    assert policy["script-src"] == ["'self'"]
