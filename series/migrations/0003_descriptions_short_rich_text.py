"""Series and volume descriptions become short rich text: the plain text each was typed
as, escaped, in paragraphs."""

from django.conf import settings
from django.db import migrations
from modeltranslation.utils import build_localized_fieldname

from colophon.lib.sanitise import short_html_to_text, text_to_short_html


def convert(convert_one):
    def run(apps, schema_editor):
        for model_name in ("Series", "Volume"):
            model = apps.get_model("series", model_name)
            # The languages the table had at this point: one added later has no column yet.
            columns = {field.name for field in model._meta.get_fields()}
            fields = [
                name
                for code, _name in settings.LANGUAGES
                if (name := build_localized_fieldname("description", code)) in columns
            ]
            changed = []
            for instance in model.objects.only("pk", *fields).iterator():
                for field in fields:
                    setattr(instance, field, convert_one(getattr(instance, field) or ""))
                changed.append(instance)
            model.objects.bulk_update(changed, fields, batch_size=500)

    return run


def to_text(html: str) -> str:
    return short_html_to_text(html, keep_breaks=True)


class Migration(migrations.Migration):
    dependencies = [("series", "0002_series_editors")]

    operations = [
        migrations.RunPython(convert(text_to_short_html), convert(to_text), elidable=False),
    ]
