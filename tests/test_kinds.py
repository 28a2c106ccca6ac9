"""What `make test-fast` leaves out: tests needing a browser, another process or
PostgreSQL are marked so by tests/kinds.py, and a process started unannounced fails."""

import ast
import importlib
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests import kinds

TESTS = kinds.TESTS
MARKERS = (kinds.BROWSER, kinds.SUBPROCESS, kinds.POSTGRES)


def kinds_of_file(path: Path) -> frozenset[str]:
    return kinds._file_kinds(str(path))


@pytest.mark.parametrize(
    "module", sorted((TESTS / "browser").glob("test_*.py")), ids=lambda p: p.name
)
def test_every_module_under_tests_browser_is_marked_browser(module):
    assert kinds.BROWSER in kinds_of_file(module)


@pytest.mark.parametrize(
    "module",
    [
        "deploy/test_cluster.py",  # gunicorn and db_worker, through tests/processes.py
        "reliability/test_database_outage.py",  # through tests/reliability/site.py
        "throttling/test_processes.py",
        "workflow/test_concurrency_on_sqlite.py",
        "production/test_deploy_check.py",  # through tests/production/environment.py
        "colophon/test_adding_a_language.py",
        "ops/test_backup.py",
        "pdf/test_isolation.py",  # tests/pdf/: renders run in forked children
        "pdf/test_serving.py",
    ],
)
def test_modules_that_start_processes_are_marked_subprocess(module):
    assert kinds.SUBPROCESS in kinds_of_file(TESTS / module)


@pytest.mark.parametrize(
    "module",
    ["discovery/test_oai.py", "admin/test_pages_load.py", "site/test_article_page.py"],
)
def test_modules_that_need_only_this_process_are_not_marked(module):
    assert kinds_of_file(TESTS / module) == frozenset()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import subprocess\n", {kinds.SUBPROCESS}),
        ("from subprocess import run\n", {kinds.SUBPROCESS}),
        ("import multiprocessing.pool\n", {kinds.SUBPROCESS}),
        ("import os\nos.system('true')\n", {kinds.SUBPROCESS}),
        ("import os\npid = os.fork()\n", {kinds.SUBPROCESS}),
        ("import os\nos.execv('/bin/true', ['true'])\n", {kinds.SUBPROCESS}),
        ("import asyncio\nasyncio.create_subprocess_exec('true')\n", {kinds.SUBPROCESS}),
        ("from tests.processes import start\n", {kinds.SUBPROCESS}),
        ("from tests import processes\n", {kinds.SUBPROCESS}),
        ("from tests.production.environment import run_django\n", {kinds.SUBPROCESS}),
        ("from playwright.sync_api import sync_playwright\n", {kinds.BROWSER}),
        ("import json\nimport os\nos.environ.get('X')\n", set()),
        ("from tests.factories import make_article\n", set()),
        ("from tests.personas import make_person\n", set()),
    ],
)
def test_a_module_is_classified_by_what_it_imports_and_calls(tmp_path, source, expected):
    module = tmp_path / "test_example.py"
    module.write_text(source, encoding="utf-8")
    assert kinds.module_kinds(module) == expected


def test_the_hook_marked_every_collected_test_as_it_was_classified(request):
    for item in request.session.items:
        marked = {kind for kind in MARKERS if item.get_closest_marker(kind)}
        assert kinds.kinds_of(item) <= marked, item.nodeid
        if "browser" in getattr(item, "fixturenames", ()):
            assert kinds.BROWSER in marked, item.nodeid


def test_a_fast_run_holds_no_test_that_needs_a_browser_a_process_or_postgresql(request):
    if request.config.option.markexpr != kinds.FAST:
        pytest.skip("only a `make test-fast` run (-m FAST) selects")
    for item in request.session.items:
        assert not any(item.get_closest_marker(kind) for kind in MARKERS), item.nodeid
        assert not Path(item.path).is_relative_to(TESTS / "browser"), item.nodeid
        assert not Path(item.path).is_relative_to(TESTS / "pdf"), item.nodeid


def test_make_test_fast_selects_with_the_same_expression():
    makefile = (kinds.ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"FAST_TESTS := {kinds.FAST}\n" in makefile
    assert '-m "$(FAST_TESTS)"' in makefile


def test_a_test_marked_postgres_is_skipped_on_sqlite_with_its_reason():
    marked = pytest.mark.postgres(reason="stemming is PostgreSQL's").mark
    item = SimpleNamespace(get_closest_marker=lambda name: marked if name == "postgres" else None)
    assert kinds.postgres_skip_reason(item, "django.db.backends.sqlite3") == (
        "stemming is PostgreSQL's"
    )
    assert kinds.postgres_skip_reason(item, "django.db.backends.postgresql") is None
    unmarked = SimpleNamespace(get_closest_marker=lambda name: None)
    assert kinds.postgres_skip_reason(unmarked, "django.db.backends.sqlite3") is None


def _skips_without_postgresql(node: ast.AST) -> bool:
    """`if connection.vendor != "postgresql": pytest.skip(...)` or a skipif on it."""
    condition = ast.unparse(node.test) if isinstance(node, ast.If) else ""
    if "postgresql" in condition and ("vendor" in condition or "ENGINE" in condition):
        return any(
            isinstance(call, ast.Call) and ast.unparse(call.func) == "pytest.skip"
            for statement in node.body
            for call in ast.walk(statement)
        )
    if isinstance(node, ast.Call) and ast.unparse(node.func) == "pytest.mark.skipif":
        return "postgres" in ast.unparse(node).lower()
    return False


def test_a_test_that_needs_postgresql_says_so_with_the_marker():
    """A skip written by hand would keep such a test in `make test-fast`."""
    offenders = [
        f"{path.relative_to(TESTS)}:{node.lineno}"
        for path in TESTS.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if _skips_without_postgresql(node)
    ]
    assert offenders == [], "use @pytest.mark.postgres(reason=...) instead"


def test_an_unmarked_test_that_starts_a_process_anyway_fails(_processes_only_where_declared):
    # Imported by name, so the classification cannot see it: the guard must.
    starter = importlib.import_module("subprocess")
    with pytest.raises(kinds.ProcessNotDeclared, match="is not marked subprocess"):
        starter.run([sys.executable, "-c", "pass"], check=True)
    # Had something caught the error, the guard would fail the test after it: it kept it.
    refused = _processes_only_where_declared
    assert len(refused) == 1
    refused.clear()  # expected here
