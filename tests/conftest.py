import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a per-test folder, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser(
        "editor", "editor@example.org", "pw-editor-123"
    )


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
