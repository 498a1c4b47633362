"""Demo emulation data: clusters, movements tied to the programmes (2024's and 2025's closed,
the year of loading's where the calendar puts it on the day of loading, and a thematic campaign
open for registration once the year's registration has closed), lessons and their adoption, the initiatives
register and five years of ratings (2021–2025, the last the year the commendation round
judges), so that the eligibility review has real histories to judge. Deterministic from the
seed and the day of loading; people are fictional."""

import random
from datetime import date, datetime, time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from thidua.goals.models import Goal, Program
from thidua.org.choices import UnitGroupKind, UnitKind
from thidua.org.demo import MERGED_SHORT_NAME, MERGER_ON
from thidua.org.models import Person, Unit, UnitGroup, UnitGroupMembership

from .choices import (
    CriterionSource,
    InitiativeKind,
    InitiativeScope,
    LessonKind,
    MovementKind,
    MovementStatus,
    RatingLevel,
    RatingStatus,
)
from .demo_calendar import RESULTS_YEAR, campaign_movement, current_year, year_movement_status
from .law import rating_rule_for
from .models import (
    AnnualRating,
    Criterion,
    CriterionScore,
    Discipline,
    Initiative,
    Lesson,
    LessonAdoption,
    Movement,
    PendingCase,
    Registration,
    UnitRating,
)
from .scoring import conduct_kht_reasons

RATING_YEARS = range(2021, 2026)
CLUSTERS = [
    (
        "Cụm thi đua các Cục quản lý chuyên ngành",
        ["CVT", "ATTT", "THH", "CNICT", "CBC", "PTTH", "TTDN"],
        "ATTT",
    ),
    (
        "Khối thi đua các Vụ, Văn phòng, Thanh tra",
        ["VBC", "VCNTT", "VTCCB", "VPC", "VPB", "TTRB"],
        "VPB",
    ),
]
MOVEMENTS = [
    (
        "Phong trào thi đua “Đổi mới sáng tạo, chuyển đổi số” năm 2024",
        MovementKind.REGULAR,
        2024,
        [4, 8],
        MovementStatus.CLOSED,
    ),
    (
        "Thi đua chuyên đề “Make in Vietnam — làm chủ công nghệ 5G, IoT” 2025",
        MovementKind.CAMPAIGN,
        2025,
        [5, 2],
        MovementStatus.CLOSED,
    ),
    (
        "Phong trào thi đua năm {year}: “Mỗi ngày một cải tiến, mỗi người một giá trị”",
        MovementKind.REGULAR,
        None,  # the year of loading (issue 12: the movement in force whatever the date)
        [8],
        None,  # where the calendar puts it on the day of loading: year_movement_status()
    ),
]
CRITERIA = [
    ("Hoàn thành các kết quả then chốt đã đăng ký", 4, 40, CriterionSource.KR_PROGRESS),
    ("Sáng kiến, cải tiến được áp dụng", 3, 30, CriterionSource.MANUAL),
    ("Phối hợp, chia sẻ và nhân rộng điển hình", 2, 20, CriterionSource.MANUAL),
    ("Xây dựng tổ chức Đảng, đoàn thể trong sạch", 1, 10, CriterionSource.MANUAL),
]
# The units' results in the year the commendation round judges (RESULTS_YEAR): its
# movement's cluster leaders (each cluster's leader_unit above) and the units' ratings,
# consistent with their goals (goals/demo.py YEAR_END) — (level, score, tasks total, done, on
# time, beyond requirements).
UNIT_RESULTS = {
    "ATTT": (RatingLevel.HTXS, 96, 42, 42, 42, 12),
    "VPB": (RatingLevel.HTXS, 94, 36, 36, 36, 9),
    "CVT": (RatingLevel.HTXS, 93, 40, 40, 39, 10),
    "VCNTT": (RatingLevel.HTXS, 91, 32, 32, 31, 7),
    "THH": (RatingLevel.HTT, 88, 44, 44, 41, 6),
    "CNICT": (RatingLevel.HTT, 86, 38, 38, 36, 5),
    "CBC": (RatingLevel.HTT, 85, 40, 40, 37, 4),
    "TTDN": (RatingLevel.HTT, 83, 30, 30, 28, 2),
    "VBC": (RatingLevel.HTT, 84, 28, 28, 27, 3),
    "VTCCB": (RatingLevel.HTT, 82, 34, 34, 33, 2),
    "VPC": (RatingLevel.HTT, 81, 30, 30, 29, 1),
    "TTRB": (RatingLevel.HTT, 80, 26, 26, 24, 0),
    "PTTH": (RatingLevel.HT, 68, 36, 33, 30, 0),
}
LESSONS = [
    (
        "ATTT",
        LessonKind.EXEMPLAR,
        "Giám sát an toàn thông tin 24/7 bằng nền tảng dùng chung",
        "Một trung tâm giám sát dùng chung cho các hệ thống của Bộ; sự cố được phát hiện trong vài phút.",
    ),
    (
        "THH",
        LessonKind.LESSON,
        "Số hoá hồ sơ trước khi số hoá quy trình",
        "Chuẩn hoá dữ liệu hồ sơ trước rồi mới đưa quy trình lên mạng giúp giảm một nửa số bước xử lý.",
    ),
    (
        "VPB",
        LessonKind.EXEMPLAR,
        "Giao ban điện tử hằng tuần theo chỉ số KPI",
        "Mỗi đơn vị cập nhật tiến độ trước giờ họp; cuộc họp chỉ bàn các chỉ tiêu đang chậm.",
    ),
    (
        "CBC",
        LessonKind.LESSON,
        "Một đầu mối phản hồi thông tin sai sự thật",
        "Quy trình 4 giờ từ phát hiện đến đính chính.",
    ),
]


