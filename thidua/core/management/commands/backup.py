from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write one archive (tar.gz) with the database, the uploaded files and the assistant "
        "index, and a manifest of checksums. Safe while the application runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Where to write the archive (.tar.gz).")
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, file: Path, database: str, **options):
        try:
            manifest = backup_create(file, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            f"Backup written to {file}: {manifest['database']['vendor']} database "
            f"({len(manifest['row_counts'])} tables, {rows} rows), "
            f"{len(manifest['files']) - 1} files."
        )
