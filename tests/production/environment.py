"""Running Django in a subprocess with a production-like environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Variables of the developer's shell, or set by other tests in this process (the browser
# tests set DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rightly refuses), that would
# change what the subprocess sees.
_INHERITED_OUT = (
    "DEBUG",
    "SECRET_KEY",
    "SITE_URL",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)

PRODUCTION = {
    "DEBUG": "0",
    # Long and varied enough for check --deploy (security.W009); only a test value.
    "SECRET_KEY": "q8Jx2-production-like-test-key-vM4tZr7Lw0pNc9sHd3fKb6gYe1uAi5oQ",
    "ALLOWED_HOSTS": "series.example.org",
    "SITE_URL": "https://series.example.org",
    # Preloading is opt-in (colophon/settings.py); check --deploy warns until it is on.
    "SECURE_HSTS_PRELOAD": "1",
}


def run_django(args: list[str], **env: str) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in _INHERITED_OUT and not k.startswith(("SECURE_", "SESSION_", "CSRF_"))
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def settings_in(names: list[str], **env: str) -> dict:
    """The named settings as colophon/settings.py works them out from `env`."""
    code = (
        "import json; import colophon.settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}, default=str))"
    )
    result = run_django(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
