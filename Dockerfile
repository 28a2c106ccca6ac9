# Colophon's image: one image for the app servers (gunicorn) and the task workers
# (`manage.py db_worker`); docker-compose.yml and docs/deploy.md show both. Configured
# entirely by environment variables (README, "Configuration"; .env.example).
FROM python:3.12-slim-bookworm

# WeasyPrint (reader PDFs) needs Pango and HarfBuzz's subsetter; gettext compiles the
# Spanish interface at build time. The same list as the Makefile's APT_PACKAGES, without
# the browser the tests use.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext \
    && rm -rf /var/lib/apt/lists/*

# The uv the Makefile uses, pinned; the dependencies exactly as uv.lock has them.
RUN pip install --no-cache-dir uv==0.13.9
ENV UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
# Static files are collected (hashed, compressed) into the image; translations compiled.
# Settings need a SECRET_KEY to load: this one exists only during the build.
RUN SECRET_KEY=image-build-only DEBUG=0 python manage.py compilemessages -v0 \
        --ignore='.venv/*' \
    && SECRET_KEY=image-build-only DEBUG=0 python manage.py collectstatic --no-input -v0

RUN useradd --system --uid 10001 --home-dir /app colophon \
    && mkdir -p /app/media \
    && chown colophon /app/media
USER colophon
# Uploads and PDFs when no S3 bucket is configured: mount a volume shared by every
# container of the site (docker-compose.yml does).
VOLUME ["/app/media"]
ENV MEDIA_ROOT=/app/media

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "deploy/healthcheck.py"]
# gunicorn.conf.py (`make serve` uses it too) binds HOST:PORT, 0.0.0.0:8000 by default,
# with WEB_CONCURRENCY workers.
CMD ["gunicorn", "--config", "gunicorn.conf.py", "colophon.wsgi"]
