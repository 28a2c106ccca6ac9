from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from articles.models import Article
from articles.workflow.steps import publish_language
from tests.factories import make_article, make_contributor

pytestmark = pytest.mark.django_db


def test_a_body_is_sanitised_in_every_language_on_save():
    article = make_article(
        languages=("en", "es"),
        body_en='<p onclick="x()">Hi<script>alert(1)</script></p>',
        body_es='<p>Hola <a href="javascript:alert(1)">enlace</a></p>',
    )
    article.refresh_from_db()
    assert article.body_en == "<p>Hi</p>"
    assert "javascript" not in article.body_es
    assert "enlace" in article.body_es


def test_the_active_language_decides_which_text_is_read():
    article = make_article(languages=("en", "es"))
    with translation.override("es"):
        assert article.title == article.title_es
    with translation.override("en"):
        assert article.title == article.title_en


def test_a_spanish_reader_never_gets_english_text_for_an_untranslated_piece():
    article = make_article(languages=("en",))
    with translation.override("es"):
        assert article.title == ""
        assert article.body == ""


def test_each_language_version_has_its_own_publication_date():
    article = make_article(languages=("en", "es"), published=("en",))
    assert article.published_languages() == ["en"]
    later = timezone.now() + timedelta(days=30)
    publish_language(article, "es", at=later)
    assert not article.is_published("es")
    assert Article.objects.published("es").count() == 0
    assert list(Article.objects.published("en")) == [article]


def test_it_refuses_to_publish_a_language_version_that_is_not_written():
    article = make_article(languages=("en",))
    with pytest.raises(ValidationError, match="title"):
        publish_language(article, "es")


def test_a_byline_snapshot_survives_a_later_profile_edit():
    article = make_article(authors=1)
    authorship = article.authorships.get()
    contributor = authorship.contributor
    contributor.name = "Someone Else Entirely"
    contributor.affiliation_en = "Another place"
    contributor.save()
    authorship.refresh_from_db()
    assert authorship.name != "Someone Else Entirely"
    assert authorship.affiliation_en == "University of Somewhere"


def test_an_organisation_has_a_single_name_and_a_literal_csl_name():
    organisation = make_contributor(
        kind="organisation", given_name="", family_name="", name="UN-Habitat"
    )
    organisation.full_clean()
    assert organisation.csl_name() == {"literal": "UN-Habitat"}
