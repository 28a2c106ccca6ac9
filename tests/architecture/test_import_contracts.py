"""The import contracts in .importlinter hold, and they would catch a forbidden import."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["articles", "colophon", "contributors", "pagecache", "pages", "portal", "series"]
PACKAGES += ["redirects", "throttling", "wordpress"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(root / ".importlinter"), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def copy_of_the_project(tmp_path: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.json", "*.mo", "*.po"),
        )
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def add_import(module: Path, statement: str) -> None:
    module.write_text(module.read_text() + f"\n{statement}\n")


def test_the_project_keeps_every_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_helper_that_imports_an_app_breaks_the_contracts(copy_of_the_project):
    add_import(copy_of_the_project / "colophon/lib/languages.py", "import articles.models")
    result = lint_imports(copy_of_the_project)
    assert result.returncode == 1
    assert "colophon.lib.languages -> articles.models" in result.stdout


def test_models_that_import_the_workflow_break_the_contracts(copy_of_the_project):
    # The cycle the workflow once had: a model method calling a workflow step.
    module = copy_of_the_project / "articles/models/article.py"
    add_import(
        module,
        "def publish(article):\n"
        "    from articles.workflow.steps import publish_language\n\n"
        "    return publish_language(article, 'en')",
    )
    result = lint_imports(copy_of_the_project)
    assert result.returncode == 1
    assert "articles.models.article -> articles.workflow.steps" in result.stdout


def test_the_page_cache_that_queries_articles_breaks_the_contracts(copy_of_the_project):
    add_import(
        copy_of_the_project / "pagecache/generation.py", "from articles.models import Article"
    )
    result = lint_imports(copy_of_the_project)
    assert result.returncode == 1
    assert "pagecache.generation -> articles.models" in result.stdout
