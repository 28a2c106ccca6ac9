"""Error reporting starts only with SENTRY_DSN, and never sends personal data."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sentry_sdk
from django.core.exceptions import ImproperlyConfigured

from colophon.observability import init_error_reporting

ROOT = Path(__file__).resolve().parents[2]
FAKE_DSN = "https://public@example.invalid/1"

# Loads the settings module in a fresh process, so the SDK's Django patches never reach this
# one (and without django.setup(), which would import every app for nothing).
PROBE = """
import json, sentry_sdk
from colophon import settings
client = sentry_sdk.get_client()
print(json.dumps({"enabled": settings.SENTRY_ENABLED, "active": client.is_active(),
                  "options": {k: client.options.get(k) for k in
                              ("dsn", "environment", "release", "traces_sample_rate",
                               "send_default_pii")}}))
"""


def _settings_in_a_new_process(**env) -> dict:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("SENTRY_")
    }
    environment.update(DJANGO_SETTINGS_MODULE="colophon.settings", SECRET_KEY="x", **env)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_a_dsn_nothing_is_initialised():
    assert init_error_reporting("", environment="production") is False
    assert not sentry_sdk.get_client().is_active()


def test_with_a_dsn_the_sdk_reports_without_personal_data():
    state = _settings_in_a_new_process(
        SENTRY_DSN=FAKE_DSN,
        SENTRY_ENVIRONMENT="staging",
        SENTRY_RELEASE="1.2.3",
        SENTRY_TRACES_SAMPLE_RATE="0.25",
    )
    assert state["enabled"] and state["active"]
    assert state["options"] == {
        "dsn": FAKE_DSN,
        "environment": "staging",
        "release": "1.2.3",
        "traces_sample_rate": 0.25,
        "send_default_pii": False,
    }


def test_a_malformed_dsn_stops_the_start_naming_the_variable():
    with pytest.raises(ImproperlyConfigured, match="SENTRY_DSN"):
        init_error_reporting("not a dsn", environment="production")
