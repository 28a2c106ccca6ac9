"""Snapshot everything the site renders, and compare two snapshots.

Moving code without changing behaviour must leave every response the same. `snapshot`
migrates a throwaway SQLite database (DEBUG off, hashed static files, immediate tasks),
imports demo/demo.json, adds an "about" page through the admin, and writes one file per
response (request, status, headers, body) under OUTDIR:

  pages/ sitemaps/ feeds/ citations/ media/ pdf/  a crawl in every language from the URL
      conf's routes without parameters, robots.txt and sitemap.xml, following links (query
      strings included) and the search form's choices, plus 404s; images as sha256, PDFs
      as page count, metadata and the text of each page
  oai/      every verb, format and set, GetRecord for every record, the protocol's errors
  admin/    as a superuser in each language: the index, each changelist and add page, the
            first object's change page and every page below it (history, revisions,
            transitions, preview and its PDF, delete confirmation); anonymous login
  commands/ import_articles, export_articles (JSON and images), crossref_deposit --all
  routes.txt, coverage.txt  the URL conf, and the routes no request reached

Normalised, as they differ between two runs of the same code: timestamps on the days of the
run, CSRF tokens and cookies, signed preview tokens, the random folders and rendition hashes
of uploaded images, PDF byte sizes (a PDF holds its render time), the editor's password
salt, Crossref's batch id, and the paths of the temporary folder and of the checkout.
No project module is imported, only django.setup(), requests and management commands, so
the script runs unchanged as modules move. `compare` shows a short diff of each file that
differs and exits 1 on any difference.

    .venv/bin/python scripts/compare_site.py snapshot /tmp/before
    .venv/bin/python scripts/compare_site.py compare /tmp/before /tmp/after
"""

import contextlib
import difflib
import hashlib
import io
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://series.example.org"
HOST = urlsplit(SITE).hostname
QUERIES = {"en": "displacement", "es": "desplazamiento"}  # a word found in both languages
MAX_FETCHES = 3000  # the crawl stops here and says so in coverage.txt
TEXT_TYPES = ("text/", "xml", "json", "x-bibtex", "research-info")


def start_django(tmp: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "colophon.settings")
    os.environ.update(DATABASE_URL=f"sqlite:///{tmp}/db.sqlite3", MEDIA_ROOT=str(tmp / "media"))
    os.environ.update(SITE_URL=SITE, ALLOWED_HOSTS=HOST, DEBUG="0", LOG_LEVEL="ERROR")
    os.environ.update(TASKS_BACKEND="immediate", PAGE_CACHE_ENABLED="1", PDF_RENDER_AHEAD="1")
    # A throwaway key and password for a throwaway database.
    os.environ["SECRET_KEY"] = "compare-site-throwaway-secret-key-0123456789abcdef"  # noqa: S105
    os.environ["DJANGO_SUPERUSER_PASSWORD"] = "compare-site-editor"  # noqa: S105
    for name in ("REDIS_URL", "AWS_STORAGE_BUCKET_NAME", "SENTRY_DSN", "EMAIL_URL"):
        os.environ.pop(name, None)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()
    logging.disable(logging.WARNING)  # the 404s asked for on purpose; errors still show
    from django.test.utils import override_settings

    # Production's hashed static names need collectstatic; its output stays out of the tree.
    override_settings(STATIC_ROOT=str(tmp / "static")).enable()


def command(*args: str) -> str:
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


class Links(HTMLParser):
    """A page's link targets (resolved against its URL) and its GET forms' choices."""

    def __init__(self, html: str, base: str) -> None:
        super().__init__()
        self.base, self.urls, self.form = base, [], None
        self.choices: list[tuple[str, str, list[str]]] = []  # action, field, values
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: v or "" for k, v in attrs}
        found = [a[k] for k in ("href", "src") if a.get(k)]
        for k in ("srcset", "imagesrcset"):
            found += [part.split()[0] for part in a.get(k, "").split(",") if part.strip()]
        self.urls += [urljoin(self.base, url.strip()).split("#")[0] for url in found]
        if tag == "form":
            get = a.get("method", "get").lower() == "get"
            self.form = urljoin(self.base, a.get("action") or self.base) if get else None
        elif tag == "select" and self.form is not None and a.get("name"):
            self.choices.append((self.form.split("?")[0], a["name"], []))
        elif tag == "option" and self.choices and a.get("value"):
            self.choices[-1][2].append(a["value"])


