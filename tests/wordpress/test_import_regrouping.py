"""A post whose language or translation group changed between two runs of the import."""

import pytest

from articles.models import Article
from tests.wordpress.builders import ExportBuilder
from tests.wordpress.importing import run

pytestmark = pytest.mark.django_db


def pair(*, translated: bool = True) -> ExportBuilder:
    """Post 10 in English and post 11 in Spanish, translations of each other or, when
    `translated` is off, post 11 made an English post of its own."""
    export = ExportBuilder()
    export.author("ana", display_name="Ana Ruiz", email="ana@example.org")
    export.post(
        10,
        "Crossing the line",
        creator="ana",
        language="en",
        translations="pll_1" if translated else "",
        excerpt="What a border does.",
        date="2023-01-01 10:00:00",
    )
    export.post(
        11,
        "Cruzar la línea" if translated else "Crossing again",
        creator="ana",
        language="es" if translated else "en",
        translations="pll_1" if translated else "",
        excerpt="Lo que hace una frontera." if translated else "What a border does again.",
        date="2023-03-01 10:00:00",
    )
    if translated:
        export.translations("pll_1", {"en": 10, "es": 11})
    return export


@pytest.mark.parametrize("order", ["as exported", "reversed"])
def test_a_translation_that_becomes_a_post_of_its_own_leaves_the_original_intact(tmp_path, order):
    run(pair(), tmp_path)
    piece = Article.objects.get()
    export = pair(translated=False)
    if order == "reversed":
        export.items.reverse()

    report = run(export, tmp_path)

    piece.refresh_from_db()
    assert piece.title_en == "Crossing the line"
    assert Article.objects.count() == 2
    alone = Article.objects.exclude(pk=piece.pk).get()
    assert alone.title_en == "Crossing again"
    assert any("left the piece" in w for p in report.posts for w in p.warnings)


def test_a_split_pair_is_unchanged_on_the_next_run(tmp_path):
    run(pair(), tmp_path)
    run(pair(translated=False), tmp_path)

    report = run(pair(translated=False), tmp_path)

    assert report.summary().startswith("0 new, 0 updated, 2 unchanged")
    assert Article.objects.count() == 2


@pytest.mark.parametrize("order", ["as exported", "reversed"])
def test_two_pieces_whose_posts_become_translations_are_joined_in_the_original(tmp_path, order):
    run(pair(translated=False), tmp_path)
    original = Article.objects.get(title_en="Crossing the line")
    export = pair()
    if order == "reversed":
        export.items.reverse()

    report = run(export, tmp_path)

    original.refresh_from_db()
    assert (original.title_en, original.title_es) == ("Crossing the line", "Cruzar la línea")
    [eleven] = [p for p in report.posts if p.wordpress_id == 11]
    assert any("left the piece" in warning for warning in eleven.warnings)
    assert run(export, tmp_path).summary().startswith("0 new, 0 updated, 2 unchanged")
