"""Two editors deciding the same piece at once, `trials` times, on a SQLite database file.

Run in its own process by test_concurrency_on_sqlite.py (the test process's in-memory
database cannot be shared): `python -m tests.workflow.sqlite_race <trials>`, with
DATABASE_URL naming a migrated file. Prints one JSON line: per trial, what each editor got
("won", "told" for the "someone acted first" refusal, or the error's name and text).
"""

import json
import os
import sys

import django

from tests import defaults


def main(trials: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "colophon.settings")
    django.setup()
    from django.conf import settings
    from django.test.utils import setup_test_environment

    setup_test_environment()  # e-mails to the outbox, never to a server
    settings.PASSWORD_HASHERS = defaults.PASSWORD_HASHERS

    from articles.models import Article
    from articles.workflow.steps import TransitionError, transition
    from tests.personas import make_person, make_staff, make_submission
    from tests.workflow.test_concurrency import _race

    author = make_person("ana@example.org")
    first = make_staff("one@example.org", "Editor")
    second = make_staff("two@example.org", "Editor")

    def decide(pk: int, action: str, editor):
        def step() -> str:
            try:
                transition(Article.objects.get(pk=pk), action, editor, expected="submitted")
            except TransitionError as error:
                return "told" if error.code == "stale" else f"refused: {error.messages}"
            return "won"

        return step

    outcomes = []
    for _ in range(trials):
        article = make_submission(author, status_path=["submit"])
        results = _race(decide(article.pk, "accept", first), decide(article.pk, "reject", second))
        outcomes.append([r if isinstance(r, str) else f"{type(r).__name__}: {r}" for r in results])
    print(json.dumps(outcomes))


if __name__ == "__main__":
    main(int(sys.argv[1]))
