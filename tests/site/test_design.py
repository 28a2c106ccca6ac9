"""The design's promises that can be read from the files: the shipped web font, motion."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def site_css() -> str:
    return Path(finders.find("css/site.css")).read_text(encoding="utf-8")


def test_the_text_face_is_a_renamed_woff2_subset_of_source_serif_4_with_swap():
    css = site_css()
    faces = re.findall(r"@font-face\s*{([^}]*)}", css)
    assert len(faces) == 5
    for face in faces:
        assert 'font-family: "Colophon Serif"' in face
        assert "font-display: swap" in face
        file = re.search(r'url\("\.\./([^"]+)"\)', face).group(1)
        data = Path(finders.find(file)).read_bytes()
        assert data[:4] == b"wOF2"
    assert '--font-text: "Colophon Serif"' in css


def test_every_page_preloads_the_regular_face(client):
    page = client.get("/en/").content.decode()
    assert re.search(
        r'<link rel="preload" href="/static/fonts/source-serif-4/web/ColophonSerif-Regular\.woff2"'
        r' as="font" type="font/woff2" crossorigin>',
        page,
    )


def test_motion_is_only_for_readers_who_have_not_asked_for_less():
    css = site_css()
    assert "@media (prefers-reduced-motion: reduce)" in css
    smooth = css.index("scroll-behavior: smooth")
    assert css.rfind("@media (prefers-reduced-motion: no-preference)", 0, smooth) != -1


def test_the_subsets_do_not_use_the_reserved_font_name():
    from fontTools.ttLib import TTFont

    for file in Path(finders.find("fonts/source-serif-4/web")).glob("*.woff2"):
        names = TTFont(file)["name"]
        for name_id in (1, 4, 6, 16):
            record = names.getName(name_id, 3, 1, 0x409)
            if record is not None:
                assert "Source" not in record.toUnicode(), file.name
                assert "Colophon" in record.toUnicode(), file.name
