"""Gunicorn's settings for `make serve`, from the environment (README, "Configuration").

Gunicorn reads this file itself (`gunicorn --config gunicorn.conf.py colophon.wsgi`), so a
container can run that command directly; `make serve` also collects static files and
migrates first.
"""

import multiprocessing

from colophon.env import env_int, env_str

# A container publishes whatever port it binds on all of its interfaces; `make serve`
# passes the Makefile's HOST (127.0.0.1 unless you set it) so a laptop exposes nothing.
bind = f"{env_str('HOST', default='0.0.0.0')}:{env_int('PORT', default=8000, minimum=1)}"  # noqa: S104

# Synchronous workers, one request each; the usual 2 per core plus one unless
# WEB_CONCURRENCY says otherwise (each worker holds a database connection and, while it
# renders a PDF, WeasyPrint's memory).
workers = env_int("WEB_CONCURRENCY", default=multiprocessing.cpu_count() * 2 + 1, minimum=1)

# A reader asking for a PDF nobody has rendered yet waits for the render, whose process
# articles/pdf/process.py kills after PDF_RENDER_TIME_LIMIT (120 s); the worker must
# outlive it.
timeout = env_int("GUNICORN_TIMEOUT", default=130, minimum=1)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", default=30, minimum=1)
# Behind a load balancer that reuses connections, a little longer than none.
keepalive = 5

# Workers are replaced now and then so that memory a long-lived process accumulates (PDF
# renders, image processing) is given back; the jitter keeps them from restarting together.
max_requests = env_int("GUNICORN_MAX_REQUESTS", default=1000, minimum=0)
max_requests_jitter = max_requests // 10

# Load the application once in the master: a settings error stops start-up with its message
# instead of every worker dying in a loop, and workers share the imported code's memory.
preload_app = True

# Logs to stdout and stderr, for the container or process supervisor to collect.
accesslog = "-"
errorlog = "-"
loglevel = env_str("LOG_LEVEL", default="INFO").lower()

# Gunicorn's runtime control socket is not used here, and its default path is one per
# user, which two servers on one machine would fight over.
control_socket_disable = True