class EmulationDemo:
    def __init__(self, *, seed: int, today: date):
        self.rng = random.Random(seed * 13 + 5)
        self.today = today
        self.units = {u.code: u for u in Unit.objects.filter(valid_to__isnull=True)}
        self.root = self.units["BTTTT"]

    def build_clusters(self) -> list[UnitGroup]:
        clusters = []
        for name, codes, leader in CLUSTERS:
            cluster = UnitGroup.objects.create(
                kind=UnitGroupKind.EMULATION_CLUSTER,
                name=name,
                valid_from=date(2020, 1, 1),
                leader_unit=self.units[leader],
            )
            UnitGroupMembership.objects.bulk_create(
                UnitGroupMembership(group=cluster, unit=self.units[c], valid_from=date(2020, 1, 1))
                for c in codes
            )
            clusters.append(cluster)
        self.cluster_of = {
            code: cluster
            for cluster, (_n, codes, _l) in zip(clusters, CLUSTERS, strict=True)
            for code in codes
        }
        return clusters

    def _movement_rows(self) -> list[tuple]:
        """(name, kind, start, end, programme numbers, status) of each movement to build: the
        historical ones, the year of loading's where the calendar puts it, and a campaign open
        for registration once the year's registration has closed (demo_calendar)."""
        this_year = current_year(self.today)
        rows: list[tuple] = [
            (
                name.format(year=year or this_year),
                kind,
                date(year or this_year, 1, 1),
                date(year or this_year, 12, 31),
                program_numbers,
                status or year_movement_status(today=self.today, year=this_year),
            )
            for name, kind, year, program_numbers, status in MOVEMENTS
        ]
        campaign = campaign_movement(today=self.today)
        if campaign is not None:
            rows.append((*campaign, MovementStatus.REGISTRATION_OPEN))
        return rows

    def build_movements(self, clusters) -> None:
        programs = {p.number: p for p in Program.objects.all()}
        top_units = [u for u in self.units.values() if u.parent_id == self.root.pk]
        for name, kind, start, end, program_numbers, status in self._movement_rows():
            year = start.year
            movement = Movement.objects.create(
                name=name,
                kind=kind,
                period_start=start,
                period_end=end,
                objectives="Gắn thi đua với chỉ số KPI của từng đơn vị; việc là gốc của thi đua.",
                launched_by=self.root,
                status=status,
                results_published_at=timezone.make_aware(
                    datetime.combine(date(year, 12, 28), time(9))
                )
                if status == MovementStatus.CLOSED
                else None,
            )
            movement.scope_units.set(top_units)
            movement.clusters.set(clusters)
            movement.programs.set([programs[n] for n in program_numbers if n in programs])
            criteria = Criterion.objects.bulk_create(
                Criterion(
                    movement=movement,
                    name=c,
                    weight=Decimal(w),
                    max_points=Decimal(m),
                    source=s,
                    order=i,
                )
                for i, (c, w, m, s) in enumerate(CRITERIA)
            )
            # while registration is open, half the units have registered; once it has closed,
            # all of them did
            registering = (
                top_units[: len(top_units) // 2]
                if status == MovementStatus.REGISTRATION_OPEN
                else top_units
            )
            for unit in registering:
                registration = Registration.objects.create(
                    movement=movement,
                    unit=unit,
                    cluster=self.cluster_of.get(unit.code),
                    commitments=f"{unit.name} cam kết hoàn thành vượt mức các chỉ tiêu được giao năm {year}.",
                )
                registration.goals.set(
                    Goal.objects.filter(owner_unit=unit, period_start__year=year)[:2]
                )
                if status == MovementStatus.CLOSED:
                    kr_progress = self._kr_progress(registration) if year == RESULTS_YEAR else None
                    CriterionScore.objects.bulk_create(
                        CriterionScore(
                            registration=registration,
                            criterion=c,
                            source=c.source,
                            points=self._points(
                                year=year,
                                unit=unit,
                                criterion=c,
                                drawn=self.rng.uniform(0.6, 1.0),
                                progress=kr_progress,
                            ),
                        )
                        for c in criteria
                    )

    @staticmethod
    def _kr_progress(registration: Registration) -> Decimal | None:
        """The mean progress (each capped at 1) of the key results of the goals a
        registration links, as the movement's computed criterion reads them."""
        weights = [
            (kr.weight, min(kr.progress, Decimal(1)))
            for goal in registration.goals.all()
            for kr in goal.key_results.all()
        ]
        total = sum((w for w, _p in weights), Decimal(0))
        return sum((w * p for w, p in weights), Decimal(0)) / total if total else None

    def _points(self, *, year, unit, criterion, drawn: float, progress) -> Decimal:
        """A criterion's points: drawn between 60 % and 100 % of its maximum; in the results
        year, the cluster's leader unit scores 94–100 % and the others 60–90 %, so that each
        cluster is led by its leader unit, and key-result criteria read the linked goals."""
        share = Decimal(drawn)
        if year == RESULTS_YEAR:
            cluster = self.cluster_of.get(unit.code)
            leads = cluster is not None and cluster.leader_unit_id == unit.pk
            share = Decimal(0.94 + (drawn - 0.6) * 0.15 if leads else 0.6 + (drawn - 0.6) * 0.75)
            if criterion.source == CriterionSource.KR_PROGRESS and progress is not None:
                share = progress
        return (criterion.max_points * share).quantize(Decimal("0.5"))

    def build_lessons(self) -> None:
        movement = Movement.objects.order_by("period_start").first()
        people = {}
        for person in Person.objects.select_related("unit").order_by("employee_code"):
            people.setdefault(person.unit_id, []).append(person)
        others = [
            u
            for u in self.units.values()
            if u.kind in (UnitKind.DEPARTMENT, UnitKind.DIVISION, UnitKind.OFFICE)
        ]
        for i, (code, kind, title, summary) in enumerate(LESSONS):
            unit = self.units[code]
            lesson = Lesson.objects.create(
                movement=movement, kind=kind, title=title, summary=summary, unit=unit
            )
            lesson.authors.set(people.get(unit.pk, [])[:2])
            adopters = [u for u in others if u.pk != unit.pk][: 8 - 2 * i]
            LessonAdoption.objects.bulk_create(
                LessonAdoption(
                    lesson=lesson,
                    unit=u,
                    adopted_on=date(2024, 3 + j % 9, 1),
                    result="Giảm thời gian xử lý, được đơn vị đánh giá hiệu quả.",
                )
                for j, u in enumerate(adopters)
            )

    @staticmethod
    def _record_conduct_fact() -> None:
        """One KHT year of the results year rests on a recorded conduct fact (a conclusion
        of degradation in ethics or lifestyle), as the rating workflow records it."""
        rating = (
            AnnualRating.objects.filter(year=RESULTS_YEAR, level=RatingLevel.KHT)
            .exclude(person__position__is_head=True)
            .order_by("person__employee_code")
            .first()
        )
        if rating is None:
            return
        rating.kht_degradation = True
        rating.kht_facts_note = (
            f"Kết luận kiểm tra số 12-KL/UBKT ngày 15/10/{RESULTS_YEAR} của Ủy ban Kiểm tra "
            "Đảng ủy Bộ về suy thoái đạo đức, lối sống (minh hoạ)"
        )
        rating.reasons = [
            *rating.reasons,
            *conduct_kht_reasons(year=RESULTS_YEAR, degradation=True, note=rating.kht_facts_note),
        ]
        rating.save(update_fields=["kht_degradation", "kht_facts_note", "reasons"])

    def build_ratings_and_initiatives(self) -> dict[str, int]:
        people = list(Person.objects.select_related("unit", "position").order_by("employee_code"))
        ratings, initiatives_authors, disciplines = [], [], []
        # Profiles give the eligibility review real cases: steady stars, rising, steady, weak.
        for person in people:
            profile = self.rng.choices(["star", "rising", "steady", "weak"], [12, 18, 60, 10])[0]
            for year in RATING_YEARS:
                ratings.append(self._demo_rating(person=person, year=year, profile=profile))
                if profile in ("star", "rising") and self.rng.random() < 0.45:
                    scope = self.rng.choices(
                        [InitiativeScope.BASE, InitiativeScope.MINISTRY, InitiativeScope.NATIONAL],
                        [70, 25, 5],
                    )[0]
                    initiatives_authors.append((person, year, scope))
            if profile == "weak" and self.rng.random() < 0.3:
                disciplines.append(
                    Discipline(
                        person=person,
                        form="khien_trach",
                        decided_on=date(2024, 5, 10),
                        valid_from=date(2024, 5, 10),
                        valid_to=date(2025, 5, 10),
                        decision_number="Quyết định kỷ luật (minh hoạ)",
                    )
                )
        AnnualRating.objects.bulk_create(ratings, batch_size=2000)
        self._record_conduct_fact()
        Discipline.objects.bulk_create(disciplines)
        _create_initiatives(initiatives_authors)
        weak = [p for p in people if p.pk not in {d.person_id for d in disciplines}][-1:]
        PendingCase.objects.bulk_create(
            PendingCase(
                person=p,
                kind="complaint",
                opened_on=date(2025, 10, 1),
                note="Đang giải quyết khiếu nại (minh hoạ)",
            )
            for p in weak
        )
        UnitRating.objects.bulk_create(self._unit_ratings())
        return {
            "ratings": len(ratings),
            "initiatives": len(initiatives_authors),
            "disciplines": len(disciplines),
        }

    def _demo_rating(self, *, person: Person, year: int, profile: str) -> AnnualRating:
        """A published yearly rating drawn for the person's profile (illustrative)."""
        if profile == "star":
            level = RatingLevel.HTXS if self.rng.random() < 0.85 else RatingLevel.HTT
        elif profile == "rising":
            level = (
                RatingLevel.HTXS if year >= 2023 and self.rng.random() < 0.7 else RatingLevel.HTT
            )
        elif profile == "steady":
            level = RatingLevel.HTT if self.rng.random() < 0.9 else RatingLevel.HT
        else:
            level = self.rng.choice([RatingLevel.HT, RatingLevel.HTT, RatingLevel.KHT])
        score = {"HTXS": 92, "HTT": 80, "HT": 60, "KHT": 45}[level] + self.rng.randint(0, 5)
        return AnnualRating(
            person=person,
            year=year,
            unit=person.unit,
            rule_version=rating_rule_for(category=person.category, year=year).code,
            score=Decimal(score),
            computed_level=level,
            proposed_level=level,
            level=level,
            reasons=[f"Điểm bình quân năm {year}: {score} (dữ liệu minh hoạ)"],
            status=RatingStatus.PUBLISHED,
            published_at=timezone.make_aware(datetime.combine(date(year, 12, 20), time(9))),
        )

    def _unit_ratings(self) -> list[UnitRating]:
        """The departments' yearly ratings; the results year's from UNIT_RESULTS."""
        units = [u for u in self.units.values() if u.parent_id == self.root.pk]
        unit_ratings = []
        for u in units:
            for year in RATING_YEARS:
                rating = UnitRating(
                    unit=u,
                    year=year,
                    score=Decimal(self.rng.randint(78, 95)),
                    tasks_total=40,
                    tasks_done=40,
                    tasks_on_time=self.rng.randint(36, 40),
                    tasks_exceeding=self.rng.randint(6, 16),
                    level=RatingLevel.HTT,
                    status=RatingStatus.PUBLISHED,
                )
                result = UNIT_RESULTS.get(u.code) if year == RESULTS_YEAR else None
                if result is not None:
                    (
                        rating.level,
                        score,
                        rating.tasks_total,
                        rating.tasks_done,
                        rating.tasks_on_time,
                        rating.tasks_exceeding,
                    ) = result
                    rating.score = Decimal(score)
                unit_ratings.append(rating)
        return unit_ratings


def _create_initiatives(authors: list[tuple]) -> None:
    """One recognised initiative per (person, year, scope), the person its author."""
    for n, (person, year, scope) in enumerate(authors, start=1):
        initiative = Initiative.objects.create(
            kind=InitiativeKind.INITIATIVE,
            scope=scope,
            year=year,
            unit=person.unit,
            title=f"Sáng kiến cải tiến quy trình số {n} của {person.unit.short_name or person.unit.name}",
            decision_number=f"Quyết định công nhận sáng kiến (minh hoạ) {n}",
            recognized_by="Hội đồng sáng kiến cấp cơ sở"
            if scope == InitiativeScope.BASE
            else ("Bộ TT&TT" if date(year, 11, 30) < MERGER_ON else MERGED_SHORT_NAME),
            decision_date=date(year, 11, 30),
        )
        initiative.authors.add(person)


# Enough people for a real unit page; a 10,000-person demo stays quick to build.
MONTHLY_SCORED_PEOPLE = 40
WORK_ITEMS = [
    ("VB", "Soạn thảo văn bản", "văn bản", "2"),
    ("GS", "Báo cáo giám sát an toàn thông tin", "báo cáo", "1.5"),
    ("TD", "Thẩm định hồ sơ cấp phép", "hồ sơ", "1"),
]


# the staff login's Cục (Cục Chuyển đổi số quốc gia): its own catalogue of products
STAFF_WORK_ITEMS = [
    ("VB", "Soạn thảo văn bản", "văn bản", "2"),
    ("DVC", "Hướng dẫn triển khai dịch vụ công trực tuyến", "hồ sơ", "1.5"),
    ("PA", "Xử lý phản ánh, kiến nghị của người dân", "phản ánh", "1"),
]


def build_monthly_scores(*, seed: int, today: date) -> int:
    """The current year's monthly work and scores, computed by the real scoring service as
    the heads would: Cục An toàn thông tin's people by its head (the `truongdonvi` login), and
    the staff login `canbo`'s by the deputy minister over his Cục (`thutruong`), so that his
    own sheet has this year's months like his colleagues' of Cục An toàn thông tin. Every
    month finished by the day of loading (none in January)."""
    from django.contrib.auth import get_user_model

    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=("truongdonvi", "thutruong", "canbo"))
    }
    if today.month == 1:
        return 0
    rng = random.Random(seed * 17 + 3)
    scores = 0
    unit = Unit.objects.filter(code="ATTT").first()
    head = users.get("truongdonvi")
    if head is not None and unit is not None:
        people = list(
            Person.objects.filter(unit__path__startswith=unit.path, is_active=True)
            .exclude(user=head)
            .select_related("unit")
            .order_by("employee_code")[:MONTHLY_SCORED_PEOPLE]
        )
        scores += _score_months(
            head=head, unit=unit, people=people, items=WORK_ITEMS, rng=rng, today=today
        )
    staff = (
        Person.objects.filter(user__username="canbo", is_active=True)
        .select_related("unit", "unit__parent")
        .first()
    )
    head = users.get("thutruong")
    if head is not None and staff is not None and staff.unit.parent is not None:
        scores += _score_months(
            head=head,
            unit=staff.unit.parent,
            people=[staff],
            items=STAFF_WORK_ITEMS,
            rng=rng,
            today=today,
        )
    return scores


