import pytest

from tests.factories import make_series
from tests.personas import make_person, make_staff


@pytest.fixture
def series():
    return make_series(slug="displacement", title_en="Displacement", title_es="Desplazamiento")


@pytest.fixture
def other_series():
    return make_series(slug="climate", title_en="Climate", title_es="Clima")


@pytest.fixture
def contributor(db):
    return make_person("ana@example.org", given="Ana", family="López")


@pytest.fixture
def other_contributor(db):
    return make_person("ben@example.org", given="Ben", family="Otro")


@pytest.fixture
def editor(db):
    return make_staff("chief@example.org", "Editor")


@pytest.fixture
def series_editor(db, series):
    account = make_staff("sara@example.org", "Series editor", language="es")
    series.editors.add(account)
    return account


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
