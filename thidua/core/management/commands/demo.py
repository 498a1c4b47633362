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

    def handle(self, *args, people: int, seed: int, **options):
        with transaction.atomic(), loading():
            for loader in loaders():
                self.stdout.write(loader.load(people=people, seed=seed))
        self.stdout.write("\nOpen http://127.0.0.1:8000/ and log in.")
