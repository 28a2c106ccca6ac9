"""The files a WordPress export names by URL: read from a local copy of wp-content/uploads
or, when asked, downloaded from the old site itself.

Nothing in an export is trusted, its URLs least of all. A URL is mapped into the media
folder only by its path below the uploads folder, and refused when that path could reach
outside the folder (by "..", or by a symbolic link that resolve() follows out of it). A
download goes only to the export's own host or its www. twin, over http or https, follows
redirects only on those hosts, stops at COLOPHON_IMAGE_MAX_BYTES, and gives up once
WORDPRESS_FETCH_TIMEOUT seconds have passed in all, however slowly the bytes come. The
bytes returned are as found: the caller re-encodes images (colophon.lib.images).

The "own host" is whatever the export says it is, so it is no safeguard by itself: a
hostile export can name 127.0.0.1, a cloud's metadata address or a name that resolves to
an internal machine. A download therefore goes only to a public address: the host is
resolved once, every address it has must be public (not loopback, private, link-local,
reserved or multicast), and the connection is made to the address checked, so a second
resolution cannot point it elsewhere. An old site that really is on a private network
is read with --media, or with WORDPRESS_FETCH_PRIVATE_ADDRESSES on.
"""

import ipaddress
import re
import socket
import ssl
import time
from dataclasses import dataclass, field
from http.client import HTTPConnection, HTTPException, HTTPSConnection
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urljoin, urlsplit

from django.conf import settings

from colophon.lib.folders import OutsideFolder, file_inside, read_head

UPLOADS = "/wp-content/uploads/"
_WPCOM_FILES = re.compile(r"(?:^|\.)files\.wordpress\.com$", re.IGNORECASE)
MAX_REDIRECTS = 5
CHUNK = 64 * 1024
_DEFAULT_PORTS = {"http": 80, "https": 443}
# WordPress names a resized copy photo-300x200.jpg beside the original photo.jpg.
_RESIZED = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")
# Jetpack's image CDN serves a site's uploads as https://i0.wp.com/<site host>/<path>.
_PHOTON = re.compile(r"^i[0-3]\.wp\.com$")


