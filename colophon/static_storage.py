"""Static files in production: WhiteNoise's compressed manifest storage, taught one thing."""

import re

from whitenoise.storage import CompressedManifestStaticFilesStorage

# Any URL scheme (RFC 3986: a letter, then letters, digits, "+", "-" or "."). Django's own
# test is `[a-z]+:`, which takes `colophon-static:fonts/…` in static/pdf/pdf.css (a URL
# only WeasyPrint's fetcher understands, articles/pdf/fetcher.py) for a relative path and
# fails collectstatic looking for a file of that name.
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed names, gzip and brotli copies; references with a scheme are left alone."""

    def url_converter(self, name, hashed_files, template=None, ignored_blocks=None):
        convert = super().url_converter(name, hashed_files, template, ignored_blocks)

        def converter(matchobj: re.Match) -> str:
            if _SCHEME.match(matchobj["url"]):
                return matchobj["matched"]
            return convert(matchobj)

        return converter