class Normaliser:
    """Rewrites what differs between two runs of the same code, and nothing else."""

    def __init__(self, started: datetime, tmp: Path, languages: list[str]) -> None:
        from django.utils import formats, translation

        today = datetime.now(UTC).date()
        days = [started.date() + timedelta(n) for n in range((today - started.date()).days + 1)]
        stamps = []
        for day in days:
            stamps += [day.isoformat(), day.strftime("%Y%m%d"), day.strftime("%d %b %Y")]
            for language in languages:
                with translation.override(language):
                    stamps += [formats.date_format(day, f) for f in ("DATE_FORMAT", "N j, Y")]
                    stamps.append(day.strftime(formats.get_format("DATE_INPUT_FORMATS")[0]))
        when = "|".join(sorted({re.escape(s) for s in stamps}, key=len, reverse=True))
        clock = r"(?:[T ,]*(?:(?:a las )?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?|\d{6,})"
        clock += r"(?:\s?[ap]\.m\.|Z|\s?[+-]\d{2}:?\d{2}| GMT| UTC)?)?"
        self.rules: list[tuple[re.Pattern, str]] = [
            # Crossref's batch id: the run's time, then random hex that may look like a time.
            (re.compile(r"(<doi_batch_id>[^<]*-)[0-9a-f]{8}(?=</doi_batch_id>)"), r"\1<random>"),
            (re.compile(rf"(?:\w{{3}}, )?(?:{when}){clock}"), "<run-time>"),
            (re.compile(r"(csrfmiddlewaretoken\" value=\")[^\"]+"), r"\1<csrf>"),
            (re.compile(r"((?:csrftoken|sessionid|messages)=)[^;\s]+"), r"\1<cookie>"),
            (re.compile(r"(; expires=)[^;]+"), r"\1<run-time + max-age>"),
            (re.compile(r"(/preview/)[\w:.-]+/"), r"\1<signed-token>/"),
            # A PDF's bytes hold the moment it was rendered; its text is compared instead.
            (re.compile(r'(length=")\d+(?=" (?:rel="enclosure" )?type="application/pdf")'),
             r"\1<pdf-bytes>"),
            (re.compile(r"(\(PDF, )[\d.,]+(?=\s[kKMG]?B\))"), r"\1<pdf-size>"),
            # The editor's password salt and hash, shown in part.
            (re.compile(r"(<bdi>)[^<*]+(?=\*+</bdi>)"), r"\1<random>"),
            (re.compile(re.escape(str(tmp))), "<tmp>"),
            (re.compile(re.escape(str(ROOT))), "<checkout>"),
        ]  # fmt: skip

    def learn_media(self, media: Path) -> None:
        """Each uploaded image's random folder, and the renditions named after it; first,
        before a timestamp's pattern could match inside one."""
        learned = []
        for path in sorted(media.glob("images/*/*/*")):
            folder = re.escape(path.parent.name)
            learned.append((re.compile(rf"\d{{4}}/{folder}/"), "<year>/<random>/"))
        for path in sorted(media.glob("renditions/*/*")):
            if found := re.fullmatch(r".*-([0-9a-f]{12})-\d+\.\w+", path.name):
                key = found[1]
                learned.append((re.compile(rf"\b{key[:2]}/(?=[^/\s\"']*-{key}-)"), "<hash>/"))
                learned.append((re.compile(f"-{key}-"), "-<hash>-"))
        self.rules[:0] = learned

    def __call__(self, text: str) -> str:
        for pattern, replacement in self.rules:
            text = pattern.sub(replacement, text)
        # The admin splits a datetime into two inputs: the time of a date made by this run.
        for field in set(re.findall(r'name="(?:initial-)?([\w-]+)_0" value="<run-time>"', text)):
            text = re.sub(rf'(name="(?:initial-)?{field}_1" value=")[^"]*', r"\1<run-time>", text)
        return text


