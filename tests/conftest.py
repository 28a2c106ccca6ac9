import pytest
from django.conf import settings as django_settings
from django.utils import translation

from tests import defaults, kinds


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Mark each test browser and/or subprocess from what it uses (tests/kinds.py), before
    `-m` selects: `make test-fast` runs the tests marked neither, nor postgres."""
    for item in items:
        for kind in sorted(kinds.kinds_of(item)):
            item.add_marker(kind)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """A test marked postgres is skipped, with its reason, on another database."""
    reason = kinds.postgres_skip_reason(item, django_settings.DATABASES["default"]["ENGINE"])
    if reason:
        pytest.skip(reason)


@pytest.fixture(autouse=True)
def _processes_only_where_declared(request, monkeypatch):
    """A test that starts a process must be marked so (tests/kinds.py): otherwise it
    fails here, instead of slowing down or breaking `make test-fast` unnoticed. Yields
    the refusals, checked again after the test in case something swallowed one."""
    if any(request.node.get_closest_marker(k) for k in (kinds.SUBPROCESS, kinds.BROWSER)):
        yield []
        return
    refused = kinds.refuse_processes(monkeypatch, request.node.nodeid)
    yield refused
    if refused:
        pytest.fail(refused[0], pytrace=False)


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


@pytest.fixture(autouse=True)
def _no_crossref_lookups(settings):
    """No test asks the real Crossref: lookups are off, and the API address leads nowhere,
    unless a test starts the fake (tests/bibliography/fake_crossref.py)."""
    settings.CROSSREF_LOOKUP = False
    settings.CROSSREF_API_URL = "http://127.0.0.1:9"
