"""The editorial roles and the first wording of the workflow e-mails.

"Editor" handles every series; "Series editor" only the series listing them among its
editors (Series.editors). Contributors are ordinary accounts without admin access.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_APPS = ["articles", "series", "contributors", "pages"]
SERIES_EDITOR = {
    "articles": [
        "view_article", "change_article", "add_article",
        "view_authorship", "add_authorship", "change_authorship", "delete_authorship",
        "view_reference", "add_reference", "change_reference", "delete_reference",
        "view_featuredimage", "add_featuredimage", "change_featuredimage",
        "delete_featuredimage", "view_topic", "add_topic", "view_articleevent",
    ],
    "series": ["view_series", "view_volume", "add_volume", "change_volume"],
    "contributors": ["view_contributor", "add_contributor", "change_contributor"],
}  # fmt: skip


def create_roles(apps, schema_editor):
    # Permissions are normally created after the last migration; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=EDITOR_APPS)
    )
    series_editor, _ = Group.objects.get_or_create(name="Series editor")
    for app_label, codenames in SERIES_EDITOR.items():
        series_editor.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Series editor"]).delete()


def create_templates(apps, schema_editor):
    from articles.workflow.email_defaults import DEFAULT_TEMPLATES

    NotificationTemplate = apps.get_model("articles", "NotificationTemplate")
    field_names = {field.name for field in NotificationTemplate._meta.get_fields()}
    for action, languages in DEFAULT_TEMPLATES.items():
        values = {}
        for language, (subject, body) in languages.items():
            # Only the languages this site has columns for.
            if f"subject_{language}" in field_names:
                values[f"subject_{language}"] = subject
                values[f"body_{language}"] = body
        english = languages["en"]
        NotificationTemplate.objects.update_or_create(
            action=action, defaults={"subject": english[0], "body": english[1], **values}
        )


def fill_series(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.filter(series__isnull=True, volume__isnull=False).select_related(
        "volume"
    ):
        Article.objects.filter(pk=article.pk).update(series_id=article.volume.series_id)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("series", "0002_series_editors"),
        ("contributors", "0002_submission_contacts"),
        ("pages", "0002_contribute_page"),
    ]

    operations = [
        migrations.RunPython(create_roles, remove_roles),
        migrations.RunPython(create_templates, migrations.RunPython.noop),
        migrations.RunPython(fill_series, migrations.RunPython.noop),
    ]
