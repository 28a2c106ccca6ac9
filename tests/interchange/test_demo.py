"""The demo content that `make run` loads is a real document in the interchange format."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from articles.models import Article, FeaturedImage, Reference
from contributors.models import Contributor
from series.models import Series
from tests.interchange.builders import media_files

pytestmark = pytest.mark.django_db

DEMO = Path(settings.BASE_DIR) / "demo" / "demo.json"


@pytest.fixture
def demo() -> Path:
    if not DEMO.exists():
        pytest.skip("demo/demo.json is not there yet (the demo content is written separately)")
    return DEMO


def test_the_demo_content_imports_and_covers_what_the_site_shows(demo):
    out = StringIO()
    call_command("import_articles", str(demo), stdout=out)
    assert out.getvalue().startswith("Imported ")
    assert Series.objects.count() >= 2
    assert Article.objects.count() >= 8
    both = [a for a in Article.objects.all() if {"en", "es"} <= set(a.published_languages())]
    assert len(both) >= 3
    assert FeaturedImage.objects.values("licence").distinct().count() >= 3
    assert Reference.objects.filter(csl__isnull=False).exists()
    assert Reference.objects.filter(csl__isnull=True).exists()


def test_loading_the_demo_again_adds_no_rows_and_no_files(demo):
    call_command("import_articles", str(demo), stdout=StringIO())
    counts = (Article.objects.count(), Reference.objects.count(), FeaturedImage.objects.count())
    files = media_files()
    out = StringIO()
    call_command("import_articles", str(demo), stdout=out)
    assert "(0 new, " in out.getvalue()
    again = (Article.objects.count(), Reference.objects.count(), FeaturedImage.objects.count())
    assert again == counts
    assert media_files() == files


def test_importing_published_pieces_emails_nobody(
    demo, mailoutbox, django_capture_on_commit_callbacks
):
    # An author the site can write to: publishing her piece from the admin would e-mail her.
    Contributor.objects.create(
        slug="mariana-quintero-salas", family_name="Quintero Salas", email="mq@example.org"
    )
    # The notifications are sent on commit, so the callbacks must really run.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_articles", str(demo), stdout=StringIO())
    assert Article.objects.published("en").filter(slug="protection-gaps-criminal-violence")
    assert mailoutbox == []
