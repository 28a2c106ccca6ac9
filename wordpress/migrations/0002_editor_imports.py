"""Editors may import from WordPress: upload an export, run it, follow it, delete a run.

Series editors may not: an import writes pieces, contributors and series across the site.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_importrun", "add_importrun", "change_importrun", "delete_importrun"]


def grant(apps, schema_editor):
    # Permissions are normally created after the last migration; the group needs them now.
    app_config = apps.get_app_config("wordpress")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.add(
        *Permission.objects.filter(content_type__app_label="wordpress", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for editor in Group.objects.filter(name="Editor"):
        editor.permissions.remove(
            *Permission.objects.filter(content_type__app_label="wordpress", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("wordpress", "0001_initial"),
        ("articles", "0005_roles_and_emails"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
