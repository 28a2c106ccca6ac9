"""Which tests need more than this process and SQLite: a browser, another process, or
PostgreSQL. `make test-fast` leaves them out (`-m FAST`); `make test` runs everything.

The markers are worked out here from what a test uses, not from a list kept by hand, so
a new test is classified the day it is written:

- browser: the test lives in tests/browser/, uses a fixture defined there (Chromium
  through Playwright), or its module imports Playwright.
- subprocess: its module starts processes: it, or a tests/ module it imports (such as
  tests/processes.py or tests/production/environment.py), or the module defining a
  fixture it uses, imports subprocess, multiprocessing or pty, or calls os.system,
  os.popen, os.fork, os.spawn*, os.posix_spawn* or os.exec*, or asyncio's
  create_subprocess_*. And every test in tests/pdf/: a PDF is rendered in a child
  process forked for it (articles/pdf/process.py). A test elsewhere that renders a PDF
  is marked by hand, `pytestmark = pytest.mark.subprocess`, as the guard asks.
- postgres: written by hand, `@pytest.mark.postgres(reason=...)`. tests/conftest.py
  skips such a test on another database, so the marker is how a test asks for
  PostgreSQL in the first place.

Detection reads source, so it can miss a process started in some new way; the guard
below catches that at run time: a test that is not marked subprocess or browser and
starts a process fails, naming the marker to add. Such a test cannot pass unnoticed in
`make test-fast`, and fails in `make test` (CI) too.
"""

import ast
import multiprocessing.process
import os
import subprocess
from functools import cache
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
BROWSER, SUBPROCESS, POSTGRES = "browser", "subprocess", "postgres"
# Folders whose every test needs a browser or starts a process (see above).
FOLDERS = {TESTS / "browser": BROWSER, TESTS / "pdf": SUBPROCESS}
# The tests `make test-fast` runs (the Makefile spells the same expression).
FAST = f"not {BROWSER} and not {SUBPROCESS} and not {POSTGRES}"

_SPAWNING_IMPORTS = {"subprocess", "multiprocessing", "pty"}
_SPAWNING_CALLS = {
    "os": ("system", "popen", "fork", "forkpty", "spawn", "posix_spawn", "exec"),
    "asyncio": ("create_subprocess_",),
}
# This module starts no process; it imports subprocess to guard against it.
_NOT_ANALYSED = {Path(__file__).resolve()}


def kinds_of(item: pytest.Item) -> set[str]:
    """The markers `item` gets from what it uses (postgres is never guessed)."""
    found = set(_file_kinds(str(item.path)))
    fixtures = getattr(item, "_fixtureinfo", None)
    for definitions in fixtures.name2fixturedefs.values() if fixtures else ():
        for definition in definitions:
            code = getattr(definition.func, "__code__", None)
            if code is not None:
                found |= _file_kinds(code.co_filename)
    return found


@cache
def _file_kinds(filename: str) -> frozenset[str]:
    """What a test module, or the module defining a fixture, brings to a test."""
    path = Path(filename).resolve()
    if not path.is_relative_to(TESTS):
        return frozenset()
    found = set(module_kinds(path))
    found.update(kind for folder, kind in FOLDERS.items() if path.is_relative_to(folder))
    return frozenset(found)


@cache
def module_kinds(path: Path) -> frozenset[str]:
    """browser and/or subprocess, for a module of tests/ and the tests/ modules it imports."""
    return frozenset(_module_kinds(path.resolve(), frozenset()))


def _module_kinds(path: Path, seen: frozenset[Path]) -> set[str]:
    if path in _NOT_ANALYSED or path in seen or not path.is_file():
        return set()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        for name in _imported_names(node, path):
            top = name.split(".")[0]
            if top in _SPAWNING_IMPORTS:
                found.add(SUBPROCESS)
            elif top == "playwright":
                found.add(BROWSER)
            elif top == "tests" and (helper := _module_file(name)) is not None:
                found |= _module_kinds(helper, seen | {path})
        if _spawning_call(node):
            found.add(SUBPROCESS)
    return found


def _imported_names(node: ast.AST, path: Path) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    module = node.module or ""
    if node.level:  # relative: from the package this module is in
        package = path.parent.relative_to(ROOT).parts
        package = package[: len(package) - (node.level - 1)]
        module = ".".join([*package, *([module] if module else [])])
    return [module, *(f"{module}.{alias.name}" for alias in node.names)]


def _module_file(dotted: str) -> Path | None:
    base = ROOT.joinpath(*dotted.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate.resolve()
    return None


def _spawning_call(node: ast.AST) -> bool:
    """`os.system(...)`, `asyncio.create_subprocess_exec(...)` and their kind."""
    if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)):
        return False
    prefixes = _SPAWNING_CALLS.get(node.value.id, ())
    return any(node.attr.startswith(prefix) for prefix in prefixes)


def postgres_skip_reason(item, engine: str) -> str | None:
    """Why `item` is skipped on the database `engine`, when it is marked postgres."""
    marker = item.get_closest_marker(POSTGRES)
    if marker is None or engine.endswith("postgresql"):
        return None
    return marker.kwargs.get("reason", "needs PostgreSQL (DATABASE_URL=postgres://…)")


# The guard -----------------------------------------------------------------------------


class ProcessNotDeclared(pytest.fail.Exception):
    """Raised (as a test failure, which no `except Exception` swallows) instead of
    starting a process from a test that did not say it starts one."""


def refuse_processes(monkeypatch: pytest.MonkeyPatch, nodeid: str) -> list[str]:
    """Until the test ends, starting a process fails the test `nodeid`. Returns the list
    of refusals, for the caller to check after the test: code that catches everything
    (a task runner does) may have swallowed the failure."""
    refused: list[str] = []

    def refuse(*args, **kwargs):
        message = (
            f"{nodeid} starts a process but is not marked {SUBPROCESS} or {BROWSER}. "
            "tests/kinds.py did not see it coming: mark the test "
            f"@pytest.mark.{SUBPROCESS} (or @pytest.mark.{BROWSER}), so that "
            "`make test-fast` leaves it out."
        )
        refused.append(message)
        raise ProcessNotDeclared(message, pytrace=False)

    monkeypatch.setattr(subprocess.Popen, "_execute_child", refuse)
    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", refuse)
    for name in ("system", "posix_spawn", "posix_spawnp", "fork", "forkpty"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, refuse)
    return refused
