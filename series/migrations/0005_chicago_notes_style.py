from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("series", "0004_bibliography_scope"),
    ]

    operations = [
        migrations.AlterField(
            model_name="series",
            name="citation_style",
            field=models.CharField(
                choices=[
                    ("oscola", "OSCOLA"),
                    ("apa", "APA"),
                    ("chicago-author-date", "Chicago (author-date)"),
                    ("chicago-notes-bibliography", "Chicago (notes)"),
                ],
                default="oscola",
                max_length=40,
                verbose_name="citation style",
            ),
        ),
    ]
