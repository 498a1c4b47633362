from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from thidua.core.actors import SYSTEM
from thidua.org.importing import ImportResult, RowError, people_import


class Command(BaseCommand):
    help = (
        "Import units and people from an Excel workbook made from the template "
        "(all or nothing; importing the same file again changes nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The .xlsx file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row but write nothing."
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            handle = file.open("rb")
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        with handle:
            result = people_import(actor=SYSTEM, file=handle, dry_run=dry_run, filename=file.name)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(_describe(error))
            raise CommandError(
                _("%(count)s problem(s) found; nothing was saved.") % {"count": len(result.errors)}
            )
        self.stdout.write(_summary(result))


def _describe(error: RowError) -> str:
    if error.row is None:
        return f"{error.sheet}: {error.message}" if error.sheet else error.message
    return _("%(sheet)s row %(row)s, column %(column)s: %(message)s") % error._asdict()


def _summary(result: ImportResult) -> str:
    lines = [
        _("Units: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
        % vars(result.units),
        _("People: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
        % vars(result.people),
    ]
    if result.dry_run:
        lines.append(_("Check only: nothing was saved."))
    return "\n".join(lines)
