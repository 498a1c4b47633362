from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Replace the database, the uploaded files and the assistant index with those of an "
        "archive made by `thidua backup`. Stop the web processes and workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The archive written by `thidua backup`.")
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, file: Path, database: str, **options):
        try:
            manifest = backup_restore(file, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {file} (made {manifest['created_at']}): "
            f"{len(manifest['row_counts'])} tables, {len(manifest['files']) - 1} files. "
            "Run `thidua migrate` if this code is newer than the archive."
        )
