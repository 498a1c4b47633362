"""Demo goals: the eight programmes with the seeds' targets, a cascade from the ministry to
units, sections and people, and a year of monthly check-ins with a realistic mix of goals on
track and at risk. Deterministic from the seed; figures not stated in the seeds are marked
illustrative ("minh hoạ").

The seeds' programmes end on 31/12/2025; each goes on as a 2026–2030 successor whose name
and targets are invented (marked illustrative), so goals from 2026 attach to the successor
and every page keeps grouping them under the same programme line. The 2025 targets stay as
the seeds state them."""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from thidua.org.models import Person, Unit
from thidua.org.services import tree_rebuild_paths

from .choices import Confidence, GoalStatus, MetricType, PeriodKind
from .demo_checkins import pace, recorded_on_their_day, year_reviewed
from .demo_touches import build_personal_touches
from .models import (
    CheckIn,
    Goal,
    Indicator,
    IndicatorValue,
    KeyResult,
    KeyResultTarget,
    Program,
)
from .progress import key_result_progress
from .services import (
    checkin_counts_refresh,
    goals_refresh_progress,
    goals_refresh_risk,
    key_results_refresh_from_checkins,
    program_create,
    programs_refresh_progress,
    snapshots_take,
)

PROGRAM_START, PROGRAM_END = date(2020, 1, 1), date(2025, 12, 31)
SUCCESSOR_START, SUCCESSOR_END = date(2026, 1, 1), date(2030, 12, 31)
SEED_000 = "Seed 000: Đại hội Đảng bộ Bộ TT&TT lần thứ V (08/2020)"
SEED_001 = "Seed 001: phát động phong trào thi đua 2020–2025"
SEED_003 = "Seed 003: hội nghị của Bộ TT&TT"
SEED_004 = "Seed 004: tám chương trình trọng tâm"
ILLUSTRATIVE = "Minh hoạ (không có trong nguồn)"

# number, code, name, lead unit code, the seeds' wording
PROGRAMS = [
    (1, "CT1", "Chuyển bưu chính thành hạ tầng dòng chảy vật chất của nền kinh tế số", "VBC"),
    (2, "CT2", "Chuyển hạ tầng viễn thông thành hạ tầng của nền kinh tế số", "CVT"),
    (3, "CT3", "Đưa Việt Nam trở thành cường quốc về an ninh mạng", "ATTT"),
    (4, "CT4", "Chuyển Chính phủ điện tử thành Chính phủ số", "THH"),
    (5, "CT5", "Make in Vietnam: từ gia công lắp ráp sang phát triển sản phẩm", "CNICT"),
    (6, "CT6", "Phát triển doanh nghiệp công nghệ số Việt Nam", "VCNTT"),
    (7, "CT7", "Báo chí truyền thông phản ánh dòng chảy chính của xã hội, tạo đồng thuận", "CBC"),
    (8, "CT8", "Dẫn dắt và thúc đẩy chuyển đổi số quốc gia", "THH"),
]
# Which programme each other unit's goals serve.
UNIT_PROGRAM = {"PTTH": 7, "TTDN": 7, "VTCCB": 8, "VPC": 8, "VPB": 8, "TTRB": 8}


@dataclass(frozen=True)
class IndicatorSpec:
    program: int
    name: str
    unit_of_measure: str
    baseline: tuple[date, str]
    target: tuple[date, str]
    direction: str
    source: str
    illustrative: bool
    values: tuple[tuple[date, str], ...] = ()


