"""A WordPress export built record by record, for tests of any part of the import.

    export = ExportBuilder()
    export.author("ana", display_name="Ana Ruiz", first_name="Ana", last_name="Ruiz")
    export.category("displacement", "Displacement")
    export.post(10, "First", categories=["displacement"], language="en")
    export.post(11, "Primero", language="es", date="2023-09-01 10:00:00")
    export.translations("pll_1", {"en": 10, "es": 11})
    path = export.write(tmp_path / "export.xml")

Polylang's `language` and `post_translations` terms, Co-Authors Plus guest authors and
their author terms, attachments with alt text and captions: each written the way the
plugins and WordPress's export.php write them (tests/wordpress/wxr_files.py has the parts).
"""

from pathlib import Path

from tests.wordpress.wxr_files import category, cdata, export, item, polylang_group, tag, term

LANGUAGE_NAMES = {"en": "English", "es": "Español"}


def author_record(
    login: str,
    *,
    id: int,
    display_name: str = "",
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> str:
    return (
        f"<wp:author><wp:author_id>{id}</wp:author_id>"
        f"<wp:author_login>{cdata(login)}</wp:author_login>"
        f"<wp:author_email>{cdata(email)}</wp:author_email>"
        f"<wp:author_display_name>{cdata(display_name or login)}</wp:author_display_name>"
        f"<wp:author_first_name>{cdata(first_name)}</wp:author_first_name>"
        f"<wp:author_last_name>{cdata(last_name)}</wp:author_last_name></wp:author>\n"
    )


class ExportBuilder:
    def __init__(
        self, *, base: str = "https://example.org", language: str = "en-US", version: str = "1.2"
    ) -> None:
        self.base = base.rstrip("/")
        self.language = language
        self.version = version
        self.heads: list[str] = []  # authors and terms, before every item
        self.items: list[str] = []
        self.languages: set[str] = set()
        self.terms: dict[tuple[str, str], str] = {}  # (taxonomy, slug) → name
        self._next_term = 100

    def _term_id(self) -> int:
        self._next_term += 1
        return self._next_term

    # Channel records ---------------------------------------------------------------------

    def author(self, login: str, *, id: int | None = None, **fields: str) -> "ExportBuilder":
        self.heads.append(author_record(login, id=id or len(self.heads) + 1, **fields))
        return self

    def category(self, slug: str, name: str = "", *, parent: str = "") -> "ExportBuilder":
        self.terms["category", slug] = name or slug.title()
        self.heads.append(category(slug, name, id=self._term_id(), parent=parent))
        return self

    def tag(self, slug: str, name: str = "") -> "ExportBuilder":
        self.terms["post_tag", slug] = name or slug
        self.heads.append(tag(slug, name, id=self._term_id()))
        return self

    def language_term(self, code: str) -> None:
        if code not in self.languages:
            self.languages.add(code)
            name = LANGUAGE_NAMES.get(code, code)
            self.heads.append(term("language", code, name, id=self._term_id()))

    def translations(self, slug: str, ids: dict[str, int]) -> "ExportBuilder":
        """A Polylang group; name it on each post too (post(..., translations=slug))."""
        self.heads.append(polylang_group(slug, ids, id=self._term_id()))
        return self

    # Items ---------------------------------------------------------------------------------

    def post(
        self,
        id: int,
        title: str = "",
        *,
        type: str = "post",
        categories: list[str] = (),  # type: ignore[assignment]
        tags: list[str] = (),  # type: ignore[assignment]
        language: str = "",
        translations: str = "",
        coauthors: list[str] = (),  # type: ignore[assignment]
        thumbnail: int = 0,
        meta: list[tuple[str, str]] = (),  # type: ignore[assignment]
        **fields,
    ) -> "ExportBuilder":
        """A post (or with type="page", a page). `coauthors` are Co-Authors Plus author
        term slugs ("cap-ana"); `language` and `translations` are Polylang's terms."""
        terms = [("category", s, self.terms.get(("category", s), s)) for s in categories]
        terms += [("post_tag", s, self.terms.get(("post_tag", s), s)) for s in tags]
        terms += [("author", s, s.removeprefix("cap-")) for s in coauthors]
        if language:
            self.language_term(language)
            terms.append(("language", language, LANGUAGE_NAMES.get(language, language)))
        if translations:
            terms.append(("post_translations", translations, translations))
        meta = list(meta)
        if thumbnail:
            meta.append(("_thumbnail_id", str(thumbnail)))
        slug = fields.get("slug") or f"{type}-{id}"
        fields.setdefault("slug", slug)
        prefix = f"/{language}" if language and language != self.language[:2] else ""
        fields.setdefault("link", f"{self.base}{prefix}/{slug}/")
        self.items.append(item(id, title, type=type, terms=terms, meta=meta, **fields))
        return self

    def page(self, id: int, title: str = "", **fields) -> "ExportBuilder":
        return self.post(id, title, type="page", **fields)

    def attachment(
        self,
        id: int,
        file: str,
        *,
        title: str = "",
        caption: str = "",
        alt: str = "",
        parent: int = 0,
        language: str = "",
    ) -> "ExportBuilder":
        """An uploaded file at wp-content/uploads/<file>; its caption is its excerpt."""
        url = f"{self.base}/wp-content/uploads/{file}"
        terms = []
        if language:
            self.language_term(language)
            terms.append(("language", language, LANGUAGE_NAMES.get(language, language)))
        self.items.append(
            item(
                id,
                title or Path(file).stem,
                type="attachment",
                status="inherit",
                slug=Path(file).stem,
                link=f"{self.base}/?attachment_id={id}",
                content="",
                excerpt=caption,
                parent=parent,
                attachment_url=url,
                terms=terms,
                meta=[("_wp_attachment_image_alt", alt)] if alt else [],
            )
        )
        return self

    def guest_author(
        self,
        id: int,
        slug: str,
        display_name: str,
        *,
        first_name: str = "",
        last_name: str = "",
        email: str = "",
        website: str = "",
        bio: str = "",
        linked_account: str = "",
    ) -> "ExportBuilder":
        """A Co-Authors Plus guest author: its item (with cap-* meta) and its author term."""
        self.heads.append(term("author", slug, slug.removeprefix("cap-"), id=self._term_id()))
        meta = [
            ("cap-display_name", display_name),
            ("cap-first_name", first_name),
            ("cap-last_name", last_name),
            ("cap-user_email", email),
            ("cap-user_login", slug.removeprefix("cap-")),
            ("cap-website", website),
            ("cap-description", bio),
        ]
        if linked_account:
            meta.append(("cap-linked_account", linked_account))
        self.items.append(
            item(
                id,
                display_name,
                type="guest-author",
                slug=slug,
                content="",
                terms=[("author", slug, slug.removeprefix("cap-"))],
                meta=meta,
            )
        )
        return self

    # Output -------------------------------------------------------------------------------------

    def text(self) -> str:
        return export(
            *self.heads, *self.items, version=self.version, base=self.base, language=self.language
        )

    def write(self, path: Path) -> Path:
        path.write_text(self.text(), encoding="utf-8")
        return path
