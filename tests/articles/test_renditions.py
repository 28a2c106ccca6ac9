"""Featured images are served as WebP and JPEG renditions of a few fixed widths."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from articles.models import FeaturedImage
from articles.renditions import WIDTHS, rendition_name, renditions, widths_for
from tests.factories import image_bytes, make_article, make_upload

pytestmark = pytest.mark.django_db


def big_article(width=2000, height=1000):
    article = make_article(image=False)
    FeaturedImage.objects.create(
        article=article,
        file=make_upload(data=image_bytes(size=(width, height))),
        title="The River",
        creator="Jo",
        licence="CC-BY-2.0",
        alt_en="A river",
    )
    article.refresh_from_db()
    return article


def stored(url: str) -> Image.Image:
    name = url.split("/media/", 1)[1]
    with default_storage.open(name) as f:
        return Image.open(io.BytesIO(f.read()))


def test_a_large_image_gets_480_960_and_1600_pixel_renditions_in_webp_and_jpeg():
    image = big_article().image
    for extension, fmt in (("webp", "WEBP"), ("jpg", "JPEG")):
        made = renditions(image, extension)
        assert [r.width for r in made] == list(WIDTHS)
        assert [r.height for r in made] == [240, 480, 800]
        for rendition in made:
            picture = stored(rendition.url)
            assert picture.format == fmt
            assert picture.size == (rendition.width, rendition.height)


def test_an_image_is_never_upscaled():
    assert widths_for(700) == [480, 700]
    assert widths_for(300) == [300]
    assert widths_for(1600) == [480, 960, 1600]
    image = big_article(width=700, height=350).image
    assert [r.width for r in renditions(image, "webp")] == [480, 700]


def test_renditions_are_made_once_and_reused(monkeypatch):
    image = big_article().image
    first = renditions(image, "jpg")
    monkeypatch.setattr(
        "articles.renditions._encode", lambda *a: pytest.fail("resized a second time")
    )
    assert renditions(image, "jpg") == first


def test_renditions_are_keyed_by_the_file_name_and_size():
    assert rendition_name("images/a.jpg", 10, 480, "webp") != rendition_name(
        "images/a.jpg", 11, 480, "webp"
    )


def test_only_the_fixed_sizes_and_formats_can_be_made():
    for width, extension in ((1601, "jpg"), (4000, "webp"), (0, "jpg"), (480, "png")):
        with pytest.raises(ValueError):
            rendition_name("images/a.jpg", 10, width, extension)
    with pytest.raises(ValueError):
        renditions(big_article().image, "gif")


def test_the_article_hero_is_a_picture_with_srcset_dimensions_and_eager_loading(client):
    article = big_article()
    page = client.get(f"/en/articles/{article.slug}/").content.decode()
    figure = page.split('<figure class="article__image">')[1].split("</figure>")[0]
    assert '<source type="image/webp" srcset="' in figure
    assert re.search(r"-480\.webp 480w, \S+-960\.webp 960w, \S+-1600\.webp 1600w", figure)
    assert re.search(r'<img src="\S+-960\.jpg" srcset="\S+-480\.jpg 480w', figure)
    assert 'width="2000" height="1000"' in figure
    assert 'sizes="' in figure
    assert 'loading="lazy"' not in figure
    assert 'fetchpriority="high"' in figure


def test_images_below_the_fold_load_lazily(client):
    topic_piece = big_article()
    article = make_article(topics=0)
    topic = topic_piece.topics.first()
    article.topics.add(topic)
    page = client.get(f"/en/articles/{article.slug}/").content.decode()
    related = page.split('id="related-heading"')[1]
    assert 'loading="lazy"' in related
    assert 'width="2000" height="1000"' in related


def test_a_missing_original_falls_back_to_a_plain_image(client):
    article = big_article()
    default_storage.delete(article.image.file.name)
    assert renditions(article.image, "webp") == []
    response = client.get(f"/en/articles/{article.slug}/")
    assert response.status_code == 200
    assert "<picture>" not in response.content.decode()