INDICATORS = [
    IndicatorSpec(
        1,
        "Sản lượng bưu gửi thương mại điện tử",
        "triệu bưu gửi",
        (date(2020, 1, 1), "300"),
        (date(2025, 12, 31), "1500"),
        "up",
        ILLUSTRATIVE,
        True,
        (
            (date(2021, 12, 31), "520"),
            (date(2022, 12, 31), "760"),
            (date(2023, 12, 31), "930"),
            (date(2024, 12, 31), "1120"),
        ),
    ),
    IndicatorSpec(
        2,
        "Tỷ lệ người trưởng thành dùng điện thoại thông minh",
        "%",
        (date(2020, 1, 1), "65"),
        (date(2025, 12, 31), "100"),
        "up",
        f"Chỉ tiêu: {SEED_000} (mỗi người một máy điện thoại thông minh); số liệu: minh hoạ",
        True,
        (
            (date(2021, 12, 31), "73"),
            (date(2022, 12, 31), "80"),
            (date(2023, 12, 31), "84"),
            (date(2024, 12, 31), "87"),
        ),
    ),
    IndicatorSpec(
        2,
        "Tỷ lệ hộ gia đình có đường Internet cáp quang",
        "%",
        (date(2020, 1, 1), "60"),
        (date(2025, 12, 31), "100"),
        "up",
        f"Chỉ tiêu: {SEED_000} (mỗi hộ gia đình một đường Internet cáp quang); số liệu: minh hoạ",
        True,
        (
            (date(2021, 12, 31), "66"),
            (date(2022, 12, 31), "72"),
            (date(2023, 12, 31), "78"),
            (date(2024, 12, 31), "83"),
        ),
    ),
    IndicatorSpec(
        3,
        "Thứ hạng Chỉ số an toàn, an ninh mạng toàn cầu (GCI) của ITU",
        "hạng",
        (date(2017, 12, 31), "100"),
        (date(2025, 12, 31), "30"),
        "down",
        f"{SEED_000}: hạng 100 (2017) lên hạng 50 (2019); chỉ tiêu 2025: minh hoạ",
        True,
        ((date(2019, 12, 31), "50"), (date(2020, 12, 31), "25")),
    ),
    IndicatorSpec(
        4,
        "Tỷ lệ dịch vụ công trực tuyến toàn trình",
        "%",
        (date(2020, 1, 1), "30"),
        (date(2025, 12, 31), "80"),
        "up",
        ILLUSTRATIVE,
        True,
        (
            (date(2021, 12, 31), "35"),
            (date(2022, 12, 31), "42"),
            (date(2023, 12, 31), "48"),
            (date(2024, 12, 31), "55"),
        ),
    ),
    IndicatorSpec(
        5,
        "Kỹ sư, cử nhân CNTT mới mỗi năm",
        "người",
        (date(2020, 1, 1), "300000"),
        (date(2025, 12, 31), "500000"),
        "up",
        f"Chỉ tiêu: {SEED_003} (khoảng 500.000 kỹ sư, cử nhân CNTT mỗi năm); số liệu: minh hoạ",
        True,
        ((date(2022, 12, 31), "380000"), (date(2024, 12, 31), "450000")),
    ),
    IndicatorSpec(
        6,
        "Số doanh nghiệp công nghệ số",
        "doanh nghiệp",
        (date(2020, 1, 1), "50000"),
        (date(2025, 12, 31), "100000"),
        "up",
        f"{SEED_000}; {SEED_001}: từ 50.000 lên 100.000 doanh nghiệp; số liệu các năm: minh hoạ",
        True,
        (
            (date(2021, 12, 31), "58000"),
            (date(2022, 12, 31), "67000"),
            (date(2023, 12, 31), "70000"),
            (date(2024, 12, 31), "74000"),
        ),
    ),
    IndicatorSpec(
        6,
        "Doanh thu toàn ngành TT&TT",
        "tỷ USD",
        (date(2015, 12, 31), "54"),
        (date(2025, 12, 31), "200"),
        "up",
        f"{SEED_000}: gần 135 tỷ USD năm 2019, gấp 2,5 lần 2015; chỉ tiêu 2025: minh hoạ",
        True,
        ((date(2019, 12, 31), "135"),),
    ),
    IndicatorSpec(
        7,
        "Tỷ lệ cơ quan báo chí hoàn thành quy hoạch",
        "%",
        (date(2020, 1, 1), "20"),
        (date(2025, 12, 31), "100"),
        "up",
        ILLUSTRATIVE,
        True,
        ((date(2021, 12, 31), "45"), (date(2022, 12, 31), "70"), (date(2023, 12, 31), "85")),
    ),
    IndicatorSpec(
        8,
        "Tỷ trọng kinh tế số trong GDP",
        "%",
        (date(2020, 1, 1), "8"),
        (date(2025, 12, 31), "20"),
        "up",
        f"Chỉ tiêu: {SEED_004} (kinh tế số chiếm 20% GDP vào năm 2025); số liệu: minh hoạ",
        True,
        (
            (date(2021, 12, 31), "10"),
            (date(2022, 12, 31), "12"),
            (date(2023, 12, 31), "13"),
            (date(2024, 12, 31), "14"),
        ),
    ),
]

# The successors' national indicators, all invented (minh hoạ): number, name, unit of measure,
# baseline on 31/12/2025, target on 31/12/2030, direction.
SUCCESSOR_INDICATORS = [
    (1, "Sản lượng bưu gửi thương mại điện tử", "triệu bưu gửi", "1500", "4000", "up"),
    (2, "Tỷ lệ dân số được phủ sóng 5G", "%", "20", "99", "up"),
    (3, "Thứ hạng Chỉ số an toàn, an ninh mạng toàn cầu (GCI) của ITU", "hạng", "25", "10", "down"),
    (4, "Tỷ lệ dịch vụ công trực tuyến toàn trình", "%", "80", "100", "up"),
    (5, "Kỹ sư, cử nhân CNTT mới mỗi năm", "người", "500000", "700000", "up"),
    (6, "Số doanh nghiệp công nghệ số", "doanh nghiệp", "100000", "150000", "up"),
    (7, "Tỷ lệ cơ quan báo chí hoạt động trên nền tảng số", "%", "40", "100", "up"),
    (8, "Tỷ trọng kinh tế số trong GDP", "%", "20", "30", "up"),
]
SUCCESSOR_NOTE = (
    "Minh hoạ: chương trình kế tiếp giai đoạn 2026–2030 do bản demo giả định "
    "(tên và chỉ tiêu không có trong nguồn); chỉ tiêu đến năm 2025 giữ nguyên theo nguồn."
)

