"""Let someone sign in before their lock ends (docs/operations.md, "Sign-in lockout")."""

from django.core.management.base import BaseCommand, CommandError

from throttling.login import lockout_keys
from throttling.models import Throttle


class Command(BaseCommand):
    help = "Clear a username's failed sign-ins and lock, and optionally a client address's."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", help="the username (an e-mail address), any case")
        parser.add_argument("--address", default="", help="also clear this client address")

    def handle(self, *args, username: str, address: str, **options) -> None:
        if not username.strip():
            raise CommandError("clear_lockout: the username is empty.")
        user_key, address_key = lockout_keys(username, address.strip())
        keys = [user_key, address_key] if address.strip() else [user_key]
        cleared = Throttle.objects.release(
            [f"{key}:{part}" for key in keys for part in ("locked", "failures")]
        )
        who = f"{username} and {address.strip()}" if address.strip() else username
        self.stdout.write(f"clear_lockout: {cleared} lock(s) and counter(s) cleared for {who}.")
