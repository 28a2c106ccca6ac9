"""Rewrite stored bodies in the editor's canonical form (colophon.lib.sanitise.clean_html).

The rich-text editor writes bodies exactly as clean_html stores them; bodies saved before
it carry ids, classes and bare inline text, which the editor would rewrite on first save.
Rewriting them once here makes loading and saving any body in the editor change nothing.
"""

from django.conf import settings
from django.db import migrations

from colophon.lib.sanitise import clean_html



def body_columns(model) -> list[str]:
    # The languages the table has at this point: a language added to settings later gets
    # its column from a later migration.
    columns = {field.name for field in model._meta.get_fields()}
    names = [f"body_{code.replace('-', '_')}" for code, _name in settings.LANGUAGES]
    return [name for name in names if name in columns]


def canonicalise(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    fields = body_columns(Page)
    for row in Page._base_manager.values("pk", *fields).iterator(chunk_size=200):
        changed = {
            name: clean_html(row[name], figures=False)
            for name in fields
            if row[name] and clean_html(row[name], figures=False) != row[name]
        }
        if changed:
            Page._base_manager.filter(pk=row["pk"]).update(**changed)


class Migration(migrations.Migration):
    dependencies = [("pages", "0003_body_rich_text")]

    operations = [migrations.RunPython(canonicalise, migrations.RunPython.noop)]
