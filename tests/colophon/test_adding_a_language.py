"""docs/languages.md promises that a third language needs only a settings change and
`makemigrations`. This test keeps that promise honest on a copy of the project."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SMOKE = """
import django
django.setup()
from django.test import Client
from django.utils import timezone
from articles.models import Article
from articles.workflow.steps import publish_language
from series.models import Series, Volume

series = Series.objects.create(slug="s", title_en="Series", title_fr="Série")
volume = Volume.objects.create(series=series, number=1)
article = Article.objects.create(
    slug="piece", volume=volume, original_language="fr",
    title_fr="Une pièce", summary_fr="Résumé.", body_fr="<p>Le texte.</p>",
)
publish_language(article, "fr", at=timezone.now())
client = Client(HTTP_HOST="localhost")
page = client.get("/fr/articles/piece/")
assert page.status_code == 200, page.status_code
assert "Une pièce" in page.content.decode()
assert client.get("/en/articles/piece/").status_code == 404
admin_columns = {f.name for f in Article._meta.get_fields()}
assert {"title_fr", "body_fr", "published_at_fr"} <= admin_columns
print("french ok")
"""


def _run(args: list[str], cwd: Path, env: dict) -> str:
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.slow
def test_a_third_language_takes_a_settings_line_and_makemigrations(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(
        ROOT,
        project,
        ignore=shutil.ignore_patterns(
            ".venv", ".tools", ".git", "media", "staticfiles", "*.sqlite3", "__pycache__"
        ),
    )
    settings_file = project / "colophon" / "settings.py"
    text = settings_file.read_text()
    marker = '    ("es", _("Spanish")),\n'
    assert marker in text
    settings_file.write_text(text.replace(marker, marker + '    ("fr", _("French")),\n'))

    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_SETTINGS_MODULE": "colophon.settings",
        "PYTHONPATH": str(project),
    }
    manage = [sys.executable, "manage.py"]
    created = _run([*manage, "makemigrations"], project, env)
    assert "title_fr" in created or "Add field" in created
    _run([*manage, "migrate", "--no-input"], project, env)
    _run([*manage, "check", "--fail-level", "WARNING"], project, env)
    assert "french ok" in _run([sys.executable, "-c", SMOKE], project, env)
