"""Editors manage redirects: the "Editor" role gets every permission on them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    # Permissions are normally created after the last migration; the role needs them now.
    app_config = apps.get_app_config("redirects")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor = Group.objects.filter(name="Editor").first()
    if editor is not None:
        editor.permissions.add(*Permission.objects.filter(content_type__app_label="redirects"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor = Group.objects.filter(name="Editor").first()
    if editor is not None:
        editor.permissions.remove(*Permission.objects.filter(content_type__app_label="redirects"))


class Migration(migrations.Migration):
    dependencies = [
        ("redirects", "0001_initial"),
        ("articles", "0005_roles_and_emails"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
