"""Optional error reporting to Sentry (or a Sentry-compatible service), off without a DSN."""

from django.core.exceptions import ImproperlyConfigured


def init_error_reporting(
    dsn: str, *, environment: str, release: str = "", traces_sample_rate: float = 0.0
) -> bool:
    """Start reporting unhandled errors when `dsn` is set; True if reporting is on.

    Personal data (user ids, addresses, cookies, request bodies) is never sent: the service
    sees the error and the code path, not who met it."""
    if not dsn:
        return False
    # Imported only when used: a site without a DSN never loads the SDK.
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.utils import BadDsn, Dsn

    try:
        Dsn(dsn)
    except BadDsn as error:
        raise ImproperlyConfigured(f"SENTRY_DSN is not a valid DSN: {error}") from None
    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        environment=environment,
        release=release or None,
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,
    )
    return True
