"""`thidua eligibility FILE.json [--year Y] [--received-on YYYY-MM-DD] [--agency-settings FILE]`.

FILE is one history (docs/eligibility.md) or {"year", "received_on", "history", "settings"};
options win over the file. Prints the verdicts as JSON; bad input exits with code 2.
"""

import json
import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from thidua.awards.eligibility import HistoryError, evaluate
from thidua.awards.selectors.settings import eligibility_settings

EXIT_BAD_INPUT = 2
_WRAPPER_KEYS = {"history", "year", "received_on", "settings"}


class Command(BaseCommand):
    help = (
        "Judge every emulation title and commendation form for one history (JSON file) by "
        "the rules in force on the receipt date, and print the verdicts as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="History JSON (see docs/eligibility.md).")
        parser.add_argument("--year", type=int, help="Year judged (default: the file's).")
        parser.add_argument(
            "--received-on",
            help="Dossier receipt date YYYY-MM-DD (default: the file's, else today).",
        )
        parser.add_argument(
            "--agency-settings",
            type=Path,
            help="Agency settings JSON (rule parameters, versions; docs/eligibility.md).",
        )

    def handle(self, *args, file: Path, year, received_on, agency_settings, **options):
        self.stdout.write(
            run(file, year=year, received_on=received_on, settings_path=agency_settings)
        )


def run(
    path: Path,
    *,
    year: int | None = None,
    received_on: str | date | None = None,
    settings_path: Path | None = None,
    today: date | None = None,
) -> str:
    """The command's work: read, judge, and return the verdicts as JSON text.
    Raises CommandError (exit code 2) with a Vietnamese and English message on bad input."""
    data = _read_json(path)
    settings = None
    if isinstance(data, dict) and "history" in data:
        unknown = sorted(set(data) - _WRAPPER_KEYS)
        if unknown:
            _fail(
                f"Tệp {path}: trường không được hỗ trợ {', '.join(unknown)}",
                f"unknown top-level fields {', '.join(unknown)}",
            )
        history = data["history"]
        year = year if year is not None else data.get("year")
        received_on = received_on if received_on is not None else data.get("received_on")
        settings = data.get("settings")
    else:
        history = data
    if settings_path is not None:
        settings = _read_json(settings_path)
    if year is None:
        year = _latest_year(history)
        if year is None:
            _fail(
                "Chưa có năm xét: dùng --year hoặc ghi “year” trong tệp",
                "no year to judge: pass --year or put “year” in the file",
            )
    if received_on is None:
        received_on = today or date.today()
    elif not isinstance(received_on, date):
        try:
            received_on = date.fromisoformat(str(received_on))
        except ValueError:
            _fail(
                f"Ngày nhận hồ sơ “{received_on}” không đúng định dạng YYYY-MM-DD",
                "received_on must be a date YYYY-MM-DD",
            )
    if settings is None:  # the agency's settings in force on the receipt date
        settings = _agency_settings(received_on)
    try:
        verdicts = evaluate(history, year=year, received_on=received_on, settings=settings)
    except HistoryError as exc:
        lines = [f"  {p.path}: {p.message} ({p.message_en})" for p in exc.problems]
        raise CommandError(
            "Dữ liệu xét khen thưởng không hợp lệ (invalid eligibility input):\n"
            + "\n".join(lines),
            returncode=EXIT_BAD_INPUT,
        ) from exc
    return json.dumps([v.to_dict() for v in verdicts], ensure_ascii=False, indent=2)


def _agency_settings(received_on: date) -> dict:
    """The agency's settings in force on the receipt date; the law's defaults, said on
    stderr, when the command runs on files with no platform database at hand."""
    try:
        return eligibility_settings(on=received_on)
    except DatabaseError:
        sys.stderr.write(
            "Không đọc được cấu hình của đơn vị: áp dụng mặc định theo quy định "
            "(agency settings unavailable: the law's defaults apply)\n"
        )
        return {}


def _fail(message: str, message_en: str):
    raise CommandError(f"{message} ({message_en})", returncode=EXIT_BAD_INPUT)


def _read_json(path: Path):
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"Không đọc được tệp {path}: {exc}", "cannot read the file")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        _fail(
            f"Tệp {path} không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno}): {exc.msg}",
            "the file is not valid JSON",
        )


def _latest_year(history) -> int | None:
    if not isinstance(history, dict) or not isinstance(history.get("years"), list):
        return None
    years = [
        entry["year"]
        for entry in history["years"]
        if isinstance(entry, dict) and type(entry.get("year")) is int
    ]
    return max(years) if years else None