@dataclass
class MediaSource:
    """Where an import reads the files an export links to: `media_dir` (a local copy of
    the uploads folder), the old site itself when `fetch` is on, or both, the folder
    first. `site_url` is the export's own address (its <link>); `uploads` the path of
    its uploads folder, for a site that moved it."""

    media_dir: Path | None
    fetch: bool
    site_url: str
    uploads: str = UPLOADS
    _hosts: frozenset[str] = field(init=False, repr=False)
    _port: int | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        site = urlsplit(self.site_url)
        host = (site.hostname or "").lower()
        twin = host.removeprefix("www.") if host.startswith("www.") else f"www.{host}"
        self._hosts = frozenset({host, twin}) if host else frozenset()
        self._port = site.port
        self.uploads = "/" + self.uploads.strip("/") + "/"

    def load(self, url: str) -> tuple[bytes | None, str]:
        """The file at `url`, full size when the URL names a resized copy: (bytes, ""),
        or (None, the reasons it could not be had)."""
        if self.media_dir is None and not self.fetch:
            return None, "no media folder given and fetching is off"
        if not url.strip():
            return None, "no address given"
        address = self._absolute(url)
        candidates = [address]
        full_size = _full_size(address)
        if full_size != address:
            candidates.insert(0, full_size)
        reasons: list[str] = []
        sources = []
        if self.media_dir is not None:
            sources.append(self._read_local)
        if self.fetch:
            sources.append(self._download)
        for source in sources:
            for candidate in candidates:
                data, reason = source(candidate)
                if data is not None:
                    return data, ""
                if reason not in reasons:
                    reasons.append(reason)
        return None, "; ".join(reasons)

    def _absolute(self, url: str) -> str:
        address = urljoin(self.site_url.rstrip("/") + "/", url.strip())
        parts = urlsplit(address)
        if _PHOTON.match(parts.hostname or ""):
            host, _, path = parts.path.lstrip("/").partition("/")
            if host.lower() in self._hosts:
                return f"{urlsplit(self.site_url).scheme}://{host}/{path}"
        return address

    def _read_local(self, url: str) -> tuple[bytes | None, str]:
        if self.media_dir is None:
            return None, "no media folder given"
        parts = urlsplit(url)
        path = unquote(parts.path)
        if _WPCOM_FILES.search(parts.hostname or ""):
            # WordPress.com keeps a site's uploads at <site>.files.wordpress.com/2013/03/…,
            # the layout of its media export: the whole path is the one below the folder.
            relative = PurePosixPath(path.lstrip("/"))
        elif path.startswith(self.uploads):
            relative = PurePosixPath(path.removeprefix(self.uploads))
        else:
            return None, f"{url} is not in the uploads folder ({self.uploads})"
        try:
            target = file_inside(self.media_dir, str(relative))
        except OutsideFolder:
            return None, f"{url} would be read from outside the media folder"
        if target is None:
            return None, f"no file {relative} in the media folder"
        limit = settings.COLOPHON_IMAGE_MAX_BYTES
        data = read_head(target, limit)
        if len(data) > limit:
            return None, f"{relative} in the media folder is larger than {limit} bytes"
        return data, ""

    def _off_site(self, url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme not in _DEFAULT_PORTS:
            return f"{url} is not an http or https address"
        try:
            port = parts.port
        except ValueError:
            return f"{url} has no valid port"
        host = (parts.hostname or "").lower()
        if self._port is not None:
            same_port = port == self._port
        else:
            same_port = port in {None, _DEFAULT_PORTS[parts.scheme]}
        if host not in self._hosts or not same_port:
            return f"{url} is not on the old site's own host ({self.site_url})"
        return ""

    def _download(self, url: str) -> tuple[bytes | None, str]:
        timeout = settings.WORDPRESS_FETCH_TIMEOUT
        deadline = time.monotonic() + timeout
        for _hop in range(MAX_REDIRECTS + 1):
            if problem := self._off_site(url):
                return None, problem
            try:
                address, problem = _public_address(url)
                if problem:
                    return None, problem
                status, location, data = _get(url, deadline, address)
            except TimeoutError:
                return None, f"{url} took longer than {timeout:g} s"
            except (OSError, HTTPException) as exc:
                return None, f"{url} could not be fetched: {exc or type(exc).__name__}"
            except _TooLarge as exc:
                return None, f"{url} is larger than {exc.limit} bytes"
            if location is not None:
                url = urljoin(url, location)
                continue
            if status != 200 or data is None:
                return None, f"{url} answered HTTP {status}"
            return data, ""
        return None, f"{url} redirected more than {MAX_REDIRECTS} times"


class _TooLarge(Exception):
    def __init__(self, limit: int) -> None:
        self.limit = limit


def _full_size(url: str) -> str:
    parts = urlsplit(url)
    path = _RESIZED.sub("", parts.path)
    return parts._replace(path=path, query="", fragment="").geturl()


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


def _public_address(url: str) -> tuple[str, str]:
    """The address to connect to for `url`'s host, and "", or ("", why not)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        found = socket.getaddrinfo(
            host, parts.port or _DEFAULT_PORTS[parts.scheme], type=socket.SOCK_STREAM
        )
    except (OSError, UnicodeError):
        return "", f"{url}: the host {host} could not be resolved"
    addresses = [str(info[4][0]).partition("%")[0] for info in found]
    if not addresses:
        return "", f"{url}: the host {host} could not be resolved"
    if not settings.WORDPRESS_FETCH_PRIVATE_ADDRESSES:
        for address in addresses:
            if not _is_public(address):
                return "", f"{url}: {host} is at {address}, not a public address"
    return addresses[0], ""


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class _PinnedHTTP(HTTPConnection):
    """A connection to an address checked beforehand, whatever the host resolves to now;
    the Host header still names the host."""

    def __init__(self, host: str, port: int | None, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(HTTPSConnection):
    def __init__(self, host: str, port: int | None, address: str, timeout: float) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        # The certificate is checked against the host's name, as a plain connection would.
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def _get(url: str, deadline: float, address: str) -> tuple[int, str | None, bytes | None]:
    """One GET to `address`: (status, the Location of a redirect, the body of a 200)."""
    parts = urlsplit(url)
    kind = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    connection = kind(parts.hostname or "", parts.port, address, _remaining(deadline))
    try:
        connection.connect()
        sock = connection.sock
        target = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
        if parts.query:
            target += "?" + parts.query
        connection.request(
            "GET", target, headers={"User-Agent": "Colophon import", "Accept": "*/*"}
        )
        response = connection.getresponse()
        if response.status in {301, 302, 303, 307, 308}:
            return response.status, response.getheader("Location") or "", None
        if response.status != 200:
            return response.status, None, None
        limit = settings.COLOPHON_IMAGE_MAX_BYTES
        declared = response.getheader("Content-Length") or ""
        if declared.isdigit() and int(declared) > limit:
            raise _TooLarge(limit)
        chunks: list[bytes] = []
        size = 0
        while True:
            # Each read may wait only for what is left of the whole download's time.
            sock.settimeout(_remaining(deadline))
            chunk = response.read1(CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise _TooLarge(limit)
            chunks.append(chunk)
        return response.status, None, b"".join(chunks)
    finally:
        connection.close()
