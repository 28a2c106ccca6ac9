"""A tiny HTML reader for tests: what a reader sees, and the tags a machine reads."""

from html.parser import HTMLParser

_HIDDEN = {"script", "style", "template"}
_READ_ALOUD = ("aria-label", "alt", "title", "placeholder")
_VOID = {"meta", "link", "img", "br", "hr", "input", "source", "wbr"}


class Page(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[tuple[str, str]] = []  # (text, the language it is marked up in)
        self.tags: list[tuple[str, dict]] = []
        self._stack: list[tuple[str, str]] = []
        self.feed(html)

    @property
    def _lang(self) -> str:
        return self._stack[-1][1] if self._stack else ""

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        lang = attributes.get("lang") or self._lang
        self.texts.extend((attributes[n], lang) for n in _READ_ALOUD if attributes.get(n))
        if tag not in _VOID:
            self._stack.append((tag, lang))

    def handle_endtag(self, tag):
        if any(open_tag == tag for open_tag, _lang in self._stack):
            while self._stack and self._stack.pop()[0] != tag:
                pass

    def handle_data(self, data):
        hidden = any(tag in _HIDDEN for tag, _lang in self._stack)
        if not hidden and data.strip():
            self.texts.append((data, self._lang))

    @property
    def text(self) -> str:
        """Everything a reader sees or hears, as one line."""
        return " ".join(" ".join(text for text, _lang in self.texts).split())

    def text_in(self, language: str) -> str:
        """Only what is marked up as being in `language` (not a lang="en" link on /es/)."""
        return " ".join(" ".join(t for t, lang in self.texts if lang == language).split())

    def find_all(self, tag: str, **attrs) -> list[dict]:
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]

    def count(self, tag: str) -> int:
        return len(self.find_all(tag))

    def alternates(self) -> dict[str, str]:
        """hreflang alternates: {lang: href} (feeds are alternates too, without hreflang)."""
        links = self.find_all("link", rel="alternate")
        return {a["hreflang"]: a["href"] for a in links if "hreflang" in a}

    def feeds(self) -> dict[str, str]:
        """Advertised feeds: {href: type}."""
        links = self.find_all("link", rel="alternate")
        return {a["href"]: a["type"] for a in links if a.get("type", "").endswith("+xml")}

    def meta(self, name: str) -> list[str]:
        """The content of every <meta name=...> (or property=...) called `name`, in order."""
        return [
            a.get("content", "")
            for t, a in self.tags
            if t == "meta" and name in (a.get("name"), a.get("property"))
        ]

    def switcher(self) -> dict[str, str]:
        """Links of the language switcher: {lang: href}."""
        return {
            a["lang"]: a["href"] for a in self.find_all("a") if "hreflang" in a and "lang" in a
        }


def read(response) -> Page:
    return Page(response.content.decode())
