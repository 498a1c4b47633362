"""Demo goals: the eight programmes with the seeds' targets, a cascade from the ministry to
units, sections and people, and a year of monthly check-ins with a realistic mix of goals on
track and at risk. Deterministic from the seed; figures not stated in the seeds are marked
illustrative ("minh hoạ"). The programmes, their indicators, successors and key results per
programme are in demo_programmes; this module builds the goals on them and loads the demo."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from thidua.org.models import Person, Unit
from thidua.org.services import tree_rebuild_paths

from .choices import Confidence, GoalStatus, MetricType, PeriodKind
from .demo_checkins import pace, recorded_on_their_day, year_reviewed
from .demo_programmes import KR_BY_PROGRAM, PROGRAMS, UNIT_PROGRAM, programs_build
from .demo_tasks import build_key_result_tasks
from .demo_touches import build_personal_touches
from .models import CheckIn, Goal, KeyResult, KeyResultTarget, Program
from .progress import key_result_progress
from .services import (
    checkin_counts_refresh,
    goals_refresh_progress,
    goals_refresh_risk,
    key_results_refresh_from_checkins,
    programs_refresh_progress,
    snapshots_take,
)

PERSONAL_KRS = [
    ("Hồ sơ, văn bản xử lý đúng hạn", MetricType.NUMBER, 0, 240, "hồ sơ"),
    ("Báo cáo chuyên đề hoàn thành", MetricType.NUMBER, 0, 6, "báo cáo"),
    ("Đề xuất cải tiến quy trình được áp dụng", MetricType.NUMBER, 0, 4, "đề xuất"),
    ("Tỷ lệ nhiệm vụ hoàn thành đúng hạn", MetricType.PERCENT, 70, 95, "%"),
]
PROFILES = [("strong", 45), ("steady", 25), ("slow", 20), ("stalled", 10)]
# How a closed year ended for some units' whole cascade (their goal, their sections' and
# their people's): the units that exceeded their targets reached every key result; one unit
# fell short. The other units' key results follow their drawn profiles, so a full year on
# target stays rare. The commendation round reads "exceeded its targets" from these goals.
YEAR_END = {
    2025: {
        "ATTT": "strong",
        "VPB": "strong",
        "CVT": "strong",
        "VCNTT": "strong",
        "PTTH": "slow",
    }
}


class GoalsDemo:
    def __init__(self, *, seed: int, today: date):
        self.rng = random.Random(seed * 7 + 1)
        # Draws for the check-ins YEAR_END adds, so the main draws stay as they were.
        self.spare_rng = random.Random(seed * 7 + 2)
        self.today = today
        self.units = {u.code: u for u in Unit.objects.filter(valid_to__isnull=True)}
        self.people_by_unit: dict[int, list[Person]] = {}
        for person in (
            Person.objects.filter(is_active=True)
            .select_related("position")
            .order_by("employee_code")
        ):
            self.people_by_unit.setdefault(person.unit_id, []).append(person)
        self.kr_specs: dict[int, list] = {}  # goal key -> KR specs (filled while building)
        self.successors: dict[int, Program] = {}  # programme number -> its 2026–2030 successor

    # ---- programmes and indicators ----
    def build_programs(self) -> dict[int, Program]:
        """The programmes and their successors (demo_programmes); returns the programmes."""
        programs, self.successors = programs_build(units=self.units)
        return programs

    def program_for(
        self, number: int, *, start: date, end: date, programs: dict[int, Program]
    ) -> Program | None:
        """The programme of the line whose period holds a goal's whole period, if any."""
        for program in (programs[number], self.successors.get(number)):
            if program is not None and program.period_start <= start and end <= program.period_end:
                return program
        return None

    # ---- the cascade for one year ----
    def build_year(self, *, year: int, programs: dict[int, Program]) -> list[KeyResult]:
        start, end = date(year, 1, 1), date(year, 12, 31)
        root = self.units["BTTTT"]
        period = {
            "period_kind": PeriodKind.YEAR,
            "period_start": start,
            "period_end": end,
            "status": GoalStatus.ACTIVE,
        }
        levels: list[list[tuple[Goal, list]]] = [[], [], [], []]
        ministry_goal = {}
        for number, _code, name, _lead in PROGRAMS:
            program = self.program_for(number, start=start, end=end, programs=programs)
            goal = Goal(
                title=f"{name} — năm {year}" if program else f"Tiếp tục: {name} — năm {year}",
                owner_unit=root,
                scope_unit=root,
                program=program,
                **period,
            )
            ministry_goal[number] = goal
            levels[0].append((goal, KR_BY_PROGRAM[number]))
        unit_program = {lead: number for number, _c, _n, lead in PROGRAMS if lead != "THH"}
        unit_program.update(UNIT_PROGRAM)
        unit_program["THH"] = 4
        section_goals = []
        for code, number in unit_program.items():
            unit = self.units.get(code)
            if unit is None:
                continue
            parent = ministry_goal[number]
            goal = Goal(
                title=f"{unit.short_name or unit.name}: đóng góp chương trình {number} năm {year}",
                owner_unit=unit,
                scope_unit=unit,
                parent=parent,
                program=parent.program,
                **period,
            )
            levels[1].append(
                (
                    goal,
                    [
                        (t, m, b, self._share(tg, m, 0.4), u)
                        for t, m, b, tg, u in KR_BY_PROGRAM[number]
                    ],
                )
            )
            sections = [u for u in self.units.values() if u.parent_id == unit.pk]
            for section in sorted(sections, key=lambda s: s.code):
                sgoal = Goal(
                    title=f"{section.name} ({unit.short_name}): kế hoạch năm {year}",
                    owner_unit=section,
                    scope_unit=section,
                    parent=goal,
                    program=parent.program,
                    **period,
                )
                levels[2].append(
                    (
                        sgoal,
                        [
                            (t, m, b, self._share(tg, m, 0.3), u)
                            for t, m, b, tg, u in KR_BY_PROGRAM[number][:1]
                        ],
                    )
                )
                section_goals.append((section, sgoal))
            if not sections:
                section_goals.append((unit, goal))
        self._personal_goals(year=year, section_goals=section_goals, levels=levels, period=period)
        key_results = self._save_levels(year=year, end=end, levels=levels)
        tree_rebuild_paths(model=Goal)
        KeyResult.objects.bulk_create(key_results, batch_size=1000)
        KeyResultTarget.objects.bulk_create(
            KeyResultTarget(key_result=kr, target=kr.target, reason="Giao đầu năm")
            for kr in key_results
        )
        return key_results

    def _personal_goals(
        self, *, year: int, section_goals: list, levels: list, period: dict
    ) -> None:
        """Up to four people of each section (or section-less unit) get a personal goal."""
        for owner_unit, parent in section_goals:
            for person in self.people_by_unit.get(owner_unit.pk, [])[:4]:
                krs = self.rng.sample(PERSONAL_KRS, 2)
                pgoal = Goal(
                    title=f"Kế hoạch công tác năm {year} của {person.full_name}",
                    owner_person=person,
                    scope_unit=owner_unit,
                    parent=parent,
                    program=parent.program,
                    **period,
                )
                levels[3].append((pgoal, krs))

    def _save_levels(self, *, year: int, end: date, levels: list) -> list[KeyResult]:
        """The goals level by level (parents first), and their key results in memory."""
        key_results = []
        for level in levels:
            for goal, _krs in level:
                goal.parent_id = goal.parent.pk if goal.parent else None
            Goal.objects.bulk_create([g for g, _ in level])
            for goal, specs in level:
                for title, metric, baseline, target, uom in specs:
                    due = (
                        end
                        if metric != MetricType.MILESTONE
                        else date(year, self.rng.choice([6, 9, 10]), 30)
                    )
                    key_results.append(
                        KeyResult(
                            goal=goal,
                            title=title,
                            metric_type=metric,
                            baseline=Decimal(baseline),
                            target=Decimal(target),
                            unit_of_measure=uom,
                            due_date=due,
                            previous_actual=Decimal(baseline)
                            if metric != MetricType.MILESTONE
                            else None,
                        )
                    )
        return key_results

    @staticmethod
    def _share(target, metric, share: float):
        if metric in (MetricType.PERCENT, MetricType.MILESTONE):
            return target
        return max(1, round(target * share))

    # ---- a year of monthly check-ins ----
    def check_in(self, *, year: int, key_results: list[KeyResult]) -> int:
        months = (
            12
            if date(year, 12, 31) < self.today
            else self.today.month - (1 if self.today.day < 25 else 0)
        )
        profiles = {
            kr.pk: self.rng.choices([p for p, _ in PROFILES], [w for _, w in PROFILES])[0]
            for kr in key_results
        }
        stall_after = {kr.pk: self.rng.randint(3, 8) for kr in key_results}
        forced = self._year_end_profiles(year=year, key_results=key_results)
        heads = {
            p.unit_id: p.user_id
            for people in self.people_by_unit.values()
            for p in people
            if p.position and p.position.is_head and p.user_id
        }
        total = 0
        for month in range(1, months + 1):
            rows = []
            for kr in key_results:
                checkin = self._checkin(
                    kr=kr,
                    month=month,
                    year=year,
                    profile=forced.get(kr.pk, profiles[kr.pk]),
                    drawn=profiles[kr.pk],
                    stall_after=stall_after[kr.pk],
                    heads=heads,
                )
                if checkin is not None:
                    rows.append(checkin)
            CheckIn.objects.bulk_create(rows, batch_size=2000)
            recorded_on_their_day(key_results=key_results, day=date(year, month, 25))
            total += len(rows)
            key_results_refresh_from_checkins(key_result_ids=[kr.pk for kr in key_results])
            goals_refresh_progress()
            programs_refresh_progress()
            month_end = (date(year, month, 28) + timedelta(days=4)).replace(day=1) - timedelta(
                days=1
            )
            if month_end <= self.today:
                goals_refresh_risk(today=month_end)
                snapshots_take(on=month_end)
        return total

    def _checkin(
        self, *, kr, month: int, year: int, profile: str, drawn: str, stall_after: int, heads
    ) -> CheckIn | None:
        """The key result's check-in of the month as its profile goes (None: stalled)."""
        day = date(year, month, 25)
        if profile == "stalled" and month > stall_after:
            return None
        # a check-in the drawn profile would not have made draws from the spare rng
        rng = self.spare_rng if drawn == "stalled" and month > stall_after else self.rng
        if kr.metric_type == MetricType.MILESTONE:
            done_month = kr.due_date.month - (1 if profile in ("strong", "steady") else -3)
            value = Decimal(1 if month >= done_month else 0)
        else:
            share = Decimal(str(round(pace(profile, month, rng), 4)))
            value = (kr.baseline + (kr.target - kr.baseline) * share).quantize(
                Decimal("1") if kr.metric_type == MetricType.NUMBER else Decimal("0.1")
            )
        confidence = {
            "strong": Confidence.ON_TRACK,
            "steady": Confidence.ON_TRACK,
            "slow": Confidence.AT_RISK,
            "stalled": Confidence.OFF_TRACK,
        }[profile]
        if profile == "stalled" and month < stall_after:
            confidence = Confidence.AT_RISK
        verified = (self.today - day).days > 31 and rng.random() < 0.7
        verified = verified or year_reviewed(year=year, today=self.today)  # drawn as before
        checkin = CheckIn(
            key_result=kr,
            value=value,
            target_then=kr.target,
            confidence=confidence,
            checked_on=day,
            progress=key_result_progress(
                baseline=kr.baseline,
                target=kr.target,
                value=value,
                direction=kr.direction,
                metric_type=kr.metric_type,
            ),
            comment=f"Cập nhật tháng {month:02d}/{year}",
            verified_at=timezone.make_aware(
                timezone.datetime.combine(day + timedelta(days=3), timezone.datetime.min.time())
            )
            if verified
            else None,
            verified_by_id=heads.get(kr.goal.scope_unit_id) if verified else None,
        )
        return checkin

    def _year_end_profiles(self, *, year: int, key_results: list[KeyResult]) -> dict[int, str]:
        """Key result id → the profile YEAR_END gives its unit's cascade in `year` (a closed
        year only: the current year's outcome is not known yet)."""
        wanted = YEAR_END.get(year, {})
        if not wanted or date(year, 12, 31) >= self.today:
            return {}
        paths = [(u.path, wanted[code]) for code, u in self.units.items() if code in wanted]
        scope_paths = {u.pk: u.path for u in self.units.values()}
        forced = {}
        for kr in key_results:
            scope = scope_paths.get(kr.goal.scope_unit_id, "")
            for path, profile in paths:
                if scope.startswith(path):
                    forced[kr.pk] = profile
        return forced


