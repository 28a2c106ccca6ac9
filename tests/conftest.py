import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a per-test folder, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Templates find static files without a collectstatic run.

    Production (DEBUG off) uses WhiteNoise's manifest storage, which needs collectstatic
    first; the tests run with DEBUG off too, so they use the plain storage, and
    tests/production/test_static_files.py runs collectstatic once to prove the real one.
    Autorefresh stops WhiteNoise scanning (and warning about) the absent STATIC_ROOT.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language.

    LocaleMiddleware activates the language of a request's URL in the thread that runs it
    and leaves it active, so without this a test that fetched a /es/ page would make the
    next test in the same worker speak Spanish, depending on the order xdist chose.
    """
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser(
        "editor", "editor@example.org", "pw-editor-123"
    )


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