class Snapshot:
    def __init__(self, tmp: Path, languages: list[str]) -> None:
        from django.test import Client

        self.tmp, self.languages = tmp, languages
        self.files: dict[str, str] = {}
        self.routes: set[tuple[str, str]] = set()
        self.seen: set[str] = set()
        self.queue: list[str] = []
        self.fetched: list[str] = []
        self.pdf_pages = 0
        self.reader = Client(HTTP_HOST=HOST, raise_request_exception=False)

    def get(self, client, url: str, kind: str = "", data: dict | None = None) -> str:
        """Fetch url (POST data if given) and record the response; return its text if any."""
        response = client.post(url, data, secure=True) if data else client.get(url, secure=True)
        self.fetched.append(url)
        self.response = response
        body, content_type = response.getvalue(), response.get("Content-Type", "")
        head = [f"{'POST' if data else 'GET'} {url}", f"status: {response.status_code}"]
        # Every header but the length, in a fixed order; an ETag only as present, since it
        # hashes the body (compared itself) or the version of a PDF made at render time.
        for header, value in sorted(response.items()):
            if header != "Content-Length":
                head.append(f"{header}: {'(set)' if header == 'ETag' else value}")
        head += [f"Set-Cookie: {response.cookies[c].OutputString()}" for c in response.cookies]
        name = file_name(kind or classify(url, content_type), url, bool(data))
        if response.status_code >= 500:
            print(f"warning: {url} answered {response.status_code}", file=sys.stderr)
        if "pdf" in content_type:
            self.record_pdf(name, head, body)
        elif any(t in content_type for t in TEXT_TYPES):
            self.files[name] = "\n".join(head) + "\n\n" + body.decode()
            return body.decode()
        else:
            digest = hashlib.sha256(body).hexdigest()
            self.files[name] = "\n".join([*head, f"size: {len(body)}", f"sha256: {digest}"])
        return ""

    def record_pdf(self, name: str, head: list[str], body: bytes) -> None:
        from pypdf import PdfReader

        pdf = PdfReader(io.BytesIO(body))
        meta = {k: str(v) for k, v in (pdf.metadata or {}).items() if "Date" not in k}
        head += [f"pages: {len(pdf.pages)}", f"metadata: {json.dumps(meta, sort_keys=True)}"]
        self.files[f"{name}/response.txt"] = "\n".join(head)
        for number, page in enumerate(pdf.pages, 1):
            self.files[f"{name}/page-{number:03}.txt"] = page.extract_text()
        self.pdf_pages += len(pdf.pages)

    # The public site
    def enqueue(self, url: str) -> None:
        url = "/" + url.removeprefix(SITE).lstrip("/") if url.startswith(SITE) else url
        public = url.startswith("/") and not url.startswith(("//", "/static/", "/admin/"))
        if public and url not in self.seen:
            self.seen.add(url)
            self.queue.append(url)

    def crawl(self) -> None:
        while self.queue and len(self.fetched) < MAX_FETCHES:
            url = self.queue.pop(0)
            text = self.get(self.reader, url)
            if "Location" in self.response:
                self.enqueue(urljoin(url, self.response["Location"]))
            if "html" in self.response.get("Content-Type", ""):
                page = Links(text, url)
                for link in page.urls:
                    self.enqueue(link)
                self.form_choices(url, page.choices)
            for link in re.findall(rf"{re.escape(SITE)}/[^\s\"'<>{{}}\\#]*", text):
                self.enqueue(link.replace("&amp;", "&").rstrip(".,;)"))

    def form_choices(self, url: str, choices: list) -> None:
        """Each choice of a GET form (the search filters) alone and with a query."""
        query = QUERIES.get(url.split("/")[1], QUERIES["en"])
        for action, field, values in choices:
            self.enqueue(f"{action}?{urlencode({'q': query})}")
            for value in values:
                self.enqueue(f"{action}?{urlencode({field: value})}")
                self.enqueue(f"{action}?{urlencode({'q': query, field: value})}")

    def public_site(self) -> None:
        from django.urls import URLResolver, get_resolver
        from django.utils import translation

        def walk(resolver, prefix: str, namespace: str):
            for entry in resolver.url_patterns:
                # Joined as Django joins a match's route: an inner regex loses its "^".
                route = prefix + str(entry.pattern).removeprefix("^" if prefix else "")
                if isinstance(entry, URLResolver):
                    space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                    yield from walk(entry, route, space)
                else:
                    yield route, f"{namespace}{entry.name or ''}"

        for language in self.languages:
            with translation.override(language):
                self.routes |= set(walk(get_resolver(), "", ""))
        plain = sorted({r for r, _ in self.routes if not re.search(r"[<^$(\\]", r)})
        for route in ["", "robots.txt", "sitemap.xml", "no-such-page/", *plain]:
            if not route.startswith("oai/"):  # asked for by oai(), and /admin/ by admin()
                self.enqueue("/" + route)
        for language in self.languages:
            for path in ("no-such-page/", "articles/no-such-piece/", "authors/nobody/"):
                self.enqueue(f"/{language}/{path}")
        self.crawl()

    def coverage(self) -> None:
        from django.urls import Resolver404, resolve
        from django.utils import translation

        reached = set()
        for url in self.fetched:
            path = urlsplit(url).path
            language = path.split("/")[1] if path.split("/")[1] in self.languages else None
            with translation.override(language), contextlib.suppress(Resolver404):
                reached.add(resolve(path).route)
        missing = sorted({r for r, _ in self.routes} - reached)
        self.files["routes.txt"] = "".join(f"{r}  {n}\n" for r, n in sorted(self.routes))
        note = [f"routes no request reached ({len(missing)}):", *missing]
        if self.queue:
            note.append(f"the crawl stopped at {MAX_FETCHES} requests; {len(self.queue)} left")
        self.files["coverage.txt"] = "\n".join(note)

    # OAI-PMH
    def oai(self) -> None:
        def ask(params: dict) -> str:
            return self.get(self.reader, f"/oai/?{urlencode(params)}", "oai")

        def values(tag: str, xml: str) -> list[str]:
            return re.findall(rf"<{tag}>([^<]+)</{tag}>", xml)

        ask({"verb": "Identify"})
        formats = values("metadataPrefix", ask({"verb": "ListMetadataFormats"}))
        sets = values("setSpec", ask({"verb": "ListSets"}))
        identifiers: set[str] = set()
        for prefix in formats:
            for verb in ("ListIdentifiers", "ListRecords"):
                answer = ask({"verb": verb, "metadataPrefix": prefix})
                while token := values("resumptionToken", answer):
                    answer = ask({"verb": verb, "resumptionToken": token[0]})
                if verb == "ListIdentifiers":
                    identifiers |= set(values("identifier", answer))
            for spec in sets:
                ask({"verb": "ListIdentifiers", "metadataPrefix": prefix, "set": spec})
            ask({"verb": "ListRecords", "metadataPrefix": prefix, "from": "2000-01-01"})
        for identifier in sorted(identifiers):
            ask({"verb": "ListMetadataFormats", "identifier": identifier})
            for prefix in formats:
                ask({"verb": "GetRecord", "identifier": identifier, "metadataPrefix": prefix})
        first, some = f"metadataPrefix={formats[0]}", min(identifiers, default="oai:x:y")
        for error in [  # the protocol's error answers
            "", "verb=NoSuchVerb", "verb=Identify&extra=1", "verb=Identify&verb=Identify",
            "verb=ListRecords", "verb=ListRecords&metadataPrefix=no_such_format",
            f"verb=ListRecords&{first}&from=not-a-date", f"verb=ListRecords&{first}&set=nothing",
            f"verb=ListRecords&{first}&from=2999-01-01", "verb=ListIdentifiers&resumptionToken=0",
            f"verb=GetRecord&identifier={some}", f"verb=GetRecord&identifier=oai:x:y&{first}",
        ]:  # fmt: skip
            self.get(self.reader, f"/oai/?{error}", "oai")
        self.get(
            self.reader, "/oai/", "oai", {"verb": "ListIdentifiers", "metadataPrefix": formats[-1]}
        )

    # The admin
    def editor(self, language: str):
        from django.contrib.auth import get_user_model
        from django.test import Client

        client = Client(HTTP_HOST=HOST, HTTP_ACCEPT_LANGUAGE=language)
        client.raise_request_exception = False
        client.force_login(get_user_model().objects.get(username="editor"))
        return client

    def add_page(self) -> None:
        """The demo has no page but "contribute"; an editor adds one, as the admin lets."""
        command("createsuperuser", "--noinput", "--username=editor", "--email=e@example.org")
        page = {"title_en": "About", "title_es": "Acerca de", "slug": "about", "_save": "1"}
        page |= {"body_en": "<p>About the series.</p>", "body_es": "<p>Sobre la serie.</p>"}
        self.get(self.editor("en"), "/admin/pages/page/add/", "admin/en", page)

    def admin(self) -> None:
        for url in ("/admin/", "/admin/login/"):
            self.get(self.reader, url, "admin/anonymous")
        previews: dict[str, str] = {}
        for language in self.languages:
            client, kind = self.editor(language), f"admin/{language}"
            index = Links(self.get(client, "/admin/", kind), "/admin/").urls
            self.get(client, "/admin/jsi18n/", kind)
            for changelist in sorted({u for u in index if re.fullmatch(r"/admin/\w+/\w+/", u)}):
                rows = Links(self.get(client, changelist, kind), changelist).urls
                objects = [u for u in rows if re.fullmatch(rf"{changelist}\d+/change/", u)]
                # The add page and the changelist's other pages (deleted pieces to recover),
                # but neither other objects nor the filters' and sorting's variants.
                other = re.compile(rf"{changelist}(?!\d+/)[^?#]+")
                for url in sorted({u for u in rows if other.fullmatch(u)} | {changelist + "add/"}):
                    self.get(client, url, kind)
                for link in self.admin_tree(client, kind, objects[0], set()) if objects else []:
                    if "/preview/" in link and link.endswith(".pdf"):
                        self.get(client, link, f"pdf/editor-{language}")
                    elif "/preview/" in link:  # a signed link for outside reviewers
                        previews.setdefault(re.sub(r"/preview/[^/]+/", "", link), link)
        for link in previews.values():
            self.enqueue(link)
        self.crawl()

    def admin_tree(self, client, kind: str, url: str, done: set[str]) -> list[str]:
        """An object's change page and every admin page below it (history, revisions,
        preview, delete confirmation), each once; returns every link they hold."""
        done.add(url)
        links = Links(self.get(client, url, kind), url).urls
        below = url.removesuffix("change/")
        for link in sorted({u for u in links if u.startswith(below) and "?" not in u} - done):
            links += self.admin_tree(client, kind, link, done)
        return links

    # Management commands
    def commands(self) -> None:
        out = self.tmp / "export"
        summary = command("export_articles", str(out / "articles.json"))
        self.files["commands/export_articles.json"] = (out / "articles.json").read_text()
        images = [
            f"{path.relative_to(out)}  {hashlib.sha256(path.read_bytes()).hexdigest()}"
            for path in sorted(out.rglob("*"))
            if path.is_file() and path.name != "articles.json"
        ]
        self.files["commands/export_articles.txt"] = "\n".join([summary, *images])
        summary = command("crossref_deposit", "--all", "--output", str(out / "crossref.xml"))
        self.files["commands/crossref_deposit.txt"] = summary
        self.files["commands/crossref_deposit.xml"] = (out / "crossref.xml").read_text()


