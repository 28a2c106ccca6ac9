"""Files an export links to: from a local copy of the uploads folder, or downloaded from
the old site's own host only, within a size cap and a total time limit."""

import contextlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.factories import image_bytes
from wordpress.importing.media import MediaSource

LIMIT = 10_000
FULL = image_bytes(color=(1, 2, 3))
SMALL = image_bytes(size=(30, 20), color=(4, 5, 6))
UPLOADS = "/wp-content/uploads/2020/03"


class OldSite(BaseHTTPRequestHandler):
    """A WordPress site's uploads, with the ways a download can go wrong."""

    seen: list[str] = []
    port = 0

    def do_GET(self):
        self.seen.append(self.path)
        # The client may give up early, as it should on a slow or oversized answer.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._answer()

    def _answer(self):
        routes = {
            f"{UPLOADS}/photo.jpg": FULL,
            f"{UPLOADS}/photo-300x200.jpg": SMALL,
            f"{UPLOADS}/only-small-300x200.jpg": SMALL,
            f"{UPLOADS}/m%C3%A9xico.jpg": FULL,
        }
        if self.path in routes:
            return self._send(routes[self.path])
        if self.path == f"{UPLOADS}/moved.jpg":
            return self._redirect(f"{UPLOADS}/photo.jpg")
        if self.path == f"{UPLOADS}/elsewhere.jpg":
            return self._redirect(f"http://localhost:{self.port}{UPLOADS}/photo.jpg")
        if self.path == f"{UPLOADS}/ftp.jpg":
            return self._redirect("ftp://127.0.0.1/photo.jpg")
        if self.path == f"{UPLOADS}/big.jpg":
            return self._send(b"x" * (LIMIT + 1))
        if self.path == f"{UPLOADS}/big-unsized.jpg":
            return self._send(b"x" * (LIMIT * 3), sized=False)
        if self.path == f"{UPLOADS}/slow.jpg":
            self.send_response(200)
            self.end_headers()
            for _ in range(40):  # a byte every 0.1 s: each read is quick, the whole is not
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
            return None
        self.send_error(404)
        return None

    def _send(self, body: bytes, sized: bool = True):
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        if sized:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def old_site(settings):
    settings.COLOPHON_IMAGE_MAX_BYTES = LIMIT
    settings.WORDPRESS_FETCH_TIMEOUT = 0.5
    # The stand-in old site listens on loopback, which a real import never fetches from.
    settings.WORDPRESS_FETCH_PRIVATE_ADDRESSES = True
    server = ThreadingHTTPServer(("127.0.0.1", 0), OldSite)
    server.daemon_threads = True
    server.block_on_close = False
    OldSite.port = server.server_address[1]
    OldSite.seen = []
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{OldSite.port}"
    server.shutdown()
    server.server_close()


def fetching(site: str) -> MediaSource:
    return MediaSource(media_dir=None, fetch=True, site_url=site)


def test_a_resized_copy_is_fetched_full_size(old_site):
    data, reason = fetching(old_site).load(f"{old_site}{UPLOADS}/photo-300x200.jpg")
    assert (data, reason) == (FULL, "")
    assert OldSite.seen == [f"{UPLOADS}/photo.jpg"]


def test_the_url_as_given_is_tried_when_there_is_no_full_size(old_site):
    data, _ = fetching(old_site).load(f"{old_site}{UPLOADS}/only-small-300x200.jpg")
    assert data == SMALL
    assert OldSite.seen == [f"{UPLOADS}/only-small.jpg", f"{UPLOADS}/only-small-300x200.jpg"]


def test_a_site_relative_and_a_non_ascii_url_are_fetched_from_the_site(old_site):
    source = fetching(old_site)
    assert source.load(f"{UPLOADS}/photo.jpg") == (FULL, "")
    assert source.load(f"{old_site}{UPLOADS}/méxico.jpg") == (FULL, "")


def test_a_redirect_on_the_same_host_is_followed(old_site):
    assert fetching(old_site).load(f"{old_site}{UPLOADS}/moved.jpg") == (FULL, "")


