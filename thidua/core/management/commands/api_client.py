from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from thidua.core.openapi_client import api_schema, generate

DEFAULT_OUTPUT = Path(settings.BASE_DIR) / "docs" / "api_client" / "thidua_client.py"


class Command(BaseCommand):
    help = (
        "Write the typed Python client of the API (docs/api_client/thidua_client.py) from the "
        "OpenAPI schema of the API object: run again after an API operation changes. "
        "--check: fail if the file differs from what would be written."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="Where to write.")
        parser.add_argument(
            "--check", action="store_true", help="Only compare; exit 1 if the file is stale."
        )

    def handle(self, *args, output: Path, check: bool, **options):
        text = generate(api_schema())
        if check:
            current = output.read_text(encoding="utf-8") if output.exists() else ""
            if current != text:
                raise CommandError(f"{output} is stale: run `thidua api-client` to regenerate it.")
            self.stdout.write(f"{output} is up to date.")
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        operations = text.count("\n    def ") - text.count("\n    def _")
        self.stdout.write(f"Wrote {output} ({operations} methods).")
