"""The portal's pages keep the site's guards: one <h1>, landmarks, a skip link, no
English left on /es/ pages, and nothing indexed."""

import pytest
from django.core.cache import cache

from articles.workflow.steps import transition
from portal.account_mail import confirmation_link
from portal.steps import SLUGS
from tests.personas import client_for, make_pending_account, make_submission
from tests.site.html import read
from tests.site.test_translations import messages, untranslated

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(client, contributor, series):
    cache.clear()
    article = make_submission(contributor, series, status_path=["submit"])
    transition(article, "request_revisions", None, message="Please add a map.")
    signed_in = client_for(contributor)
    link = confirmation_link(make_pending_account("new@example.org"))
    confirm = "/" + link.split("://", 1)[1].split("/", 2)[2]
    from articles.site.preview import preview_link

    def urls(language: str):
        p = f"/{language}"
        preview = "/" + preview_link(article, language).split("://", 1)[1].split("/", 1)[1]
        return [
            (client, f"{p}/accounts/signup/"),
            (client, f"{p}/accounts/login/"),
            (client, f"{p}/accounts/password-reset/"),
            (client, f"{p}/accounts/password-reset/sent/"),
            (client, f"{p}/accounts/reset/done/"),
            (client, f"{p}/accounts/confirm/MQ/bad-token/"),
            (client, f"{p}{confirm}"),
            (signed_in, f"{p}/accounts/profile/"),
            (signed_in, f"{p}/submit/"),
            (signed_in, f"{p}/submissions/"),
            (signed_in, f"{p}/submissions/{article.pk}/"),
            (signed_in, f"{p}/submissions/{article.pk}/edit/"),
            *[(signed_in, f"{p}/submissions/{article.pk}/edit/{step}/") for step in SLUGS],
            (client, preview),
        ]

    return urls


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_portal_page_has_one_h1_landmarks_and_is_not_indexed(pages, language):
    for client, url in pages(language):
        response = client.get(url, follow=True)
        assert response.status_code in {200, 400}, url
        page = read(response)
        assert page.count("h1") == 1, url
        assert page.count("main") == 1, url
        assert page.find_all("a", href="#main", **{"class": "skip-link"}), url
        labelled = [nav for nav in page.find_all("nav") if nav.get("aria-label")]
        assert len(labelled) == page.count("nav"), url
        robots = [m for m in page.find_all("meta") if m.get("name") == "robots"]
        assert robots and "noindex" in robots[0].get("content"), url


def test_spanish_portal_pages_show_no_english_interface_strings(pages):
    entries = messages()
    for client, url in pages("es"):
        page = read(client.get(url, follow=True))
        assert untranslated(page.text_in("es"), entries) == set(), url