def goals_demo_loaded() -> bool:
    return Program.objects.exists()


@transaction.atomic
def demo_goals_load(*, seed: int = 2020, today: date | None = None) -> str:
    if goals_demo_loaded():
        return "Demo goals already present; nothing changed."
    if not Unit.objects.filter(code="BTTTT").exists():
        return "No demo ministry: goals skipped."
    today = today or timezone.localdate()
    demo = GoalsDemo(seed=seed, today=today)
    programs = demo.build_programs()
    years = sorted({2025, today.year})
    checkins = 0
    for year in years:
        key_results = demo.build_year(year=year, programs=programs)
        checkins += demo.check_in(year=year, key_results=key_results)
    build_personal_touches(today=today, units=demo.units)
    tasks = build_key_result_tasks(today=today, seed=seed)
    goals_refresh_progress()
    programs_refresh_progress()
    goals_refresh_risk(today=today)
    checkin_counts_refresh(since=date(min(years), 1, 1), until=today)
    return (
        f"Demo goals loaded: {Program.objects.count()} programmes, {Goal.objects.count()} goals, "
        f"{KeyResult.objects.count()} key results, {checkins} check-ins, {tasks} tasks done "
        "on key results."
    )


def demo_loader(*, people: int = 300, seed: int = 2020) -> str:
    return demo_goals_load(seed=seed)