def test_a_redirect_to_another_host_is_refused(old_site):
    data, reason = fetching(old_site).load(f"{old_site}{UPLOADS}/elsewhere.jpg")
    assert data is None
    assert "is not on the old site's own host" in reason
    assert "localhost" in reason


def test_a_redirect_to_another_scheme_is_refused(old_site):
    data, reason = fetching(old_site).load(f"{old_site}{UPLOADS}/ftp.jpg")
    assert data is None
    assert "not an http or https address" in reason


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:{port}/wp-content/uploads/2020/03/photo.jpg",
        "http://127.0.0.1:1/wp-content/uploads/2020/03/photo.jpg",
        "file:///etc/passwd",
        "ftp://127.0.0.1:{port}/wp-content/uploads/2020/03/photo.jpg",
        "https://elsewhere.example/wp-content/uploads/2020/03/photo.jpg",
    ],
)
def test_nothing_is_asked_of_another_host_or_over_another_scheme(old_site, url):
    data, reason = fetching(old_site).load(url.format(port=OldSite.port))
    assert data is None
    assert reason
    assert OldSite.seen == []


@pytest.mark.parametrize("name", ["big.jpg", "big-unsized.jpg"])
def test_a_body_over_the_size_cap_is_refused(old_site, name):
    data, reason = fetching(old_site).load(f"{old_site}{UPLOADS}/{name}")
    assert data is None
    assert f"larger than {LIMIT} bytes" in reason


def test_a_slow_download_stops_at_the_total_time_limit(old_site):
    started = time.monotonic()
    data, reason = fetching(old_site).load(f"{old_site}{UPLOADS}/slow.jpg")
    assert data is None
    assert "took longer than 0.5 s" in reason
    assert time.monotonic() - started < 2


def test_a_missing_file_is_reported_with_its_status(old_site):
    data, reason = fetching(old_site).load(f"{old_site}{UPLOADS}/gone.jpg")
    assert data is None
    assert "answered HTTP 404" in reason


def test_the_www_twin_of_the_site_is_its_own_host():
    source = MediaSource(media_dir=None, fetch=True, site_url="https://www.example.org")
    assert source._off_site("https://example.org/wp-content/uploads/a.jpg") == ""
    assert source._off_site("http://www.example.org/wp-content/uploads/a.jpg") == ""
    assert source._off_site("https://example.org:8443/wp-content/uploads/a.jpg")
    assert source._off_site("https://cdn.example.org/wp-content/uploads/a.jpg")


@pytest.mark.parametrize(
    "site",
    [
        "http://127.0.0.1:{port}",
        "http://localhost:{port}",  # a name that resolves to loopback
        "http://2130706433:{port}",  # 127.0.0.1 spelt as one number
        "http://[::ffff:127.0.0.1]:{port}",
    ],
)
def test_an_export_whose_site_is_on_a_private_address_fetches_nothing(old_site, settings, site):
    settings.WORDPRESS_FETCH_PRIVATE_ADDRESSES = False
    site = site.format(port=OldSite.port)

    data, reason = fetching(site).load(f"{site}{UPLOADS}/photo.jpg")

    assert data is None
    assert "not a public address" in reason
    assert OldSite.seen == []


@pytest.mark.parametrize(
    "site", ["http://169.254.169.254", "http://10.0.0.1", "http://[fe80::1]", "http://0.0.0.0"]
)
def test_a_metadata_or_internal_address_is_refused_without_connecting(settings, site):
    settings.WORDPRESS_FETCH_PRIVATE_ADDRESSES = False
    settings.WORDPRESS_FETCH_TIMEOUT = 5

    started = time.monotonic()
    data, reason = fetching(site).load(f"{site}/wp-content/uploads/2020/03/a.jpg")

    assert data is None
    assert "not a public address" in reason
    assert time.monotonic() - started < 1


@pytest.fixture
def media_dir(tmp_path, settings):
    settings.COLOPHON_IMAGE_MAX_BYTES = LIMIT
    root = tmp_path / "uploads"
    (root / "2020" / "03").mkdir(parents=True)
    (root / "2020" / "03" / "photo.jpg").write_bytes(FULL)
    (root / "2020" / "03" / "photo-300x200.jpg").write_bytes(SMALL)
    (root / "2020" / "03" / "desplazamiento-en-méxico.jpg").write_bytes(FULL)
    (root / "2020" / "03" / "big.jpg").write_bytes(b"x" * (LIMIT + 1))
    outside = tmp_path / "secret.jpg"
    outside.write_bytes(b"secret")
    (root / "2020" / "03" / "link-out.jpg").symlink_to(outside)
    (root / "2020" / "escape").symlink_to(tmp_path)
    return root


