"""manage.py clear_lockout: an operator lets someone in before the lock ends."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from throttling.login import lockout_keys, record_failure, seconds_locked

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.LOGIN_FAILURES_PER_USER = 2
    settings.LOGIN_FAILURES_PER_ADDRESS = 2


def _clear(*args: str) -> str:
    out = StringIO()
    call_command("clear_lockout", *args, stdout=out)
    return out.getvalue()


def test_it_clears_a_usernames_lock_whatever_its_case():
    keys = lockout_keys("eda@example.org", "203.0.113.7")
    record_failure(keys)
    record_failure(keys)
    assert seconds_locked(keys[:1]) > 0
    assert _clear("EDA@example.org") == (
        "clear_lockout: 1 lock(s) and counter(s) cleared for EDA@example.org.\n"
    )
    assert seconds_locked(keys[:1]) == 0
    # The address stays locked unless named.
    assert seconds_locked(keys[1:]) > 0
    assert _clear("eda@example.org", "--address", "203.0.113.7") == (
        "clear_lockout: 1 lock(s) and counter(s) cleared for eda@example.org and 203.0.113.7.\n"
    )
    assert seconds_locked(keys) == 0


def test_it_refuses_an_empty_username():
    with pytest.raises(CommandError, match="the username is empty"):
        _clear(" ")
