"""Bios become short rich text: the plain text each was typed as, escaped, in paragraphs."""

from django.conf import settings
from django.db import migrations
from modeltranslation.utils import build_localized_fieldname

from colophon.lib.sanitise import short_html_to_text, text_to_short_html


def convert(convert_one):
    def run(apps, schema_editor):
        Contributor = apps.get_model("contributors", "Contributor")
        # The languages the table had at this point: one added later has no column yet.
        columns = {field.name for field in Contributor._meta.get_fields()}
        fields = [
            name
            for code, _name in settings.LANGUAGES
            if (name := build_localized_fieldname("bio", code)) in columns
        ]
        changed = []
        for contributor in Contributor.objects.only("pk", *fields).iterator():
            for field in fields:
                setattr(contributor, field, convert_one(getattr(contributor, field) or ""))
            changed.append(contributor)
        Contributor.objects.bulk_update(changed, fields, batch_size=500)

    return run


def to_text(html: str) -> str:
    return short_html_to_text(html, keep_breaks=True)


class Migration(migrations.Migration):
    dependencies = [("contributors", "0004_contributor_email_confirmed_at")]

    operations = [
        migrations.RunPython(convert(text_to_short_html), convert(to_text), elidable=False),
    ]
