from django.db import migrations, models
from django.utils import timezone


def first_generation(apps, schema_editor):
    # The one row every request reads; `migrate` then moves it on (pagecache/apps.py).
    Generation = apps.get_model("pagecache", "Generation")
    Generation.objects.using(schema_editor.connection.alias).create(
        pk=1, number=1, changed_at=timezone.now()
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Generation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.BigIntegerField(default=1, verbose_name="number")),
                ("changed_at", models.DateTimeField(verbose_name="changed")),
                (
                    "next_change",
                    models.DateTimeField(blank=True, null=True, verbose_name="next change"),
                ),
            ],
            options={"db_table": "pagecache_generation", "verbose_name": "page cache generation"},
        ),
        migrations.RunPython(first_generation, migrations.RunPython.noop),
    ]
