"""Reading an upload whole, but never more of it than its limit allows."""

from typing import IO

from django.core.exceptions import ValidationError


def read_capped(
    upload: IO[bytes], limit: int, declared_too_large: str, read_too_large: str
) -> bytes:
    """The upload's bytes, or ValidationError(code="too_large") once it passes `limit`.

    The declared size is checked first; then at most one byte past the limit is read,
    because a client can declare any size. The messages are translated already and take
    %(size)s and %(limit)s in megabytes.
    """
    megabytes = round(limit / 1e6, 1)
    size = getattr(upload, "size", None) or 0
    if size > limit:
        raise ValidationError(
            declared_too_large % {"size": round(size / 1e6, 1), "limit": megabytes},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(read_too_large % {"limit": megabytes}, code="too_large")
    return data
