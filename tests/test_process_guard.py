"""The guard of tests/kinds.py: a test not marked to start processes cannot start one,
whichever way it tries; a test marked so can."""

import multiprocessing
import os
import subprocess
import sys

import pytest

from tests import kinds

PYTHON = [sys.executable, "-c", "pass"]
STARTERS = {
    "subprocess.run": lambda: subprocess.run(PYTHON, check=True),
    "os.system": lambda: os.system(" ".join(PYTHON)),  # noqa: S605 (a fixed command)
    "os.fork": lambda: os.fork(),  # how a PDF render starts its child (articles/pdf/process.py)
    "multiprocessing": lambda: multiprocessing.Process(target=print).start(),
}


@pytest.mark.parametrize("start", STARTERS.values(), ids=STARTERS.keys())
def test_an_unmarked_test_cannot_start_a_process(monkeypatch, start):
    kinds.refuse_processes(monkeypatch, "tests/test_example.py::test_example")
    with pytest.raises(kinds.ProcessNotDeclared) as refused:
        start()
    message = str(refused.value)
    assert message.startswith("tests/test_example.py::test_example starts a process")
    assert "@pytest.mark.subprocess" in message


def test_the_refusal_is_no_exception_that_application_code_would_swallow():
    assert not issubclass(kinds.ProcessNotDeclared, Exception)


def test_a_test_marked_subprocess_may_start_processes(request):
    # This module imports subprocess, so tests/kinds.py marked it and the guard stands aside.
    assert request.node.get_closest_marker(kinds.SUBPROCESS)
    assert subprocess.run(PYTHON, check=True).returncode == 0
