"""Running one PDF render in a child process that can be killed, under a memory limit.

WeasyPrint lays out contributor HTML in long steps that report no progress: a table of
300 cells with colspan=1000 spends minutes in one of them, rowspan=65534 allocates
gigabytes. A budget checked between steps (articles.pdf.render) cannot stop that, and nothing in
a thread can be stopped at all. So every render runs in a forked child:

- forked from the process that asks, which is warm (Django set up, WeasyPrint imported,
  fonts, templates and citation styles loaded), so a render costs a fork and not a
  start-up; the child inherits the snapshot and the settings and sends back only the
  PDF's bytes and page count, through a pipe;
- under an address-space limit (RLIMIT_AS, PDF_RENDER_MEMORY_LIMIT MB), so a hostile
  layout fails with MemoryError instead of taking the machine's memory;
- killed with SIGKILL by the parent once PDF_RENDER_TIME_LIMIT has passed; it also
  kills itself (alarm) a little later, and dies with its parent (PR_SET_PDEATHSIG), so
  no render outlives the process that owns its claim;
- named `colophon-pdf` (/proc/<pid>/comm), and its pid is handed to `on_start` (the
  claim records it), so an operator or a test can find it.

The child never touches the database. It must not even close the parent's connections
(closing one on PostgreSQL ends the parent's session), so it drops them unclosed and
refuses queries, and it leaves with os._exit(), which runs no clean-up of the parent's.
Forking from a process with other threads is safe for the render itself (only the
forking thread exists in the child); a library lock another thread held at that moment
could only make the child hang, and the time limit ends that.
"""

import contextlib
import ctypes
import gc
import logging
import math
import os
import pickle
import resource
import select
import signal
import time
import warnings
from collections.abc import Callable

from django.core.files.storage import default_storage, storages
from django.db import connections
from django.utils.functional import empty

from articles.pdf.fetcher import RenderLimitExceeded
from articles.pdf.render import RenderedPdf

logger = logging.getLogger(__name__)

# Python warns about any fork from a process with threads (runserver, a threaded test):
# the child here runs only the render, and a lock it inherited held could only make it
# hang until the time limit kills it.
warnings.filterwarnings(
    "ignore", message=r".*use of fork\(\) may lead to deadlocks", category=DeprecationWarning
)

PROCESS_NAME = b"colophon-pdf"
_PR_SET_PDEATHSIG = 1
_EXIT_OK, _EXIT_FAILED = 0, 3
# The child's own alarm goes off this long after the parent's deadline: the parent's kill
# is the rule, the alarm the fallback for a parent that stopped watching.
_ALARM_GRACE = 5


class RenderFailed(Exception):
    """The render raised an error of its own (not a limit); the message says which."""


class RenderInterrupted(RenderLimitExceeded):
    """The render process was killed from outside (an operator, the OOM killer, a restart),
    not by its own limits: nothing says the content is at fault, so it may be tried again."""


class RenderAbandoned(Exception):
    """The parent gave up a render because it lost its claim (heartbeat() said so)."""


def render_in_child(
    render: Callable[[], RenderedPdf],
    *,
    time_limit: float,
    memory_limit_mb: int,
    on_start: Callable[[int], object] | None = None,
    heartbeat: Callable[[], bool] | None = None,
    heartbeat_every: float = 1.0,
) -> RenderedPdf:
    """`render()` run in a forked child; RenderLimitExceeded when it fails, with why.

    `heartbeat` is called about every `heartbeat_every` seconds while the child works;
    when it returns False the child is killed and RenderAbandoned raised.
    """
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_fd)
        _child(render, write_fd, parent, time_limit, memory_limit_mb)
    os.close(write_fd)
    try:
        if on_start is not None:
            on_start(pid)
        payload = _collect(read_fd, time_limit, heartbeat, heartbeat_every)
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    finally:
        os.close(read_fd)
    return _result(payload, os.waitpid(pid, 0)[1], memory_limit_mb, time_limit)


