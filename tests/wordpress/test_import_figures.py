import pytest

from articles.models import Article
from tests.wordpress.builders import ExportBuilder
from tests.wordpress.importing import MemoryImages, run

pytestmark = pytest.mark.django_db


def img(file: str, attachment: int, alt: str = "") -> str:
    return (
        f'<img class="wp-image-{attachment}" '
        f'src="https://example.org/wp-content/uploads/{file}" alt="{alt}">'
    )


def pair() -> ExportBuilder:
    export = ExportBuilder()
    export.author("ana", display_name="Ana Ruiz")
    export.category("papers", "Papers")
    export.attachment(50, "2023/fence.jpg", title="The Fence", alt="A fence at dusk")
    export.attachment(51, "2023/river.jpg", title="River")
    export.attachment(52, "2023/map.png", title="Map")
    export.post(
        10,
        "Fences",
        creator="ana",
        categories=["papers"],
        language="en",
        translations="pll_1",
        excerpt="x",
        thumbnail=50,
        content=f"<p>One.</p>\n\n{img('2023/fence.jpg', 50)}\n\n<p>Two.</p>\n\n"
        f"{img('2023/river.jpg', 51, 'A river')}",
    )
    export.post(
        11,
        "Vallas",
        creator="ana",
        categories=["papers"],
        language="es",
        translations="pll_1",
        excerpt="y",
        date="2023-09-01 10:00:00",
        thumbnail=50,
        content=f"<p>Uno.</p>\n\n{img('2023/map.png', 52, 'Un mapa')}\n\n"
        f"{img('2023/river.jpg', 51, 'Un río')}",
    )
    export.translations("pll_1", {"en": 10, "es": 11})
    return export


def test_a_picture_in_both_languages_is_one_figure_and_a_new_one_is_numbered_after(tmp_path):
    run(pair(), tmp_path)

    piece = Article.objects.get()
    figures = {f.number: f for f in piece.figures.all()}
    assert sorted(figures) == [1, 2, 3]
    assert figures[1].alt_en == figures[1].alt_es == "A fence at dusk"  # copied for es
    assert (figures[2].alt_en, figures[2].alt_es) == ("A river", "Un río")
    assert figures[3].alt_es == "Un mapa"
    assert '<figure data-figure="1"></figure>' in piece.body_en
    assert '<figure data-figure="2"></figure>' in piece.body_en
    assert '<figure data-figure="3"></figure>' in piece.body_es
    assert '<figure data-figure="2"></figure>' in piece.body_es
    assert 'data-figure="1"' not in piece.body_es


def test_the_featured_image_s_alt_is_copied_for_the_other_language_with_a_warning(tmp_path):
    report = run(pair(), tmp_path)

    image = Article.objects.get().image
    assert image.alt_en == image.alt_es == "A fence at dusk"
    spanish = next(p for p in report.posts if p.wordpress_id == 11)
    assert "alt text of the featured image copied from the en version" in spanish.warnings


def test_a_picture_without_alt_text_gets_one_guessed_from_its_title_and_a_warning(tmp_path):
    report = run(pair(), tmp_path)

    figure = Article.objects.get().figures.get(number=1)
    assert figure.alt_en == "A fence at dusk"  # the attachment's own
    english = next(p for p in report.posts if p.wordpress_id == 10)
    assert not any("figure 1" in w and "guessed" in w for w in english.warnings)


def test_a_second_run_keeps_the_numbers_and_the_files(tmp_path, settings):
    run(pair(), tmp_path)
    export = pair()
    export.items[-1] = export.items[-1].replace("Uno.", "Uno, otra vez.")

    run(export, tmp_path)

    piece = Article.objects.get()
    assert sorted(piece.figures.values_list("number", flat=True)) == [1, 2, 3]
    assert "Uno, otra vez." in piece.body_es
    assert '<figure data-figure="3"></figure>' in piece.body_es


def test_a_picture_whose_credit_cannot_be_read_is_flagged_and_the_piece_still_shows(
    tmp_path, client
):
    report = run(pair(), tmp_path)

    piece = Article.objects.get()
    assert piece.image.credit_needed is True
    assert (piece.image.creator, piece.image.licence) == ("", "")
    english = next(p for p in report.posts if p.wordpress_id == 10)
    assert "credit needed: fence.jpg" in english.warnings
    assert client.get(piece.get_absolute_url()).status_code == 200


def test_a_caption_with_a_creative_commons_credit_gives_the_figure_its_credit(tmp_path):
    export = pair()
    export.items[-1] = export.items[-1].replace(
        img("2023/map.png", 52, "Un mapa"),
        '[caption id="attachment_52" align="alignnone" width="300"]'
        + img("2023/map.png", 52, "Un mapa")
        + ' <a href="https://flickr.com/photos/1">Map of the border</a> by Jason Jacobs, '
        '<a href="https://creativecommons.org/licenses/by/2.0/">CC BY 2.0</a>[/caption]',
    )

    run(export, tmp_path)

    figure = Article.objects.get().figures.get(number=3)
    assert (figure.title, figure.creator, figure.licence) == (
        "Map of the border",
        "Jason Jacobs",
        "CC-BY-2.0",
    )
    assert figure.credit_needed is False
    assert figure.source_url == "https://flickr.com/photos/1"


def test_one_picture_shown_twice_with_two_captions_is_two_figures(tmp_path):
    export = ExportBuilder()
    export.category("papers", "Papers")
    export.attachment(60, "2023/wall.jpg", title="Wall", alt="A wall")
    shown = img("2023/wall.jpg", 60)
    export.post(
        10,
        "Walls",
        categories=["papers"],
        excerpt="x",
        content=f"<p>One.</p>\n\n{shown}\n\n<p>Two.</p>\n\n"
        f'[caption id="attachment_60" width="300"]{shown} The wall again[/caption]',
    )

    run(export, tmp_path)

    piece = Article.objects.get()
    assert sorted(piece.figures.values_list("number", flat=True)) == [1, 2]
    assert piece.figures.get(number=2).caption_en == "The wall again"


def test_a_gallery_picture_that_cannot_be_loaded_is_reported_by_its_file_name(tmp_path):
    export = ExportBuilder()
    export.category("papers", "Papers")
    export.attachment(40, "2020/01/dock.jpg", title="Dock", parent=41)
    export.post(41, "A gallery", categories=["papers"], excerpt="x", content='[gallery ids="40"]')

    report = run(export, tmp_path, loader=MemoryImages(missing={"dock.jpg"}))

    warnings = report.posts[0].warnings
    assert "figure 1 (dock.jpg) removed from the text" in warnings, warnings