def _score_months(*, head, unit: Unit, people: list, items: list, rng, today: date) -> int:
    """Record two kinds of work a month for each of `people` (from `items`, added to `unit`'s
    catalogue) and compute their scores for every finished month of the year, as `head`."""
    from .services.ratings import (
        period_score_compute,
        work_assignment_record,
        work_item_type_create,
    )

    types = [
        work_item_type_create(
            actor=head, unit=unit, code=c, name=n, unit_of_measure=u, conversion_factor=f
        )
        for c, n, u, f in items
    ]
    scores = 0
    for person in people:
        diligence = rng.choice([1.0, 0.95, 0.85, 0.7])
        for month in range(1, today.month):
            for item in rng.sample(types, 2):
                assigned = rng.randint(4, 12)
                completed = min(assigned, round(assigned * diligence + rng.uniform(-1, 1)))
                late = rng.randint(0, 2) if diligence < 0.9 else 0
                work_assignment_record(
                    actor=head,
                    person=person,
                    item_type=item,
                    year=today.year,
                    month=month,
                    assigned=assigned,
                    completed=max(0, completed),
                    late=min(late, max(0, completed)),
                )
            period_score_compute(
                actor=head,
                person=person,
                year=today.year,
                month=month,
                general_points=rng.choice([26, 27, 28, 29, 30]),
            )
            scores += 1
    return scores


@transaction.atomic
def demo_emulation_load(*, seed: int = 2020, today: date | None = None) -> str:
    if Movement.objects.exists():
        return "Demo emulation already present; nothing changed."
    if not Unit.objects.filter(code="BTTTT").exists():
        return "No demo ministry: emulation skipped."
    today = today or timezone.localdate()
    demo = EmulationDemo(seed=seed, today=today)
    clusters = demo.build_clusters()
    demo.build_movements(clusters)
    demo.build_lessons()
    counts = demo.build_ratings_and_initiatives()
    scores = build_monthly_scores(seed=seed, today=today)
    return (
        f"Demo emulation loaded: {Movement.objects.count()} movements, {Lesson.objects.count()} lessons, "
        f"{counts['ratings']} annual ratings, {counts['initiatives']} initiatives, {scores} monthly scores."
    )


def demo_loader(*, people: int = 300, seed: int = 2020) -> str:
    from .demo_today import ratings_to_self_assess_load

    today = timezone.localdate()
    loaded = demo_emulation_load(seed=seed, today=today)
    # the work open on the day of loading, whatever the date
    opened = ratings_to_self_assess_load(today=today)
    return loaded + (f"\n  {opened}" if opened else "")
