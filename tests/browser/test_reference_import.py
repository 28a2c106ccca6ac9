"""The admin's reference import in Chromium, with JavaScript off (it needs none): paste,
preview a readable table, add the ticked entries. A screenshot of the preview is kept."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)

BIBTEX = r"""@book{cantor2019, author = {Cantor, David James}, editor = {Bradley, Megan},
  title = {Forced Migration and Internal Displacement}, publisher = {Routledge},
  address = {London}, year = {2019}, abstract = {Long}, keywords = {idps}}
@misc{idmc, author = {{Internal Displacement Monitoring Centre}}, title = {Global Report on
  Internal Displacement}, url = {https://www.internal-displacement.org/global-report/grid2022/},
  urldate = {2024-03-01}}
@article{whitfield, author = {Whitfield, Joanna and Serrano, Diego}, title = {Invisible Flight},
  journal = {Journal of Displacement Studies}, volume = {34}, number = {2}, pages = {211--236},
  year = {2021}, doi = {10.5555/jds.2021.342}}
@book{again, title = {Book 0}, year = 2020}
@book{broken, title = {Never closed
"""


def test_an_editor_previews_and_adds_references_without_javascript(browser, live_server, tmp_path):
    # SCREENSHOT_DIR keeps the picture of the preview for a person to look at.
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    get_user_model().objects.create_superuser("editor", "editor@example.org", "pw-editor-123")
    article = make_article(references=2)
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill("editor")
    page.locator("#id_password").fill("pw-editor-123")
    page.locator("input[type=submit]").click()

    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.get_by_role("link", name="Import references").click()
    page.locator("#id_text").fill(BIBTEX)
    page.get_by_role("button", name="Preview").click()

    table = page.locator("table.reference-import")
    table.wait_for()
    rows = table.locator("tbody tr")
    assert rows.count() == 5
    assert "Possible duplicate" in rows.nth(3).inner_text()
    assert "could not be read" in rows.nth(4).inner_text()
    assert page.locator("input[name=pick]:checked").count() == 3
    # Every row's cells line up with the header's columns.
    header = [box["x"] for box in _boxes(table.locator("thead th"))]
    for n in range(rows.count()):
        cells = [box["x"] for box in _boxes(rows.nth(n).locator("td"))]
        assert cells == pytest.approx(header, abs=1)
    page.screenshot(path=str(shots / "reference-import-preview.png"), full_page=True)

    page.get_by_role("button", name="Add selected references").click()
    assert "Added 3 references." in page.locator(".messagelist").inner_text()
    assert article.references.count() == 5


def _boxes(locator):
    return [locator.nth(i).bounding_box() for i in range(locator.count())]
