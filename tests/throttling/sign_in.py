"""Sign-in attempts from a process of their own: tests/throttling/test_processes.py.

    python -m tests.throttling.sign_in user EMAIL PASSWORD [--tables]
    python -m tests.throttling.sign_in attempt ADDRESS EMAIL PASSWORD [PASSWORD…]

`attempt` posts each password to the contributors' sign-in page through Django's whole
request stack, each time as a new visitor, and prints the status codes. `--tables` first
creates the tables a sign-in touches, in a fresh SQLite file: much faster than running
every migration.
"""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.throttling.process_settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group, Permission  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from throttling.models import Throttle  # noqa: E402


def main(command: str, *args: str) -> None:
    if command == "user":
        email, password, *options = args
        if "--tables" in options:
            with connection.schema_editor() as editor:
                for model in (ContentType, Permission, Group, get_user_model(), Session, Throttle):
                    editor.create_model(model)
        get_user_model().objects.create_user(username=email, email=email, password=password)
    elif command == "attempt":
        address, email, *passwords = args
        codes = [
            Client()
            .post(
                "/en/accounts/login/",
                {"username": email, "password": password},
                REMOTE_ADDR=address,
            )
            .status_code
            for password in passwords
        ]
        print(" ".join(map(str, codes)))
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(*sys.argv[1:])
