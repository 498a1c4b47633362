from django.core.management.base import BaseCommand

from thidua.org.demo import DEMO_LOGINS, DEMO_PASSWORD, demo_load
from thidua.org.models import Person, Unit


class Command(BaseCommand):
    help = "Load the demo ministry (idempotent: a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--people", type=int, default=300, help="How many fictional people (default 300)."
        )
        parser.add_argument(
            "--seed", type=int, default=2020, help="Random seed for names and placements."
        )

    def handle(self, *args, people: int, seed: int, **options):
        loaded = demo_load(people=people, seed=seed)
        if loaded:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo ministry loaded: {Unit.objects.count()} units, {Person.objects.count()} people."
                )
            )
        else:
            self.stdout.write("Demo ministry already present; nothing changed.")
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<18} {login.description}")
        self.stdout.write("\nOpen http://127.0.0.1:8000/ and log in.")
