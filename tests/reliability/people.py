"""What an editor and a contributor do in the scenarios, through the forms a browser sees.

Each form is fetched and sent back as a browser would (every field it carries), with
only the text changed, so the scenarios exercise the real admin and submission views.
"""

import requests

from tests.factories import image_bytes
from tests.reliability.traffic import Answer, fetch, form_data, signed_in_session


def editor_session(scenario) -> requests.Session:
    content = scenario.content
    return signed_in_session(
        scenario.site.url, content["editor"], scenario.password, "/admin/login/"
    )


def contributor_session(scenario) -> requests.Session:
    content = scenario.content
    return signed_in_session(
        scenario.site.url, content["contributor"], scenario.password, "/en/accounts/login/"
    )


def open_piece(session: requests.Session, base: str, article_id: int) -> dict | Answer:
    """The editor opens a piece in the admin: the form's values, or the failed answer."""
    page = fetch(session, base, f"/admin/articles/article/{article_id}/change/")
    if page.status != 200:
        return page
    return form_data(page.body, "body_en")[1]


def save_piece(
    session: requests.Session, base: str, article_id: int, form: dict, body: str
) -> Answer:
    """The editor replaces the English body in the opened form and saves."""
    data = {**form, "body_en": body, "_save": "Save"}
    path = f"/admin/articles/article/{article_id}/change/"
    return fetch(session, base, path, method="POST", data=data)


def edit_body(session: requests.Session, base: str, article_id: int, body: str) -> Answer:
    """Open and save at once."""
    form = open_piece(session, base, article_id)
    if isinstance(form, Answer):
        return form
    return save_piece(session, base, article_id, form, body)


def save_draft(
    session: requests.Session, base: str, title: str, body: str, image: bool = False
) -> Answer:
    """The contributor writes a new piece (with a credited image, if asked) as a draft,
    step by step: the piece, its text, then its image. The first answer that is not a
    move to the next step is returned, else the last step's."""
    answer = _step(session, base, "/en/submit/", "title", {"title": title, "go": "text"})
    if answer.status != 302:
        return answer
    edit = answer.location.rsplit("/", 2)[0]  # …/submissions/<pk>/edit
    if edit.startswith("http"):
        edit = "/" + edit.split("/", 3)[3]
    answer = _step(
        session, base, answer.location.removeprefix(base), "body",
        {"body": body, "body_format": "html", "go": "image"},
    )  # fmt: skip
    if answer.status != 302 or not image:
        return answer
    credit = {
        "image-alt": "A river at dusk",
        "image-title": "The River",
        "image-creator": "Jo Photographer",
        "image-year": "2019",
        "image-source_url": "https://example.org/river",
        "image-licence": "CC-BY-2.0",
        "go": "references",
    }
    files = {"image-file": ("river.jpg", image_bytes(size=(320, 240)), "image/jpeg")}
    return _step(session, base, f"{edit}/image/", "image-alt", credit, files)


def _step(session, base: str, path: str, field: str, values: dict, files=None) -> Answer:
    """Open a step of the submission form and send it back with `values` filled in."""
    page = fetch(session, base, path)
    if page.status != 200:
        return page
    _action, data = form_data(page.body, field)
    return fetch(session, base, path, method="POST", data=data | values, files=files)


def stored_bodies(scenario, marker: str) -> int:
    """How many pieces hold `marker` in any text the two forms write."""
    return scenario.query(
        "SELECT count(*) FROM articles_article WHERE body_en LIKE %s OR body_es LIKE %s"
        " OR title_en LIKE %s OR title_es LIKE %s",
        [f"%{marker}%"] * 4,
    )[0][0]
