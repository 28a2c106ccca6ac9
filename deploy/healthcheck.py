"""Container health check: GET /healthz from this container's gunicorn, as the proxy would.

It sends the site's own host name (the first of ALLOWED_HOSTS) and says the request came
over https, so neither ALLOWED_HOSTS nor SECURE_SSL_REDIRECT turns the check into a 400
or a redirect. Only a 200 is healthy. Exit status 0 or 1, for Docker's HEALTHCHECK.
"""

import os
import sys
import urllib.error
import urllib.request

PORT = os.environ.get("HEALTHCHECK_PORT", "8000")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main() -> int:
    host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip(".")
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}/healthz",
        headers={
            "Host": host if host not in {"", "*"} else "localhost",
            os.environ.get("SECURE_PROXY_SSL_HEADER") or "X-Forwarded-Proto": "https",
        },
    )
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=4) as response:
            status = response.status
    except (urllib.error.URLError, OSError) as error:
        print(f"healthz: {error}", file=sys.stderr)
        return 1
    return 0 if status == 200 else 1


if __name__ == "__main__":
    sys.exit(main())