def classify(url: str, content_type: str) -> str:
    path = urlsplit(url).path
    if path.startswith(("/oai/", "/media/")):
        return path.split("/")[1]
    if "pdf" in content_type or path.endswith(".pdf"):
        return "pdf"
    if "rss" in content_type or "atom" in content_type or "/feeds/" in path:
        return "feeds"
    if path == "/robots.txt" or path.startswith("/sitemap"):
        return "sitemaps"
    return "citations" if "/cite." in path else "pages"


def file_name(kind: str, url: str, post: bool = False) -> str:
    parts = urlsplit(url)
    path = parts.path.strip("/") or "root"
    path += "/index" if parts.path.endswith("/") and parts.path != "/" else ""
    path += "@" + quote(parts.query, safe="=&,:") if parts.query else ""
    return f"{kind}/{path}" + ("@POST" if post else "")


def snapshot(outdir: Path) -> None:
    if outdir.exists() and any(outdir.iterdir()) and not (outdir / "routes.txt").exists():
        sys.exit(f"{outdir} is not empty and holds no snapshot; it is left alone.")
    started, clock = datetime.now(UTC), time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="compare-site-"))
    try:
        start_django(tmp)
        from django.conf import settings

        command("migrate", "--noinput")
        command("collectstatic", "--noinput")
        snap = Snapshot(tmp, [code for code, _ in settings.LANGUAGES])
        demo = "demo/demo.json"  # relative to ROOT, the working folder: the same in any clone
        snap.files["commands/import_articles.txt"] = command("import_articles", demo)
        snap.add_page()
        # Pages changed within the current second carry no Last-Modified (HTTP dates have
        # whole seconds): start reading in the next second, as a real reader would.
        time.sleep(1)
        snap.public_site()
        snap.oai()
        snap.admin()
        snap.commands()
        snap.coverage()
        normalise = Normaliser(started, tmp, snap.languages)
        normalise.learn_media(Path(settings.MEDIA_ROOT))
        shutil.rmtree(outdir, ignore_errors=True)
        for name, text in snap.files.items():
            target = outdir / normalise(name)
            if not target.exists():  # two signed links to one preview: the first is kept
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(normalise(text).rstrip("\n") + "\n")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    written = [str(p.relative_to(outdir)) for p in outdir.rglob("*") if p.is_file()]
    # One file per response, but a PDF is a folder: its response.txt and one file a page.
    kinds = Counter(n.split("/")[0] for n in written if not re.match(r"pdf/.*/page-", n))
    print(f"{len(written)} files from {len(snap.fetched)} requests in {outdir}")
    print("  " + ", ".join(f"{kind}: {n}" for kind, n in sorted(kinds.items())))
    print(f"  {snap.pdf_pages} pages of PDF text; took {time.monotonic() - clock:.0f} s")


