"""Work that a bulk write would repeat after every row, noted and done once at its end.

A signal receiver that re-renders or re-indexes after each save is right for an editor's
one change, and wasteful for an import that saves the same piece a dozen times: inside
`Deferral.held()` the receiver's work is noted in a set instead, and the set is handed to
`flush` once, when the block ends without an error.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar


class Deferral[T]:
    def __init__(self, name: str) -> None:
        self._noted: ContextVar[set[T] | None] = ContextVar(name, default=None)

    def note(self, *items: T) -> bool:
        """Note `items` if a block is holding them; False (do the work now) otherwise."""
        return self.note_all(items)

    def note_all(self, items: Iterable[T]) -> bool:
        noted = self._noted.get()
        if noted is None:
            return False
        noted.update(items)
        return True

    @contextmanager
    def held(self, flush: Callable[[set[T]], None]) -> Iterator[None]:
        noted: set[T] = set()
        token = self._noted.set(noted)
        try:
            yield
        finally:
            self._noted.reset(token)
        flush(noted)
