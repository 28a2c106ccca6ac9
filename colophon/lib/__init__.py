"""Small domain-free helpers every app may use. Nothing here imports a Colophon app.

urls (absolute URLs on the public site), languages, sanitise (the HTML allowlist),
images and uploads (re-encoding and size caps), pagination, responses ("not in this
language"), admin_languages (per-language admin fields), slugs, storage_errors.
import-linter keeps this package at the bottom (see .importlinter).
"""