def compare(first: Path, second: Path) -> int:
    def files(root: Path) -> set[str]:
        return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}

    a, b = files(first), files(second)
    changed = [n for n in sorted(a & b) if (first / n).read_bytes() != (second / n).read_bytes()]
    for name in changed:
        old, new = (first / name).read_text(), (second / name).read_text()
        diff = list(difflib.unified_diff(old.splitlines(), new.splitlines(), n=1, lineterm=""))
        more = f"\n... and {len(diff) - 24} more lines" if len(diff) > 24 else ""
        print(f"--- {first / name}\n+++ {second / name}\n" + "\n".join(diff[2:24]) + more)
    for name in sorted(a - b):
        print(f"only in {first}: {name}")
    for name in sorted(b - a):
        print(f"only in {second}: {name}")
    print(f"{len(a & b) - len(changed)} identical, {len(changed)} differ, ", end="")
    print(f"{len(a - b)} only in {first}, {len(b - a)} only in {second}")
    return 1 if changed or a != b else 0


def main(args: list[str]) -> int:
    if args[:1] == ["snapshot"] and len(args) == 2:
        snapshot(Path(args[1]).resolve())
        return 0
    if args[:1] == ["compare"] and len(args) == 3:
        return compare(Path(args[1]), Path(args[2]))
    print(__doc__.strip().split("\n\n")[-1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
