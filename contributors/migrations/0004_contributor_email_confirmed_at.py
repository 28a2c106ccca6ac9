from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Q, Subquery


def confirmed_before(apps, schema_editor):
    """Accounts that are active or ever signed in confirmed their address (or were made by
    an editor); only the others may still be activated by a sign-up link."""
    Contributor = apps.get_model("contributors", "Contributor")
    User = Contributor._meta.get_field("user").related_model
    joined = User.objects.filter(pk=OuterRef("user_id")).values("date_joined")[:1]
    Contributor.objects.filter(user__isnull=False).filter(
        Q(user__is_active=True) | Q(user__last_login__isnull=False)
    ).update(email_confirmed_at=Subquery(joined))


class Migration(migrations.Migration):
    dependencies = [
        ("contributors", "0003_coauthor_owner"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="contributor",
            name="email_confirmed_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="e-mail confirmed at"
            ),
        ),
        migrations.RunPython(confirmed_before, migrations.RunPython.noop),
    ]
