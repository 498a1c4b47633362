"""`thidua round --year 2025 [--unit CODE] [--received-on YYYY-MM-DD] [--json] [--dry-run]
[--propose]`: run the yearly commendation round's steps in order and print each step's
counts, the people capped and every override.

Without --dry-run the round is stored and each step confirmed as the command goes (the
operator acts for the emulation office); with --dry-run, or for one unit's subtree
(--unit), everything is computed and nothing written. --propose then creates the proposals
of the kept verdicts."""

import json
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from thidua.awards.choices import RoundStep, RoundStepStatus
from thidua.awards.eligibility import HistoryError
from thidua.awards.models import CommendationRound
from thidua.awards.round import RoundError
from thidua.awards.selectors.round import round_summary
from thidua.awards.services import round as services
from thidua.core.actors import SYSTEM
from thidua.org.models import Unit

EXIT_BAD_INPUT = 2


class Command(BaseCommand):
    help = "Run the yearly commendation round and print each step's counts."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--unit", help="Code of a unit: judge its subtree only (no write).")
        parser.add_argument(
            "--received-on",
            help="Dossier receipt date, YYYY-MM-DD (default 15/01 of the next year; for the "
            "current year, 31/12 until then).",
        )
        parser.add_argument("--json", action="store_true", help="Print JSON.")
        parser.add_argument("--dry-run", action="store_true", help="Compute without writing.")
        parser.add_argument(
            "--propose",
            action="store_true",
            help="Create the proposals of the kept verdicts (needs --as, an office account).",
        )
        parser.add_argument("--as", dest="username", help="Act as this emulation office account.")
        parser.add_argument(
            "--accept-incomplete",
            action="store_true",
            help="Confirm steps whose facts are incomplete (people or units without a final "
            "rating, records that cannot be judged); without it such a step stops the run.",
        )

    def handle(self, *args, **options):
        year = options["year"]
        try:
            received_on = (
                date.fromisoformat(options["received_on"])
                if options["received_on"]
                else min(date(year + 1, 1, 15), max(timezone.localdate(), date(year, 12, 31)))
            )
        except ValueError:
            raise CommandError(
                "Ngày nhận hồ sơ phải có dạng YYYY-MM-DD (received-on must be YYYY-MM-DD)",
                returncode=EXIT_BAD_INPUT,
            ) from None
        actor: Any = SYSTEM  # the operator's command line acts for the office
        if options["username"]:
            from django.contrib.auth import get_user_model

            actor = get_user_model().objects.filter(username=options["username"]).first()
            if actor is None:
                raise CommandError(
                    f"Không có tài khoản “{options['username']}” (unknown account)",
                    returncode=EXIT_BAD_INPUT,
                )
        if options["propose"] and actor is SYSTEM:
            raise CommandError(
                "Tạo đề nghị cần --as <tài khoản Bộ phận thi đua – khen thưởng> (--propose needs --as)",
                returncode=EXIT_BAD_INPUT,
            )
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(
                    f"Không có đơn vị mã “{options['unit']}” (unknown unit code)",
                    returncode=EXIT_BAD_INPUT,
                )
        try:
            if options["dry_run"] or unit is not None:
                summary = self._dry_run(year, received_on, unit)
            else:
                summary = self._run(
                    year, received_on, options["propose"], actor, options["accept_incomplete"]
                )
        except (RoundError, HistoryError) as exc:
            raise CommandError(str(exc), returncode=EXIT_BAD_INPUT) from exc
        except ValidationError as exc:
            message = "; ".join(exc.messages)
            if exc.code == "incomplete":  # the page's check box is this command's flag
                message += " (dòng lệnh: chạy lại với --accept-incomplete)"
            raise CommandError(message, returncode=EXIT_BAD_INPUT) from exc
        except PermissionDenied as exc:
            raise CommandError(
                "Tài khoản không thuộc Bộ phận thi đua – khen thưởng (the account is not the emulation office)",
                returncode=EXIT_BAD_INPUT,
            ) from exc
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
        else:
            self._print(summary)

    def _dry_run(self, year: int, received_on: date, unit) -> dict:
        from thidua.awards.selectors.settings import eligibility_settings_in_force

        in_force = eligibility_settings_in_force(on=received_on)
        round_ = CommendationRound(
            year=year,
            received_on=received_on,
            settings_used=dict(in_force.values) if in_force else {},
        )
        steps, capped, titles = [], [], None
        for step in services.COMPUTED_STEPS:
            outcome = services.round_step_compute(
                round_=round_, step=step, unit=unit, titles=titles
            )
            if step == RoundStep.TITLES:
                capped = outcome.details.get("capped", [])
                titles = {}
                for row in outcome.verdicts:
                    if row.kept:
                        titles.setdefault(row.person_id, set()).add(row.code)
            steps.append(
                {
                    "step": step,
                    "label": str(RoundStep(step).label),
                    "status": RoundStepStatus.COMPUTED,
                    "counts": outcome.counts,
                    "error": "",
                }
            )
        from thidua.awards.selectors.settings import round_settings_rows

        return {
            "year": year,
            "received_on": received_on.isoformat(),
            "settings_in_force": round_settings_rows(on=received_on),
            "unit": unit.code if unit else None,
            "written": False,
            "steps": steps,
            "capped": capped,
            "overrides": [],
        }

    def _run(
        self, year: int, received_on: date, propose: bool, actor, incomplete_ok: bool = False
    ) -> dict:
        round_ = services.round_start(actor=actor, year=year, received_on=received_on)
        # Every step not yet confirmed, in order, step f reusing step c's judged people.
        services.round_run_through(actor=actor, round_=round_, incomplete_ok=incomplete_ok)
        if propose:
            services.round_propose(actor=actor, round_=round_)
        summary = round_summary(viewer=SYSTEM, round_=round_)
        summary["written"] = True
        return summary

    def _print(self, summary: dict) -> None:
        received = date.fromisoformat(summary["received_on"]).strftime("%d/%m/%Y")
        self.stdout.write(f"Đợt xét khen thưởng năm {summary['year']} (hồ sơ nhận {received})")
        for step in summary["steps"]:
            counts = ", ".join(f"{k}: {_plain(v)}" for k, v in step["counts"].items())
            self.stdout.write(f"- {step['label']}: {counts or step['status']}")
        for person in summary["capped"]:
            self.stdout.write(f"  vượt trần CSTĐCS: {person['person']} ({person['unit']})")
        for override in summary["overrides"]:
            self.stdout.write(
                f"  lựa chọn của bộ phận thi đua – khen thưởng: {override['code']} {override['person'] or override['unit']}"
                f" — {override['reason']}"
            )
        if not summary.get("written", True):
            self.stdout.write("(chạy thử: không ghi gì)")


def _plain(value: Any) -> str:
    """A count as a person reads it: 1.234; a breakdown as "HT 26, HTT 5"; a list joined."""
    if isinstance(value, dict):
        return ", ".join(f"{k} {_plain(v)}" for k, v in value.items()) or "0"
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v) for v in value) or "—"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return str(value)