def _collect(read_fd, time_limit, heartbeat, heartbeat_every) -> bytes:
    """Everything the child writes, until it closes the pipe; raises when time is up."""
    chunks: list[bytes] = []
    deadline = time.monotonic() + time_limit
    next_beat = time.monotonic() + heartbeat_every
    while True:
        now = time.monotonic()
        if now >= deadline:
            raise RenderLimitExceeded(_took_too_long(time_limit))
        ready, _, _ = select.select([read_fd], [], [], max(0, min(deadline, next_beat) - now))
        if ready:
            chunk = os.read(read_fd, 1024 * 1024)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
        if time.monotonic() >= next_beat:
            next_beat = time.monotonic() + heartbeat_every
            if heartbeat is not None and heartbeat() is False:
                raise RenderAbandoned("the render's claim was taken over")


def _took_too_long(time_limit: float) -> str:
    return f"the render took longer than its time limit of {time_limit:g} s"


def _result(payload: bytes, status: int, memory_limit_mb: int, time_limit: float) -> RenderedPdf:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number == signal.SIGALRM:
            raise RenderLimitExceeded(_took_too_long(time_limit))
        name = signal.Signals(number).name
        # Pango and GLib abort() when an allocation fails, rather than raising.
        if number in (signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS, signal.SIGTRAP):
            raise RenderLimitExceeded(
                f"the render process crashed ({name}), most likely out of memory "
                f"(limit {memory_limit_mb} MB)"
            )
        raise RenderInterrupted(f"the render process was killed ({name})")
    if not payload:
        raise RenderLimitExceeded(f"the render process exited without a result ({status})")
    outcome, value = pickle.loads(payload)  # noqa: S301 - written by our own child
    if outcome == "ok":
        return value
    if outcome == "memory":
        raise RenderLimitExceeded(f"the render ran out of memory (limit {memory_limit_mb} MB)")
    if outcome == "limit":
        raise RenderLimitExceeded(value)
    raise RenderFailed(value)


# The child ----------------------------------------------------------------------------


def _child(render, write_fd: int, parent: int, time_limit: float, memory_limit_mb: int):
    code = _EXIT_FAILED
    try:
        _become_render_process(parent, time_limit, memory_limit_mb)
        try:
            message = ("ok", render())
        except MemoryError:
            message = ("memory", None)
        except RenderLimitExceeded as error:
            message = ("limit", str(error))
        except BaseException as error:  # the parent records it; the traceback is here
            logger.exception("PDF render failed")
            message = ("error", str(error) or type(error).__name__)
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(write_fd, view) :]
        code = _EXIT_OK
    finally:
        os._exit(code)


def _become_render_process(parent: int, time_limit: float, memory_limit_mb: int) -> None:
    # The garbage collector would walk every object inherited from the parent, writing
    # to each, and so copy most of the parent's memory page by page: it leaves them be.
    gc.freeze()
    # The parent's handlers (gunicorn's, a worker's) are not the child's business.
    for number in signal.valid_signals():
        if number not in (signal.SIGKILL, signal.SIGSTOP):
            with contextlib.suppress(OSError, ValueError):
                signal.signal(number, signal.SIG_DFL)
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(_EXIT_FAILED)
    signal.alarm(math.ceil(time_limit) + _ALARM_GRACE)
    limit = memory_limit_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    with contextlib.suppress(OSError), open("/proc/self/comm", "wb") as comm:
        comm.write(PROCESS_NAME)
    _drop_database_connections()
    # Storage objects may hold connections too (S3's HTTP pool): the child makes its own.
    storages._storages = {}  # type: ignore[attr-defined]  # private Django API
    default_storage._wrapped = empty  # type: ignore[attr-defined]  # private Django API


_inherited: list = []


def _drop_database_connections() -> None:
    """Forget the parent's connections without closing them, and refuse any query."""

    def refuse(*args, **kwargs):
        raise RuntimeError("a PDF render must not query the database")

    for connection in connections.all(initialized_only=True):
        _inherited.append(connection.connection)  # never garbage-collected: never closed
        connection.connection = None
        connection.connect = refuse  # type: ignore[method-assign]  # no queries in the child
        connection.execute_wrappers.append(refuse)
