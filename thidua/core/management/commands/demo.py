import ipaddress

from django.core.management.base import BaseCommand
from django.db import transaction

from thidua.core.demo import loaders, loading


class Command(BaseCommand):
    help = "Load the demo ministry (idempotent: a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--people", type=int, default=300, help="How many fictional people (default 300)."
        )
        parser.add_argument(
            "--seed", type=int, default=2020, help="Random seed for names and placements."
        )
        # `make run` passes the HOST and PORT it gives runserver, so the closing line names
        # the address the site really answers at.
        parser.add_argument("--host", default="127.0.0.1", help="Host the site runs on.")
        parser.add_argument("--port", type=int, default=8000, help="Port the site runs on.")

    def handle(self, *args, people: int, seed: int, host: str, port: int, **options):
        with transaction.atomic(), loading():
            for loader in loaders():
                self.stdout.write(loader.load(people=people, seed=seed))
        self.stdout.write(f"\nOpen {site_address(host=host, port=port)} and log in.")


def site_address(*, host: str, port: int) -> str:
    """The address to open for a server bound to host:port: a wildcard host (0.0.0.0, ::)
    is opened as 127.0.0.1; an IPv6 address goes in brackets."""
    host = host.strip().strip("[]")
    try:
        wildcard = ipaddress.ip_address(host).is_unspecified
    except ValueError:  # a name such as localhost
        wildcard = host == ""
    if wildcard:
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"
