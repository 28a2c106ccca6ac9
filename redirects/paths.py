"""One spelling of an old address, so that a stored redirect and a request meet."""


def normalise(path: str) -> str:
    """`path` (with or without "?query") decoded, without a trailing slash (except "/"),
    its query parameters sorted; for storing and for looking up."""
    raise NotImplementedError
