import secrets

from django.db import migrations, models

import articles.models.references
import django.core.validators


def give_each_reference_a_key(apps, schema_editor):
    # A default callable is evaluated once for a whole AddField, which would give every
    # existing entry the same key.
    Reference = apps.get_model("articles", "Reference")
    for reference in Reference.objects.only("pk").iterator():
        Reference.objects.filter(pk=reference.pk).update(key=secrets.token_hex(4))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_canonical_bodies"),
    ]

    operations = [
        migrations.AddField(
            model_name="reference",
            name="further_reading",
            field=models.BooleanField(
                default=False,
                help_text="Print it in the bibliography even where the series lists only the works cited in the text.",
                verbose_name="further reading",
            ),
        ),
        migrations.AddField(
            model_name="reference",
            name="key",
            field=models.CharField(default="", max_length=32, verbose_name="key"),
            preserve_default=False,
        ),
        migrations.RunPython(give_each_reference_a_key, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="reference",
            name="key",
            field=models.CharField(
                default=articles.models.references.new_reference_key,
                max_length=32,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[a-z0-9][a-z0-9-]{0,31}\\Z", "Use lower-case letters, digits and -."
                    )
                ],
                verbose_name="key",
            ),
        ),
        migrations.AddConstraint(
            model_name="reference",
            constraint=models.UniqueConstraint(
                fields=("article", "key"), name="reference_key_per_piece"
            ),
        ),
    ]
