"""The people of the editorial workflow, for tests: contributor, other contributor, editor,
series editor (and readers, who are anonymous clients)."""

import importlib
import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client

from articles.models import Article
from articles.workflow.steps import transition
from contributors.models import Contributor
from tests.factories import make_series, make_volume


def make_person(email: str, *, given="Ana", family="Contributor", language="en", **user):
    account = get_user_model().objects.create_user(
        username=email, email=email, password="pw-Long-enough-123", first_name=given, **user
    )
    Contributor.objects.create(
        user=account,
        given_name=given,
        family_name=family,
        slug=email.split("@")[0],
        language=language,
    )
    return account


def make_pending_account(email: str, **names):
    """Signed up through the portal; the address is not confirmed yet."""
    account = make_person(email, is_active=False, **names)
    account.set_unusable_password()
    account.save()
    return account


def ensure_roles() -> None:
    """The groups the migration creates; a transactional test's flush removes them."""
    if Group.objects.filter(name__in=["Editor", "Series editor"]).count() == 2:
        return
    roles = importlib.import_module("articles.migrations.0005_roles_and_emails")
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=roles.EDITOR_APPS)
    )
    series_editor, _ = Group.objects.get_or_create(name="Series editor")
    for app_label, codenames in roles.SERIES_EDITOR.items():
        series_editor.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def make_staff(email: str, group: str, language: str = "en"):
    ensure_roles()
    account = make_person(email, given="Eda", family="Editor", language=language, is_staff=True)
    account.groups.add(Group.objects.get(name=group))
    return account


def client_for(account) -> Client:
    client = Client()
    client.force_login(account)
    return client


def make_submission(author, series=None, *, language="en", status_path=(), **fields) -> Article:
    """A piece written by `author` through the portal's model calls, taken along
    `status_path` (workflow action names) by the system."""
    series = series or make_series()
    title_field = f"title_{language}"
    values = {
        title_field: fields.pop("title", "A submitted piece"),
        f"summary_{language}": "What the piece says.",
        f"body_{language}": "<p>The submitted body.</p>",
    }
    article = Article.objects.create(
        slug=fields.pop("slug", f"sub-{Article.objects.count() + 1}"),
        original_language=language,
        series=series,
        submitted_by=author,
        **values,
        **fields,
    )
    article.authorships.create(contributor=author.contributor, position=0)
    for name in status_path:
        transition(article, name, author if name in {"submit", "resubmit", "withdraw"} else None)
    return article


# What a newcomer sends the sign-up form. The password fields are what the form asked for
# before the password moved to the confirmation page: they must be ignored.
SIGNUP = {
    "given_name": "Nueva",
    "family_name": "Persona",
    "email": "nueva@example.org",
    "consent": "on",
    "password1": "first-Passphrase-41",
    "password2": "first-Passphrase-41",
}


def submission_form(series, **fields) -> dict:
    """What the portal's submission form posts for a one-author HTML piece, with `fields`
    added or replaced (a `draft` key saves a draft instead of submitting)."""
    data = {
        "language": "en",
        "series": series.pk,
        "title": "A piece",
        "summary": "Summary.",
        "body_format": "html",
        "body": "<p>Body.</p>",
        "licence": "CC-BY-4.0",
        "original_work": "on",
        "consent": "on",
        "coauthors-TOTAL_FORMS": "0",
        "coauthors-INITIAL_FORMS": "0",
        "references-TOTAL_FORMS": "0",
        "references-INITIAL_FORMS": "0",
        "submit": "1",
    }
    data.update(fields)
    if "draft" in data:
        del data["submit"]
    return data


# The fields each step of the submission form posts (portal/steps.py), in order.
STEP_FIELDS = {
    "piece": ("language", "series", "title", "summary", "topics", "keywords", "website_url"),
    "text": ("body_format", "body", "markdown", "docx"),
    "authors": ("coauthors-",),
    "image": ("image-",),
    "references": ("references-", "references_text"),
    "declarations": ("licence", "original_work", "consent", "response_note", "website_url"),
}


def step_data(step: str, data: dict) -> dict:
    """The part of a whole-form `data` (see submission_form) that `step` posts."""
    names = STEP_FIELDS[step]
    part = {
        key: value
        for key, value in data.items()
        if key in names or any(n.endswith("-") and key.startswith(n) for n in names)
    }
    if step == "text":
        part.setdefault("body_format", "html")
    if step == "authors":
        part.setdefault("coauthors-TOTAL_FORMS", "0")
        part.setdefault("coauthors-INITIAL_FORMS", "0")
    if step == "references":
        part.setdefault("references-TOTAL_FORMS", "0")
        part.setdefault("references-INITIAL_FORMS", "0")
    return part


def post_submission(client, data: dict, *, pk=None, language="en", follow=False):
    """Post `data` through every step as a contributor pressing "Save and continue", then
    submit (or save, with a `draft` key) on the last step. Returns the first response that
    is not a redirect to the next step (a step refused), else the last step's response."""
    steps = list(STEP_FIELDS)
    for index, step in enumerate(steps):
        url = (
            f"/{language}/submit/" if pk is None else f"/{language}/submissions/{pk}/edit/{step}/"
        )
        part = step_data(step, data)
        last = index == len(steps) - 1
        if not last:
            part["go"] = steps[index + 1]
        elif "submit" in data:
            part["submit"] = "1"
        else:
            part["save"] = "1"
        response = client.post(url, part, follow=follow and last)
        if last or response.status_code != 302:
            return response
        pk = int(response["Location"].rstrip("/").split("/")[-3])
    raise AssertionError("unreachable")


def make_volume_for(article: Article):
    volume = make_volume(article.series)
    article.volume = volume
    article.save()
    return volume


def docx_bytes(body_xml: str, extra_files: dict[str, str] | None = None) -> bytes:
    """A minimal Word document whose body is `body_xml` (WordprocessingML paragraphs)."""
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
            ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f"<w:body>{body_xml}</w:body></w:document>"
        ),
        **(extra_files or {}),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


def paragraph(text: str, style: str = "") -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{props}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


# Fixtures shared by tests/accounts and tests/workflow (imported by their conftest.py).


@pytest.fixture
def series():
    return make_series(slug="displacement", title_en="Displacement", title_es="Desplazamiento")


@pytest.fixture
def other_series():
    return make_series(slug="climate", title_en="Climate", title_es="Clima")


@pytest.fixture
def contributor(db):
    return make_person("ana@example.org", given="Ana", family="López")


@pytest.fixture
def other_contributor(db):
    return make_person("ben@example.org", given="Ben", family="Otro")


@pytest.fixture
def editor(db):
    return make_staff("chief@example.org", "Editor")


@pytest.fixture
def series_editor(db, series):
    account = make_staff("sara@example.org", "Series editor", language="es")
    series.editors.add(account)
    return account
