"""The steps as a browser without JavaScript uses them (only the forms and links on each
page), and in Spanish."""

import lxml.html
import pytest

from articles.models import Article
from tests.personas import client_for

pytestmark = pytest.mark.django_db


def send(client, response, button: str, **values):
    """Submit the page's form as a browser would: every field it carries, `values` typed
    in, and the named button (name=value) pressed."""
    document = lxml.html.fromstring(response.content.decode())
    form = next(f for f in document.forms if f.get("enctype") == "multipart/form-data")
    data: dict = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    for name, value in values.items():
        data[name] = value
    name, _, value = button.partition("=")
    action = form.get("action") or response.request["PATH_INFO"]
    return client.post(action, {**data, name: value})


def buttons(response) -> dict[str, str]:
    document = lxml.html.fromstring(response.content.decode())
    return {
        b.text_content().strip(): f"{b.get('name')}={b.get('value')}"
        for b in document.iter("button")
        if b.get("name")
    }


def test_a_contributor_without_javascript_goes_from_the_first_step_to_submission(
    contributor, series
):
    client = client_for(contributor)
    page = client.get("/en/submit/")
    assert "<script>" not in page.content.decode()  # nothing inline the form relies on
    next_step = buttons(page)["Save and continue"]
    response = send(
        client,
        page,
        next_step,
        series=str(series.pk),
        title="Cities that shelter",
        summary="What the piece says.",
    )
    steps_seen = []
    typed = {
        "text": {"body": "<p>Three months of fieldwork.</p>"},
        "authors": {"coauthors-0-name": "Eva Ruiz"},
        "image": {},
        "references": {"references_text": "UNHCR, Global Trends (2023)."},
    }
    while response.status_code == 302 and "/edit/declarations/" not in response["Location"]:
        page = client.get(response["Location"])
        step = response["Location"].rstrip("/").rsplit("/", 1)[1]
        steps_seen.append(step)
        response = send(client, page, buttons(page)["Save and continue"], **typed[step])
    assert steps_seen == ["text", "authors", "image", "references"]
    page = client.get(response["Location"])
    assert "your consent to store the data" in page.content.decode()
    done = send(
        client, page, buttons(page)["Submit to the editors"], original_work="on", consent="on"
    )
    article = Article.objects.get()
    assert done["Location"] == f"/en/submissions/{article.pk}/"
    assert article.status == Article.Status.SUBMITTED
    assert article.body_en == "<p>Three months of fieldwork.</p>"
    assert article.authorships.count() == 2
    assert article.references.get().text == "UNHCR, Global Trends (2023)."


def test_back_saves_what_was_typed_without_javascript(contributor, series):
    client = client_for(contributor)
    first = client.get("/en/submit/")
    to_text = send(client, first, buttons(first)["Save and continue"], title="A title")
    page = client.get(to_text["Location"])
    back = send(client, page, buttons(page)["Save and go back"], body="<p>Typed.</p>")
    assert back["Location"].endswith("/edit/piece/")
    assert Article.objects.get().body_en == "<p>Typed.</p>"


def test_the_steps_speak_spanish(contributor, series):
    client = client_for(contributor)
    first = {"language": "es", "title": "Llegar", "series": series.pk, "summary": "Sí."}
    client.post("/es/submit/", first)
    article = Article.objects.get()
    page = client.get(f"/es/submissions/{article.pk}/edit/declarations/").content.decode()
    for spanish in [
        "Pasos del envío",
        "Paso 6: Declaraciones y envío",
        "El artículo",
        "El texto",
        "hecho",
        "falta algo",
        "aún sin guardar",
        "Antes de enviar",
        "el cuerpo del texto",
        "(paso 2, El texto)",
        "Guardar y volver",
        "Enviar al equipo editorial",
    ]:
        assert spanish in page, spanish
    text = client.get(f"/es/submissions/{article.pk}/edit/text/").content.decode()
    assert "Guardar y continuar" in text
    assert "Falta antes de poder enviarlo:" in text
    refused = client.post(
        f"/es/submissions/{article.pk}/edit/declarations/", {"licence": "CC-BY-4.0", "submit": "1"}
    )
    assert "Aún no se ha enviado" in refused.content.decode()
    assert "Confirme que la obra es original." in refused.content.decode()
    assert (
        "No falta nada en este paso."
        in client.get(f"/es/submissions/{article.pk}/edit/authors/").content.decode()
    )
