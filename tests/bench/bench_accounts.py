"""Account-existence timing: how long sign-up and password reset take for an address with an
active account, a pending sign-up, and no account; prints medians and their ratios.

Run with `make bench-accounts`. It builds a throw-away SQLite test database, uses the
production password hasher, and sends every e-mail over SMTP to a small local server on
127.0.0.1 (a free port) that accepts and discards messages, so the cost of mail is in the
figures; BENCH_MAIL=memory keeps them in memory instead. With the default immediate tasks
backend the e-mail's task (and a new address's pending account) runs inside the request;
TASKS_BACKEND=database times what a visitor can time in production, where a worker runs it.
Not collected by pytest (the project collects test_*.py only).
"""

import os
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "colophon.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.pop("DATABASE_URL", None)

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from contributors.models import Contributor  # noqa: E402

RECEIVED: list[int] = []
RUNS = int(os.environ.get("BENCH_RUNS", "25"))


def smtp_sink() -> int:
    """A minimal SMTP server that accepts every message; returns its port."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def talk(conn: socket.socket) -> None:
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with conn, conn.makefile("rb") as lines:
            conn.sendall(b"220 sink\r\n")
            data = False
            for line in lines:
                if data:
                    if line in (b".\r\n", b".\n"):
                        data = False
                        RECEIVED.append(1)
                        conn.sendall(b"250 ok\r\n")
                    continue
                verb = line[:4].upper()
                if verb == b"DATA":
                    data = True
                    conn.sendall(b"354 go\r\n")
                elif verb == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:
                    conn.sendall(b"250 ok\r\n")

    def serve() -> None:
        while True:
            conn, _address = server.accept()
            threading.Thread(target=talk, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    return server.getsockname()[1]


def arrange(state: str, email: str) -> None:
    User = get_user_model()
    if state == "active":
        User.objects.create_user(email, email, "a-long-Passphrase-42")
    elif state == "pending":
        user = User.objects.create_user(email, email, None, is_active=False)
        Contributor.objects.create(user=user, family_name="P", slug=email.split("@")[0])


def medians_ms(path: str, states: tuple[str, ...]) -> dict[str, float]:
    """Each state's median time; the states take turns, so that a machine getting busier
    or quieter during the run weighs on all of them alike."""
    timings: dict[str, list[float]] = {state: [] for state in states}
    RECEIVED.clear()
    for n in range(RUNS):
        for state in states:
            email = f"{state}-{path.strip('/').replace('/', '-')}-{n}@example.org"
            arrange(state, email)
            cache.clear()  # the rate limits would stop the run
            data = {"email": email, "given_name": state, "family_name": str(n), "consent": "on"}
            # The fields the sign-up form asked for before the password moved to the
            # confirmation page.
            data |= {"password1": "a-long-Passphrase-42", "password2": "a-long-Passphrase-42"}
            client = Client()
            started = time.perf_counter()
            response = client.post(path, data)
            timings[state].append((time.perf_counter() - started) * 1000)
            assert response.status_code in {200, 302}, (path, state, response.status_code)
    sent = len(RECEIVED) or len(mail.outbox)
    mail.outbox.clear()
    print(f"  {sent} e-mails sent for {RUNS * len(states)} requests")
    return {state: statistics.median(values) for state, values in timings.items()}


def main() -> None:
    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    # Templates find static files without a collectstatic run, as in the tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    if os.environ.get("BENCH_MAIL", "smtp") == "smtp":
        port = smtp_sink()
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
            }
        }
    # Otherwise (BENCH_MAIL=memory) e-mails stay in memory: the request's own work alone.
    connection.creation.create_test_db(verbosity=0)
    for path in ("/en/accounts/password-reset/", "/en/accounts/signup/"):
        medians = medians_ms(path, ("active", "pending", "unknown"))
        ratio = max(medians.values()) / min(medians.values())
        shown = ", ".join(f"{state} {ms:.1f} ms" for state, ms in medians.items())
        print(f"{path}: median of {RUNS} — {shown}; slowest/fastest {ratio:.2f}")


if __name__ == "__main__":
    main()
