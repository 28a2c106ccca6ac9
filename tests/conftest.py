import pytest
from django.utils import translation

from tests import defaults


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


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Fast hashing everywhere (tests/defaults.py says why); a test about hashing, such as
    tests/accounts/test_account_existence.py, sets its own hashers."""
    settings.PASSWORD_HASHERS = defaults.PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _no_render_ahead(settings):
    """PDFs are rendered when first asked for, not on publication, unless a test turns
    rendering ahead on (`settings.PDF_RENDER_AHEAD = True`). Module-scoped fixtures run
    outside this one and say so themselves (tests/pdf/conftest.py's build_shared)."""
    settings.PDF_RENDER_AHEAD = defaults.PDF_RENDER_AHEAD


# A superuser, who may do anything in the admin: for tests of the admin's pages and forms.
# The editorial roles (an Editor-group member as `editor`, a series editor, contributors)
# are the personas of tests/personas.py.
@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", "pw-admin-123")


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client
