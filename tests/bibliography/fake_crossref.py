"""A stand-in for Crossref's REST API on 127.0.0.1, answering with recorded responses.

It serves tests/fixtures/crossref/works-<doi with / as ->.json for GET /works/<doi>, the
404 body Crossref sends for a DOI it does not know, a malformed answer for 10.5555/broken,
a slow one for 10.5555/slow, and for 10.5555/moved a redirect to /elsewhere (which answers
with a work record, so a client that followed it would be fooled). Each request is
recorded, so tests can check what was asked.
"""

import contextlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.core.cache import cache

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "crossref"
SLOW_SECONDS = 1.0


class _Handler(BaseHTTPRequestHandler):
    requests: list[dict]

    def do_GET(self):
        parts = urlsplit(self.path)
        self.requests.append(
            {
                "path": unquote(parts.path),
                "query": parts.query,
                "agent": self.headers["User-Agent"],
            }
        )
        doi = unquote(parts.path).removeprefix("/works/")
        if doi == "10.5555/slow":
            time.sleep(SLOW_SECONDS)
        if doi == "10.5555/moved":
            self.send_response(302)
            self.send_header("Location", "/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if parts.path == "/elsewhere":
            body = b'{"status": "ok", "message": {"title": ["Planted"], "type": "book"}}'
            return self._answer(200, body, "application/json")
        if doi == "10.5555/broken":
            return self._answer(200, b'{"status": "ok", "message": {"title": ', "application/json")
        recorded = FIXTURES / f"works-{doi.replace('/', '-')}.json"
        if recorded.is_file():
            return self._answer(200, recorded.read_bytes(), "application/json")
        # Crossref's own answer for an unknown DOI (recorded in habanero's cassettes).
        return self._answer(404, b"Resource not found.", "text/plain")

    def _answer(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The client may have given up waiting (the timeout case).
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_crossref(settings):
    handler = type("Handler", (_Handler,), {"requests": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CROSSREF_LOOKUP = True
    settings.CROSSREF_API_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.CROSSREF_MAILTO = "editors@example.org"
    settings.CROSSREF_LOOKUP_TIMEOUT = 0.5
    cache.clear()  # answers cached by an earlier test must not stand in for the fake's
    try:
        yield handler.requests
    finally:
        server.shutdown()
        server.server_close()