# Illustrative key results per programme at ministry/unit level: (title, metric, baseline, target, unit)
KR_BY_PROGRAM = {
    1: [
        ("Bưu cục kết nối nền tảng địa chỉ số", MetricType.NUMBER, 0, 500, "bưu cục"),
        ("Trình ban hành quy định về bưu chính số", MetricType.MILESTONE, 0, 1, ""),
    ],
    2: [
        ("Tỷ lệ phủ sóng 5G tại đô thị", MetricType.PERCENT, 5, 60, "%"),
        ("Hộ gia đình có cáp quang tăng thêm", MetricType.NUMBER, 0, 2000, "nghìn hộ"),
    ],
    3: [
        ("Hệ thống thông tin được giám sát an toàn", MetricType.NUMBER, 0, 300, "hệ thống"),
        ("Sản phẩm an ninh mạng Việt Nam được đánh giá", MetricType.NUMBER, 0, 20, "sản phẩm"),
    ],
    4: [
        ("Tỷ lệ dịch vụ công trực tuyến toàn trình", MetricType.PERCENT, 55, 80, "%"),
        ("Cơ sở dữ liệu quốc gia được kết nối", MetricType.NUMBER, 0, 6, "CSDL"),
    ],
    5: [
        ("Thiết bị 5G/IoT Make in Vietnam được công nhận", MetricType.NUMBER, 0, 15, "sản phẩm"),
        ("Kỹ sư CNTT được đào tạo thêm", MetricType.NUMBER, 0, 50000, "người"),
    ],
    6: [
        ("Doanh nghiệp công nghệ số mới được hỗ trợ", MetricType.NUMBER, 0, 2000, "doanh nghiệp"),
        ("Trình chiến lược phát triển doanh nghiệp công nghệ số", MetricType.MILESTONE, 0, 1, ""),
    ],
    7: [
        ("Cơ quan báo chí thực hiện xong quy hoạch", MetricType.PERCENT, 85, 100, "%"),
        ("Chiến dịch truyền thông chính sách", MetricType.NUMBER, 0, 24, "chiến dịch"),
    ],
    8: [
        (
            "Bộ, ngành có kế hoạch chuyển đổi số được thẩm định",
            MetricType.NUMBER,
            0,
            30,
            "bộ, ngành",
        ),
        ("Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng", MetricType.PERCENT, 50, 90, "%"),
    ],
}
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
        programs = {}
        for number, code, name, lead in PROGRAMS:
            programs[number] = Program.objects.create(
                code=code,
                number=number,
                name=name,
                period_start=PROGRAM_START,
                period_end=PROGRAM_END,
                lead_unit=self.units.get(lead),
                source=SEED_004,
            )
        for spec in INDICATORS:
            indicator = Indicator.objects.create(
                program=programs[spec.program],
                name=spec.name,
                unit_of_measure=spec.unit_of_measure,
                baseline_on=spec.baseline[0],
                baseline_value=Decimal(spec.baseline[1]),
                target_on=spec.target[0],
                target_value=Decimal(spec.target[1]),
                direction=spec.direction,
                source=spec.source,
                is_illustrative=spec.illustrative,
            )
            IndicatorValue.objects.bulk_create(
                IndicatorValue(
                    indicator=indicator, measured_on=day, value=Decimal(value), source=spec.source
                )
                for day, value in spec.values
            )
        self.build_successors(programs)
        return programs

    def build_successors(self, programs: dict[int, Program]) -> None:
        """Each programme goes on as an invented 2026–2030 successor (marked minh hoạ)."""
        for number, code, name, lead in PROGRAMS:
            self.successors[number] = program_create(
                code=f"{code}-2030",
                number=number,
                name=f"{name} (giai đoạn 2026–2030)",
                period_start=SUCCESSOR_START,
                period_end=SUCCESSOR_END,
                predecessor=programs[number],
                lead_unit=self.units.get(lead),
                description=SUCCESSOR_NOTE,
                source=ILLUSTRATIVE,
                is_illustrative=True,
            )
        for number, name, uom, baseline, target, direction in SUCCESSOR_INDICATORS:
            Indicator.objects.create(
                program=self.successors[number],
                name=name,
                unit_of_measure=uom,
                baseline_on=PROGRAM_END,
                baseline_value=Decimal(baseline),
                target_on=SUCCESSOR_END,
                target_value=Decimal(target),
                direction=direction,
                source=ILLUSTRATIVE,
                is_illustrative=True,
            )

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
    goals_refresh_progress()
    programs_refresh_progress()
    goals_refresh_risk(today=today)
    checkin_counts_refresh(since=date(min(years), 1, 1), until=today)
    return (
        f"Demo goals loaded: {Program.objects.count()} programmes, {Goal.objects.count()} goals, "
        f"{KeyResult.objects.count()} key results, {checkins} check-ins."
    )


def demo_loader(*, people: int = 300, seed: int = 2020) -> str:
    return demo_goals_load(seed=seed)
