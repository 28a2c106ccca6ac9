"""The strict number parsers behind the lockout and Sentry settings."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from colophon.env import env_float, env_int


def test_a_whole_number_is_read_and_its_default_used_when_unset(monkeypatch):
    monkeypatch.delenv("COLOPHON_TEST_N", raising=False)
    assert env_int("COLOPHON_TEST_N", 7, minimum=1) == 7
    monkeypatch.setenv("COLOPHON_TEST_N", " 12 ")
    assert env_int("COLOPHON_TEST_N", 7, minimum=1) == 12


@pytest.mark.parametrize("value", ["ten", "1.5", "", "0"])
def test_a_bad_whole_number_stops_the_start_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("COLOPHON_TEST_N", value)
    with pytest.raises(ImproperlyConfigured, match="COLOPHON_TEST_N"):
        env_int("COLOPHON_TEST_N", 7, minimum=1)


@pytest.mark.parametrize("value", ["1.5", "-0.1", "nan", "half"])
def test_a_rate_outside_its_range_stops_the_start_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("COLOPHON_TEST_RATE", value)
    with pytest.raises(ImproperlyConfigured, match="COLOPHON_TEST_RATE"):
        env_float("COLOPHON_TEST_RATE", 0.0, minimum=0.0, maximum=1.0)


def test_a_rate_inside_its_range_is_read(monkeypatch):
    monkeypatch.setenv("COLOPHON_TEST_RATE", "0.25")
    assert env_float("COLOPHON_TEST_RATE", 0.0, minimum=0.0, maximum=1.0) == 0.25
