"""The editors' WordPress import: "WordPress imports" in the admin index."""

from wordpress.admin import runs  # noqa: F401  (registers the ModelAdmin)
