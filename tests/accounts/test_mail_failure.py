"""When the mail server is down or refuses, sign-up and reset keep what they made, log the
failure and tell the person to try again, the same for every address; never a 500.

The servers are real sockets on 127.0.0.1: a port nobody listens on, and a tiny server that
answers every connection with an SMTP refusal (421 or 554), as a busy or broken relay does.
"""

import logging
import socket
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from tests.personas import SIGNUP, make_person

pytestmark = pytest.mark.django_db

SMTP = "django.core.mail.backends.smtp.EmailBackend"
SIGNUP_PATH = "/en/accounts/signup/"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RefusingServer:
    """Greets every connection with `reply` and hangs up."""

    def __init__(self, reply: bytes):
        self.reply = reply
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.port = self.socket.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _address = self.socket.accept()
            except OSError:  # closed
                return
            with connection:
                connection.sendall(self.reply)

    def close(self) -> None:
        self.socket.shutdown(socket.SHUT_RDWR)  # wakes the waiting accept()
        self.socket.close()
        self.thread.join(timeout=5)


@pytest.fixture(params=["no server", "421 busy", "554 refused"])
def smtp_down(request, settings):
    server = None
    if request.param == "no server":
        port = _closed_port()
    else:
        code = request.param.split()[0].encode()
        server = RefusingServer(code + b" mail.example.org Service not available\r\n")
        port = server.port
    locmem = settings.MAILERS
    settings.MAILERS = {
        "default": {"BACKEND": SMTP, "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5}}
    }
    yield locmem
    if server is not None:
        server.close()


def _post(client, path, data, django_capture_on_commit_callbacks):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, data)
    assert time.monotonic() - started < 30  # did not hang
    return response


def test_sign_up_keeps_the_account_logs_and_asks_to_try_again(
    smtp_down, settings, caplog, django_capture_on_commit_callbacks
):
    client = Client()
    with caplog.at_level(logging.WARNING):
        response = _post(
            client, "/en/accounts/signup/", SIGNUP, django_capture_on_commit_callbacks
        )
    assert response.status_code == 503
    assert "We could not send the message to nueva@example.org" in response.content.decode()
    assert get_user_model().objects.filter(email="nueva@example.org", is_active=False).exists()
    assert any(record.levelno >= logging.ERROR for record in caplog.records)
    # The server is back: signing up again sends a link that works.
    settings.MAILERS = smtp_down
    response = _post(client, SIGNUP_PATH, SIGNUP, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "/en/accounts/confirm/" in mail.outbox[-1].body


def test_reset_asks_to_try_again_alike_for_known_and_unknown_addresses(
    smtp_down, django_capture_on_commit_callbacks
):
    make_person("known@example.org")
    pages = []
    for email in ("known@example.org", "unknown@example.org"):
        data = {"email": email}
        response = _post(
            Client(), "/en/accounts/password-reset/", data, django_capture_on_commit_callbacks
        )
        assert response.status_code == 503
        page = response.content.decode()
        assert "We could not send the e-mail just now" in page
        pages.append(page.split('name="csrfmiddlewaretoken"')[0].replace(email, "ADDRESS"))
    assert pages[0] == pages[1]
