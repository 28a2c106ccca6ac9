"""A contributor's whole journey through the submission steps in Spanish, in Chromium: the
text typed in the editor (headings, a list, bold and italic, two footnotes written in
place), the browser closed half-way, the draft found again on its step with its notes, and
the piece submitted with the notes stored where they were called."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings

from articles.models import Article
from tests.browser.test_csp import violations, watched_page
from tests.factories import image_bytes, make_series
from tests.personas import make_person

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(django_settings.BASE_DIR) / ".tools/node/node_modules/axe-core/axe.min.js"
EMAIL, PASSWORD = "lucia@example.org", "pw-Long-enough-123"  # make_person's password
EDITOR = ".prose-editor:has(> #id_body)"
NOTE_INPUT = ".colophon-note__input.ProseMirror-focused"
# What the editor writes for what the test types below: the stored form of the body.
TYPED = (
    '<p>Las familias huyen de noche.<span data-note="">Entrevista con una lideresa, 2023.'
    "</span> La mayoría vuelve.</p>"
    "<h2>El regreso</h2>"
    "<p>Con <strong>negrita</strong> y <em>cursiva</em>."
    '<span data-note="">Véase el <em>informe</em>.</span></p>'
    "<ul><li><p>Primero</p></li><li><p>Segundo</p></li></ul>"
)


# The editor's toolbar on a Spanish page, button by button (tooltips and accessible names).
SPANISH_TOOLBAR = [
    "Encabezado 2",
    "Encabezado 3",
    "Encabezado 4",
    "Párrafo",
    "Lista con viñetas",
    "Lista numerada",
    "Cita",
    "Línea horizontal",
    "Negrita",
    "Cursiva",
    "Subíndice",
    "Superíndice",
    "Insertar enlace",
    "Quitar enlace",
    "Nota al pie (Ctrl+Alt+F)",
    "Citar (Ctrl+Alt+C)",
    "Salto de línea (Mayús+Intro)",
    "Figura",
    "Insertar tabla",
    "Añadir columna",
    "Eliminar columna",
    "Añadir fila",
    "Eliminar fila",
    "Combinar celdas",
    "Dividir celda",
    "Alternar celda de encabezado",
    "Eliminar tabla",
    "Deshacer",
    "Rehacer",
]


def sign_in(context, base: str):
    page = watched_page(context)
    page.goto(f"{base}/es/accounts/login/")
    page.locator("#id_username").fill(EMAIL)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/es/submissions/")
    return page


def editor_ready(page) -> None:
    page.wait_for_selector("#id_body[data-editor-ready]", state="attached")


def write_the_text(page) -> None:
    """Types the body as a person would: keyboard, shortcuts and toolbar buttons."""
    editor_ready(page)
    toolbar = page.get_by_role("toolbar", name="Cuerpo: formato")
    buttons = toolbar.locator("button[data-name]")
    assert buttons.evaluate_all("(all) => all.map((b) => b.title)") == SPANISH_TOOLBAR
    assert buttons.evaluate_all("(all) => all.map((b) => b.ariaLabel)") == SPANISH_TOOLBAR
    page.locator(f"{EDITOR} .ProseMirror").click()
    page.keyboard.type("Las familias huyen de noche.")
    page.keyboard.press("Control+Alt+f")  # the first note from the keyboard
    page.locator(NOTE_INPUT).wait_for()
    assert page.locator(NOTE_INPUT).get_attribute("aria-label") == "Texto de la nota"
    page.keyboard.type("Entrevista con una lideresa, 2023.")
    page.keyboard.press("Enter")  # back to the text, after the note
    page.keyboard.type(" La mayoría vuelve.")
    page.keyboard.press("Enter")
    page.locator(f"{EDITOR} button[data-name=heading2]").click()
    page.keyboard.type("El regreso")
    page.keyboard.press("Enter")
    page.keyboard.type("Con ")
    page.keyboard.press("Control+b")
    page.keyboard.type("negrita")
    page.keyboard.press("Control+b")
    page.keyboard.type(" y ")
    page.keyboard.press("Control+i")
    page.keyboard.type("cursiva")
    page.keyboard.press("Control+i")
    page.keyboard.type(".")
    page.locator(f"{EDITOR} button[data-name=note]").click()  # the second from the toolbar
    page.locator(NOTE_INPUT).wait_for()
    page.keyboard.type("Véase el ")
    page.keyboard.press("Control+i")
    page.keyboard.type("informe")
    page.keyboard.press("Control+i")
    page.keyboard.type(".")
    page.keyboard.press("Escape")
    page.keyboard.press("Enter")
    page.locator(f"{EDITOR} button[data-name=bulletList]").click()
    page.keyboard.type("Primero")
    page.keyboard.press("Enter")
    page.keyboard.type("Segundo")


def note_numbers(context, page) -> list[str]:
    """The numbers the notes show, as laid out: CSS counters in ::before, which neither
    the DOM nor innerText holds, read from Chromium's layout tree."""
    snapshot = context.new_cdp_session(page).send(
        "DOMSnapshot.captureSnapshot", {"computedStyles": []}
    )
    strings, document = snapshot["strings"], snapshot["documents"][0]
    nodes, layout = document["nodes"], document["layout"]
    text = {
        node: strings[index]
        for node, index in zip(layout["nodeIndex"], layout["text"], strict=True)
        if index != -1
    }

    def is_note(node: int) -> bool:
        attributes = [strings[i] for i in nodes["attributes"][node]]
        pairs = dict(zip(attributes[::2], attributes[1::2], strict=True))
        return "colophon-note" in pairs.get("class", "").split()

    pseudo = nodes["pseudoType"]
    return [
        text.get(node, "")
        for node, kind in zip(pseudo["index"], pseudo["value"], strict=True)
        if strings[kind] == "before" and is_note(nodes["parentIndex"][node])
    ]