def reading(media_dir) -> MediaSource:
    return MediaSource(media_dir=media_dir, fetch=False, site_url="https://old.example.org")


def test_an_upload_url_is_read_from_the_media_folder_full_size(media_dir):
    source = reading(media_dir)
    assert source.load(f"https://old.example.org{UPLOADS}/photo-300x200.jpg") == (FULL, "")
    # The host does not matter for a local copy: a CDN's URL keeps the uploads path.
    assert source.load(f"https://i0.wp.com/old.example.org{UPLOADS}/photo.jpg") == (FULL, "")
    encoded = f"{UPLOADS}/desplazamiento-en-m%C3%A9xico.jpg"
    assert source.load(f"https://old.example.org{encoded}") == (FULL, "")


@pytest.mark.parametrize(
    "path",
    [
        f"{UPLOADS}/link-out.jpg",
        "/wp-content/uploads/2020/escape/secret.jpg",
        "/wp-content/uploads/../../secret.jpg",
        "/wp-content/uploads/%2E%2E/secret.jpg",
        "/wp-content/uploads/2020/..%2F..%2F..%2Fsecret.jpg",
    ],
)
def test_nothing_outside_the_media_folder_is_read(media_dir, path):
    data, reason = reading(media_dir).load(f"https://old.example.org{path}")
    assert data is None
    assert "outside the media folder" in reason or "not in the uploads folder" in reason


def test_a_file_outside_the_uploads_folder_or_too_large_is_refused(media_dir):
    source = reading(media_dir)
    data, reason = source.load("https://old.example.org/wp-includes/images/w-logo.png")
    assert data is None and "not in the uploads folder" in reason
    data, reason = source.load(f"https://old.example.org{UPLOADS}/big.jpg")
    assert data is None and f"larger than {LIMIT} bytes" in reason
    data, reason = source.load(f"https://old.example.org{UPLOADS}/none.jpg")
    assert data is None and "no file 2020/03/none.jpg in the media folder" in reason


def test_a_site_with_its_own_uploads_folder_is_read_from_it(tmp_path):
    (tmp_path / "2021").mkdir()
    (tmp_path / "2021" / "a.jpg").write_bytes(SMALL)
    source = MediaSource(tmp_path, False, "https://old.example.org", uploads="/files/")
    assert source.load("https://old.example.org/files/2021/a.jpg") == (SMALL, "")


def test_the_folder_is_tried_before_the_site(media_dir, old_site):
    source = MediaSource(media_dir=media_dir, fetch=True, site_url=old_site)
    assert source.load(f"{old_site}{UPLOADS}/photo.jpg") == (FULL, "")
    assert OldSite.seen == []
    assert source.load(f"{old_site}{UPLOADS}/moved.jpg") == (FULL, "")
    assert OldSite.seen == [f"{UPLOADS}/moved.jpg", f"{UPLOADS}/photo.jpg"]


def test_without_a_folder_or_fetching_nothing_is_read():
    data, reason = MediaSource(None, False, "https://old.example.org").load("/x.jpg")
    assert data is None
    assert reason == "no media folder given and fetching is off"


def test_an_empty_address_is_not_fetched(old_site):
    assert fetching(old_site).load("  ") == (None, "no address given")
    assert OldSite.seen == []


def test_a_wordpress_com_upload_is_read_from_the_media_folder(media_dir):
    # WordPress.com serves uploads from <site>.files.wordpress.com/2020/03/…, and its media
    # export lays the folder out the same way.
    source = reading(media_dir)
    url = "https://oldexample.files.wordpress.com/2020/03/photo-300x200.jpg"
    assert source.load(url) == (FULL, "")
    data, reason = source.load("https://oldexample.files.wordpress.com/../../secret.jpg")
    assert data is None and "outside the media folder" in reason
