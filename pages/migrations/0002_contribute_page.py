from django.db import migrations

TITLE = {"en": "How to contribute", "es": "Cómo contribuir"}
BODY = {
    "en": (
        "<p>We publish short pieces of 800 to 3,000 words in themed series: research notes, "
        "policy analysis, practitioners' reflections and first-hand accounts.</p>"
        "<h2>What we look for</h2><ul><li>A clear argument that readers outside your field can "
        "follow.</li><li>Evidence, with a short bibliography.</li><li>A summary of up to 150 "
        "words and a short bio for each author.</li></ul>"
        "<h2>How it works</h2><p>Each series publishes its own call for contributions. Editors "
        "read every proposal, may ask for revisions, and publish accepted pieces in English, "
        "Spanish or both, with a citable PDF.</p>"
    ),
    "es": (
        "<p>Publicamos textos breves, de 800 a 3.000 palabras, en series temáticas: notas de "
        "investigación, análisis de políticas, reflexiones desde la práctica y testimonios.</p>"
        "<h2>Qué buscamos</h2><ul><li>Un argumento claro que puedan seguir lectores ajenos a su "
        "disciplina.</li><li>Evidencia, con una bibliografía breve.</li><li>Un resumen de hasta "
        "150 palabras y una breve biografía de cada autor o autora.</li></ul>"
        "<h2>Cómo funciona</h2><p>Cada serie publica su propia convocatoria. El equipo editorial "
        "lee cada propuesta, puede pedir cambios y publica los textos aceptados en inglés, en "
        "español o en ambos idiomas, con un PDF citable.</p>"
    ),
}


def create_page(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    # Historical models do not know modeltranslation, so each column is set by name.
    fields = {"title": TITLE["en"], "body": BODY["en"]}
    for language in TITLE:
        fields[f"title_{language}"] = TITLE[language]
        fields[f"body_{language}"] = BODY[language]
    Page.objects.get_or_create(slug="contribute", defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]
    operations = [migrations.RunPython(create_page, migrations.RunPython.noop)]
