"""The rows of names in a reference form: a person or an organisation, in a role.

Each row is a handful of fields named `name-<n>-<part>` inside the reference form, so that
a browser without JavaScript posts them like any other field and a script can add, remove
and renumber rows. A row left blank is ignored.
"""

import json
import re
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

PERSON, ORGANISATION = "person", "organisation"
KINDS = [(PERSON, _("person")), (ORGANISATION, _("organisation"))]
# CSL name variables; for a chapter, "editor" is the book's editors.
ROLES = [("author", _("author")), ("editor", _("editor")), ("translator", _("translator"))]
ROLE_KEYS = [role for role, _label in ROLES]
# Name parts the form has no input for, carried in a hidden field so an edit keeps them.
EXTRA_PARTS = ("suffix", "dropping-particle", "non-dropping-particle")
PARTS = ("kind", "family", "given", "literal", "role", "extra")
MAX_ROWS = 100
# Blank rows offered without JavaScript: two after a saved entry's names; three for a new
# entry, so that a chapter's author and the book's two editors go in with one save.
BLANK_ROWS = 2
BLANK_ROWS_NEW = 3
_INDEX = re.compile(r"^name-(\d{1,3})-(?:kind|family|given|literal|role|extra)$")


def row_fields() -> dict[str, forms.Field]:
    """One row's fields, keyed by part."""
    return {
        "kind": forms.ChoiceField(
            label=_("Person or organisation"), choices=KINDS, initial=PERSON, required=False
        ),
        "family": forms.CharField(label=_("Family name"), max_length=200, required=False),
        "given": forms.CharField(label=_("Given names"), max_length=200, required=False),
        "literal": forms.CharField(
            label=_("Organisation"),
            max_length=300,
            required=False,
            help_text=_("For an organisation: its name as printed."),
        ),
        "role": forms.ChoiceField(
            label=_("Role"), choices=ROLES, initial="author", required=False
        ),
        "extra": forms.CharField(widget=forms.HiddenInput, required=False),
    }


def field_name(index: int | str, part: str) -> str:
    return f"name-{index}-{part}"


def posted_indices(data, prefix: str | None) -> list[int]:
    """The row numbers a bound form carries, in order."""
    start = f"{prefix}-" if prefix else ""
    found = set()
    for key in data:
        if key.startswith(start):
            match = _INDEX.match(key[len(start) :])
            if match:
                found.add(int(match.group(1)))
    return sorted(found)[:MAX_ROWS]


@dataclass
class Row:
    role: str
    name: dict


def rows_from_csl(item: dict) -> list[dict]:
    """Initial values for the rows, from a stored item: authors, then editors, translators."""
    rows = []
    for role in ROLE_KEYS:
        for name in item.get(role) or []:
            if not isinstance(name, dict):
                continue
            extra = {part: name[part] for part in EXTRA_PARTS if part in name}
            organisation = "literal" in name
            rows.append(
                {
                    "kind": ORGANISATION if organisation else PERSON,
                    "family": "" if organisation else name.get("family", ""),
                    "given": "" if organisation else name.get("given", ""),
                    "literal": name.get("literal", "") if organisation else "",
                    "role": role,
                    "extra": json.dumps(extra, ensure_ascii=False) if extra else "",
                }
            )
    return rows


def is_blank(values: dict) -> bool:
    return not any((values.get(part) or "").strip() for part in ("family", "given", "literal"))


def row_to_name(values: dict) -> tuple[dict | None, str | None]:
    """The CSL name a row stands for, or the part to blame and why it cannot be one."""
    family = (values.get("family") or "").strip()
    given = (values.get("given") or "").strip()
    literal = (values.get("literal") or "").strip()
    if values.get("kind") == ORGANISATION:
        # Without JavaScript every input shows: a name typed in "family" is taken as well.
        name = literal or " ".join(part for part in (family, given) if part)
        return {"literal": name}, None
    if not family:
        if literal and not given:
            return {"literal": literal}, None
        return None, "family"
    name = {"family": family}
    if given:
        name["given"] = given
    name.update(_extra_parts(values.get("extra") or ""))
    return name, None


def _extra_parts(raw: str) -> dict:
    try:
        parts = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    if not isinstance(parts, dict):
        return {}
    return {k: v for k, v in parts.items() if k in EXTRA_PARTS and isinstance(v, str) and v}


def names_by_role(rows: list[Row]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row.role if row.role in ROLE_KEYS else "author", []).append(row.name)
    return grouped
