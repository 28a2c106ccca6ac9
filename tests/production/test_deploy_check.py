"""`manage.py check --deploy` passes with production settings and fails when one is weakened;
the https defaults follow SITE_URL and DEBUG."""

from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from colophon.security import proxy_ssl_header, require_https_site
from tests.production.environment import PRODUCTION, run_django, settings_in

DEPLOY_CHECK = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]
SECURITY_CHECK = ["check", "--deploy", "--tag", "security", "--fail-level", "WARNING"]


def test_the_deploy_check_passes_with_production_settings_and_nothing_silenced():
    result = run_django(DEPLOY_CHECK, **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_the_deploy_check_fails_when_hsts_is_turned_off(settings):
    # In process, to keep it quick: the production values, then HSTS off.
    settings.SECRET_KEY = PRODUCTION["SECRET_KEY"]
    settings.ALLOWED_HOSTS = ["series.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    call_command(*SECURITY_CHECK, stdout=StringIO())

    settings.SECURE_HSTS_SECONDS = 0
    with pytest.raises(SystemCheckError, match=r"security\.W004"):
        call_command(*SECURITY_CHECK, stdout=StringIO())


def test_production_defaults_are_https_only_and_development_is_plain_http():
    names = [
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
    ]
    production = settings_in(names, **PRODUCTION)
    assert production == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 365 * 24 * 3600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }
    development = settings_in(names, DEBUG="1")
    assert development["SECURE_SSL_REDIRECT"] is False
    assert development["SECURE_HSTS_SECONDS"] == 0
    assert development["SESSION_COOKIE_SECURE"] is False


def test_production_refuses_a_public_site_url_on_plain_http():
    result = run_django(
        ["manage.py", "check"], **{**PRODUCTION, "SITE_URL": "http://series.example.org"}
    )
    assert result.returncode != 0
    assert "SITE_URL='http://series.example.org' must be an https URL" in result.stderr


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://localhost:8101"])
def test_plain_http_is_accepted_on_a_loopback_host_without_https_defaults(url):
    assert require_https_site(url, debug=False) is False


def test_plain_http_is_accepted_anywhere_in_development():
    assert require_https_site("http://colophon.test", debug=True) is False


def test_the_proxy_header_is_unset_by_default_and_parsed_strictly(monkeypatch):
    monkeypatch.delenv("SECURE_PROXY_SSL_HEADER", raising=False)
    assert proxy_ssl_header("SECURE_PROXY_SSL_HEADER") is None
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto")
    assert proxy_ssl_header("SECURE_PROXY_SSL_HEADER") == ("HTTP_X_FORWARDED_PROTO", "https")
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto: https")
    with pytest.raises(ImproperlyConfigured, match="SECURE_PROXY_SSL_HEADER"):
        proxy_ssl_header("SECURE_PROXY_SSL_HEADER")
