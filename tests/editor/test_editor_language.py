"""The editor's words (toolbar, dialogs, the note's own editor) in the page's language:
a translation catalog the pages with an editor load before the editor's module."""

import pytest

from tests.personas import client_for, make_person, make_submission

pytestmark = pytest.mark.django_db


def test_the_spanish_catalog_translates_the_editors_own_words_and_the_stock_buttons(client):
    response = client.get("/es/jsi18n/")
    assert response.status_code == 200
    text = response.content.decode()
    for spanish in ("Nota al pie (Ctrl+Alt+F)", "Texto de la nota", "Negrita", "Deshacer"):
        assert spanish in text


@pytest.mark.parametrize("where", ["text step", "profile"])
def test_pages_with_an_editor_load_the_catalog_before_the_editor(where):
    author = make_person("ana@example.org")
    draft = make_submission(author)
    path = {
        "text step": f"/es/submissions/{draft.pk}/edit/text/",
        "profile": "/es/accounts/profile/",
    }[where]
    response = client_for(author).get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<script src="/es/jsi18n/"></script>' in html
    assert html.index("/es/jsi18n/") < html.index("js/editor/editor")