def heading(page, text: str):
    page.get_by_role("heading", name=text, exact=True).wait_for()


def test_a_contributor_writes_in_spanish_through_the_steps_and_finds_the_draft_after_closing_the_browser(  # noqa: E501
    browser, live_server, tmp_path
):
    make_series(slug="cities", title_en="Cities", title_es="Ciudades")
    make_person(EMAIL, given="Lucía", family="Prueba", language="es")
    picture = tmp_path / "calle.jpg"
    picture.write_bytes(image_bytes())
    base = live_server.url

    first = browser.new_context()
    page = sign_in(first, base)
    page.get_by_role("link", name="Enviar un texto").first.click()
    heading(page, "Paso 1: El artículo")
    page.locator("#id_series").select_option(label="Ciudades")
    page.locator("#id_title").fill("Llegar a la ciudad")
    page.locator("#id_summary").fill("Adónde van las personas desplazadas.")
    page.get_by_role("button", name="Guardar y continuar").click()
    heading(page, "Paso 2: El texto")
    write_the_text(page)
    page.get_by_role("button", name="Guardar y continuar").click()  # saves the text
    heading(page, "Paso 3: Autores")
    article = Article.objects.get()
    assert article.original_language == "es"
    assert article.body_es == TYPED
    page.get_by_role("button", name="Guardar y continuar").click()
    heading(page, "Paso 4: Imagen")
    journey_violations = violations(page)
    first.close()  # the browser is closed mid-way; its session cookie is gone with it

    again = browser.new_context()
    page = sign_in(again, base)
    page.get_by_role("link", name="Llegar a la ciudad").click()
    page.get_by_role("link", name="Editar el borrador").click()
    heading(page, "Paso 4: Imagen")  # where they were
    steps = page.get_by_role("navigation", name="Pasos del envío")
    assert [t.strip() for t in steps.locator(".steps__title").all_inner_texts()] == [
        "El artículo",
        "El texto",
        "Autores",
        "Imagen",
        "Referencias",
        "Declaraciones y envío",
    ]
    steps.get_by_role("link", name="El texto").click()
    heading(page, "Paso 2: El texto")
    editor_ready(page)
    body = page.locator(f"{EDITOR} .ProseMirror")
    assert body.locator("h2").inner_text() == "El regreso"
    assert body.locator("p").first.inner_text().startswith("Las familias huyen de noche.")
    assert body.locator("li").all_inner_texts() == ["Primero", "Segundo"]
    notes = body.locator(".colophon-note")
    texts = notes.locator(".colophon-note__text").all_inner_texts()
    assert texts == ["Entrevista con una lideresa, 2023.", "Véase el informe."]
    # A screen reader hears that each is a note (the number is a CSS counter).
    assert notes.locator(".colophon-note__label").all_text_contents() == ["Nota: ", "Nota: "]
    assert note_numbers(again, page) == ["1", "2"]
    assert page.locator("#id_body").input_value() == TYPED
    check_axe_on_the_text_step(browser, base, article.pk)

    # On through the remaining steps, by the step list and the buttons.
    page.get_by_role("button", name="Guardar y continuar").click()
    heading(page, "Paso 3: Autores")
    page.get_by_role("button", name="Guardar y continuar").click()
    heading(page, "Paso 4: Imagen")
    page.locator("#id_image-file").set_input_files(str(picture))
    page.locator("#id_image-alt").fill("Una calle con gente")
    page.locator("#id_image-title").fill("La calle")
    page.locator("#id_image-creator").fill("Jo Fotógrafa")
    page.locator("#id_image-year").fill("2021")
    page.locator("#id_image-source_url").fill("https://example.org/calle")
    page.locator("#id_image-licence").select_option("CC-BY-4.0")
    page.get_by_role("button", name="Guardar y continuar").click()
    heading(page, "Paso 5: Referencias")
    page.locator("#id_references_text").fill("Varga, H. Huir de las pandillas. 2019.")
    page.get_by_role("button", name="Guardar y continuar").click()
    heading(page, "Paso 6: Declaraciones y envío")
    page.locator("#id_original_work").check()
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Enviar al equipo editorial").click()
    page.get_by_text("Gracias: su texto se ha enviado al equipo editorial.").wait_for()

    article.refresh_from_db()
    assert article.status == Article.Status.SUBMITTED
    assert article.body_es == TYPED
    assert article.image.creator == "Jo Fotógrafa"
    assert article.references.count() == 1
    assert journey_violations + violations(page) == []
    again.close()


def check_axe_on_the_text_step(browser, base: str, pk: int) -> None:
    if not AXE.is_file():
        pytest.fail("axe-core is not installed: make browser-tools")
    # axe goes in as a script tag, which the policy refuses: a context that lets it in.
    context = browser.new_context(bypass_csp=True)
    page = sign_in(context, base)
    page.goto(f"{base}/es/submissions/{pk}/edit/text/")
    editor_ready(page)
    page.locator(f"{EDITOR} .ProseMirror p").last.click()
    page.keyboard.press("Control+Alt+f")  # a note open, so that its editor is checked too
    page.locator(NOTE_INPUT).wait_for()
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    context.close()  # nothing saved: the note is left behind with the page
    serious = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == []
