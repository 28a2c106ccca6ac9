"""Bios and series/volume descriptions are short rich text: sanitised on every save, in
every language, and converted from the plain text they were before by a migration."""

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from contributors.models import Contributor
from series.models import Series, Volume
from tests.factories import make_contributor, make_series, make_volume

HOSTILE = (
    '<p onclick="x()">Hi <b>there</b><script>alert(1)</script> <a href="javascript:x">l</a></p>'
)
CLEAN = "<p>Hi <strong>there</strong> l</p>"

pytestmark = pytest.mark.django_db


def test_a_contributors_bio_is_sanitised_on_save_in_every_language():
    contributor = make_contributor(bio_en=HOSTILE, bio_es=HOSTILE)
    contributor.refresh_from_db()
    assert (contributor.bio_en, contributor.bio_es) == (CLEAN, CLEAN)


def test_series_and_volume_descriptions_are_sanitised_on_save_in_every_language():
    series = make_series(description_en=HOSTILE, description_es=HOSTILE)
    volume = make_volume(series, description_en=HOSTILE, description_es="plain")
    series.refresh_from_db()
    volume.refresh_from_db()
    assert (series.description_en, series.description_es) == (CLEAN, CLEAN)
    assert (volume.description_en, volume.description_es) == (CLEAN, "<p>plain</p>")


def _run(app: str, migration: str, *, backwards: bool = False) -> None:
    """Run the data migration's own code on the test database, forwards or backwards.

    Its historical models are those of the state right after it; there is no schema change
    to undo, so this is what `migrate` itself runs, without leaving the test's transaction.
    """
    loader = MigrationLoader(connection)
    operation = loader.get_migration(app, migration).operations[0]
    apps = loader.project_state((app, migration)).apps
    (operation.reverse_code if backwards else operation.code)(apps, connection.schema_editor)


PLAIN = "Smith & Sons <b>x</b>\nsecond line\n\nSecond paragraph"
HTML = "<p>Smith &amp; Sons &lt;b&gt;x&lt;/b&gt;<br>second line</p><p>Second paragraph</p>"


BIO = "0005_bio_short_rich_text"
DESCRIPTIONS = "0003_descriptions_short_rich_text"


def test_the_migration_turns_plain_text_bios_into_escaped_paragraphs_and_back():
    contributor = make_contributor()
    Contributor.objects.filter(pk=contributor.pk).update(bio_en=PLAIN, bio_es="")
    _run("contributors", BIO)
    contributor.refresh_from_db()
    assert (contributor.bio_en, contributor.bio_es) == (HTML, "")
    _run("contributors", BIO, backwards=True)
    contributor.refresh_from_db()
    assert (contributor.bio_en, contributor.bio_es) == (PLAIN, "")


def test_the_migration_turns_plain_text_descriptions_into_escaped_paragraphs_and_back():
    series = make_series()
    volume = make_volume(series)
    Series.objects.filter(pk=series.pk).update(description_en=PLAIN, description_es="Uno")
    Volume.objects.filter(pk=volume.pk).update(description_en="", description_es=PLAIN)
    _run("series", DESCRIPTIONS)
    series.refresh_from_db()
    volume.refresh_from_db()
    assert (series.description_en, series.description_es) == (HTML, "<p>Uno</p>")
    assert (volume.description_en, volume.description_es) == ("", HTML)
    _run("series", DESCRIPTIONS, backwards=True)
    series.refresh_from_db()
    volume.refresh_from_db()
    assert (series.description_en, series.description_es) == (PLAIN, "Uno")
    assert (volume.description_en, volume.description_es) == ("", PLAIN)
