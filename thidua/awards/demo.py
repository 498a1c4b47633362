"""Demo awards: the registry from 2015 on for the demo ministry's (fictional) people and
units. 2021–2024 titles follow the emulation demo's ratings and initiatives (LĐTT for HTT
and above, CSTĐCS for HTXS years, CSTĐ cấp Bộ after three CSTĐCS with a ministry-wide
initiative, Bằng khen chains), so the 2025 review finds people just eligible and just not.
2015–2020 is imported history whose totals equal seed 001's table (3 CSTĐ toàn quốc, 143
Huân chương Lao động, 118 Cờ thi đua Chính phủ, 1,114 Cờ thi đua Bộ, 243 Bằng khen Thủ
tướng, 980 CSTĐ cấp Bộ, 5,652 Bằng khen Bộ trưởng): those are ministry-wide figures for a
ministry with its enterprises, spread here over the demo's units and people. Every decision
number and date is illustrative and marked "(minh hoạ)". Deterministic from the seed."""

import random
from collections import defaultdict
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from thidua.core.actors import SYSTEM
from thidua.emulation.choices import InitiativeScope
from thidua.emulation.models import AnnualRating, Discipline, Initiative, PendingCase
from thidua.emulation.services.records import initiative_register
from thidua.org.choices import Role
from thidua.org.demo import MERGED_NAME, MERGER_ON
from thidua.org.models import Person, RoleAssignment, Unit
from thidua.org.services import role_grant

from .choices import VoteChoice
from .models import Award
from .selectors.registry import yearly_review
from .services import council

ROOT_CODE = "BTTTT"
HISTORY_YEARS = range(2015, 2021)
TITLE_YEARS = range(2021, 2025)  # 2025 is the year the review judges
# Seed 001's 2015–2020 totals (the only real figures here), by code.
SEED_TOTALS = {
    "CSTD_TQ": 3,
    "HCLD3": 105,
    "HCLD2": 30,
    "HCLD1": 8,  # 143 Huân chương Lao động in all
    "CO_CP": 118,
    "CO_BO": 1114,
    "BK_TTG": 243,
    "CSTD_BO": 980,
    "BK_BO": 5652,
}
COLLECTIVE_ONLY = {"CO_CP", "CO_BO"}
INDIVIDUAL_ONLY = {"CSTD_TQ", "CSTD_BO"}
# Share of a mixed form's rows given to people (the rest to units).
PERSON_SHARE = {"HCLD3": 0.3, "HCLD2": 0.2, "HCLD1": 0.1, "BK_TTG": 0.4, "BK_BO": 0.12}
ISSUERS = {
    "CSTD_TQ": "Thủ tướng Chính phủ",
    "HCLD3": "Chủ tịch nước",
    "HCLD2": "Chủ tịch nước",
    "HCLD1": "Chủ tịch nước",
    "CO_CP": "Thủ tướng Chính phủ",
    "BK_TTG": "Thủ tướng Chính phủ",
}
MINISTER = "Bộ trưởng Bộ Thông tin và Truyền thông"
HEAD = "Thủ trưởng đơn vị"


class AwardsDemo:
    def __init__(self, *, seed: int):
        self.rng = random.Random(seed * 31 + 7)
        self.rows: list[Award] = []
        self.numbers = defaultdict(int)

    def add(self, *, code, year, person=None, unit=None, imported=False, kind="cong_trang"):
        self.numbers[year] += 1
        decided = date(year + 1, self.rng.randint(1, 4), self.rng.randint(1, 28))
        # the minister of the ministry of the day (merged into Bộ KH&CN on 01/03/2025)
        minister = MINISTER if decided < MERGER_ON else f"Bộ trưởng {MERGED_NAME}"
        issuer = ISSUERS.get(
            code, HEAD if code in {"LDTT", "CSTDCS", "TLDTT", "TLDXS"} else minister
        )
        self.rows.append(
            Award(
                person=person,
                unit=unit,
                code=code,
                kind=kind,
                year=year,
                decision_number=f"{self.numbers[year]}/QĐ-KT{year + 1} (minh hoạ)",
                decision_date=decided,
                issuer=issuer,
                imported=imported,
            )
        )

    # ------------------------------------------------------------ 2021–2024, from the ratings
    def titles_from_ratings(self, people, ratings, initiatives) -> None:
        for person in people:
            levels = ratings.get(person.pk, {})
            works = initiatives.get(person.pk, {})
            cstdcs_run = 0
            for year in TITLE_YEARS:
                level = levels.get(year)
                if level not in ("HTT", "HTXS"):
                    cstdcs_run = 0
                    continue
                self.add(code="LDTT", year=year, person=person)
                # CSTĐCS for HTXS years with an initiative, and for some HTXS years without
                if level == "HTXS" and (works.get(year) or self.rng.random() < 0.6):
                    self.add(code="CSTDCS", year=year, person=person)
                    cstdcs_run += 1
                else:
                    cstdcs_run = 0
                ministry_wide = any(scope in ("bo", "toan_quoc") for scope in works.get(year, ()))
                if cstdcs_run >= 3 and ministry_wide and self.rng.random() < 0.7:
                    self.add(code="CSTD_BO", year=year, person=person)
                    cstdcs_run = 0
            stars = sum(1 for y in TITLE_YEARS if levels.get(y) == "HTXS")
            if stars >= 2 and self.rng.random() < 0.35:
                # a Bằng khen chain: BK_BO before 2021, BK_TTG for a few of them earlier
                year = self.rng.choice((2019, 2020))
                self.add(code="BK_BO", year=year, person=person, imported=True)
                if self.rng.random() < 0.2:
                    self.add(code="BK_TTG", year=2020, person=person, imported=True)
            elif stars and self.rng.random() < 0.15:
                self.add(code="BK_BO", year=2023, person=person, kind="chuyen_de")

    def unit_titles(self, units, clusters_leaders) -> None:
        for year in TITLE_YEARS:
            for unit in units:
                roll = self.rng.random()
                if roll < 0.25:
                    self.add(code="TLDXS", year=year, unit=unit)
                elif roll < 0.9:
                    self.add(code="TLDTT", year=year, unit=unit)
            for unit in clusters_leaders:
                self.add(code="CO_BO", year=year, unit=unit)

    # ------------------------------------------------------------ 2015–2020, imported history
    def seed_history(self, people, units) -> None:
        """Exactly SEED_TOTALS over 2015–2020; people get at most one of a code per year
        while there are enough of them, the rest of a mixed form goes to units."""
        years = list(HISTORY_YEARS)
        already = defaultdict(int)
        for award in self.rows:
            if award.year in HISTORY_YEARS:
                already[award.code] += 1
        for code, seed_total in SEED_TOTALS.items():
            total = seed_total - already[code]
            if code in COLLECTIVE_ONLY:
                to_people = 0
            elif code in INDIVIDUAL_ONLY:
                to_people = total
            else:
                to_people = round(total * PERSON_SHARE[code])
            slots = [(p, y) for p in people for y in years]
            self.rng.shuffle(slots)
            for i in range(to_people):
                person, year = slots[i % len(slots)]
                self.add(code=code, year=year, person=person, imported=True)
            for i in range(total - to_people):
                self.add(
                    code=code,
                    year=years[i % len(years)],
                    unit=self.rng.choice(units),
                    imported=True,
                )


# ------------------------------------------------------------ CSTĐ toàn quốc, just and just not
OFFICER, COUNCIL_LOGIN = "thiduakhenthuong", "hoidong"
# Demo logins who also sit on the council (with "hoidong"): the minister chairs.
COUNCIL_LOGINS = ("botruong", "thutruong", "truongdonvi")
REVIEW_YEAR = 2025


def national_candidates(people, ratings, demo: AwardsDemo) -> list[Person]:
    """Two people rated HTXS every year 2021–2025, with no account, no discipline, no open
    case, no nationwide initiative and no CSTĐ toàn quốc in the generated registry."""
    excluded = set(Discipline.objects.values_list("person_id", flat=True))
    excluded |= set(PendingCase.objects.values_list("person_id", flat=True))
    excluded |= set(
        Initiative.authors.through.objects.filter(
            initiative__scope=InitiativeScope.NATIONAL
        ).values_list("person_id", flat=True)
    )
    excluded |= {a.person.pk for a in demo.rows if a.person is not None and a.code == "CSTD_TQ"}
    found = [
        p
        for p in people
        if p.pk not in excluded
        and p.user_id is None
        and all(ratings.get(p.pk, {}).get(y) == "HTXS" for y in (*TITLE_YEARS, REVIEW_YEAR))
    ]
    return found[:2]


def national_chain(demo: AwardsDemo, person: Person) -> None:
    """CSTĐCS every year 2019–2024 with CSTĐ cấp Bộ in 2021 and 2024: two consecutive CSTĐ
    cấp Bộ, the latest the year before the review (the engine's rule for CSTĐ toàn quốc).
    The person's generated 2019–2024 LĐTT and CSTĐCS (and 2021–2024 CSTĐ cấp Bộ) are
    replaced by this chain; imported history keeps seed 001's totals."""
    chain_years = range(2019, 2025)
    demo.rows = [
        a
        for a in demo.rows
        if not (
            a.person is not None
            and a.person.pk == person.pk
            and a.year in chain_years
            and (a.code in ("LDTT", "CSTDCS") or (a.code == "CSTD_BO" and not a.imported))
        )
    ]
    for year in chain_years:
        imported = year in HISTORY_YEARS
        demo.add(code="LDTT", year=year, person=person, imported=imported)
        demo.add(code="CSTDCS", year=year, person=person, imported=imported)
        if year in (2021, 2024):
            demo.add(code="CSTD_BO", year=year, person=person, imported=imported)


def national_initiatives(officer, eligible: Person, just_not: Person) -> None:
    """Through the register: ministry-wide initiatives behind each CSTĐ cấp Bộ, then a 2025
    initiative with nationwide effect for one and only ministry-wide effect for the other."""
    for person in (eligible, just_not):
        for year in (2021, 2024):
            initiative_register(
                actor=officer,
                title=f"Giải pháp số hoá quy trình nghiệp vụ {year} — {person.full_name}",
                scope=InitiativeScope.MINISTRY,
                year=year,
                authors=[person],
                decision_number=f"{year}-BO-{person.employee_code}/QĐ-BTTTT (minh hoạ)",
                recognized_by=MINISTER,
                unit=person.unit,
            )
    for person, scope, who in (
        (eligible, InitiativeScope.NATIONAL, "Thủ tướng Chính phủ"),
        (just_not, InitiativeScope.MINISTRY, f"Bộ trưởng {MERGED_NAME}"),
    ):
        initiative_register(
            actor=officer,
            title=f"Nền tảng dùng chung dữ liệu chuyên ngành — {person.full_name}",
            scope=scope,
            year=REVIEW_YEAR,
            authors=[person],
            decision_number=f"2025-SK-{person.employee_code}/QĐ (minh hoạ)",
            recognized_by=who,
            unit=person.unit,
        )


# ------------------------------------------------------------ the 2025 council session
def council_session(officer) -> str:
    """The council of the 2025 review: the members are the people holding the council-member
    role ("hoidong" and a few leaders granted it here); proposals go through the real
    services: a CSTĐ cấp Bộ by secret ballot (every member agrees) and a Bằng khen decided
    without a ballot."""
    users = get_user_model().objects.filter(username__in=COUNCIL_LOGINS).order_by("username")
    today = timezone.localdate()
    for user in users:
        if (
            not RoleAssignment.objects.as_of(today)
            .filter(user=user, role=Role.COUNCIL_MEMBER)
            .exists()
        ):
            role_grant(
                actor=SYSTEM, user=user, role=Role.COUNCIL_MEMBER, valid_from=date(2025, 1, 1)
            )
    # The 2025 files were received on 15/01/2026 and judged by the law of that day (a demo
    # built before then receives them today).
    received = ROUND_RECEIVED_ON if today >= ROUND_RECEIVED_ON else None
    rows = yearly_review(year=REVIEW_YEAR, received_on=received or today, viewer=officer)
    pending = set(PendingCase.objects.values_list("person_id", flat=True))
    people = Person.objects.in_bulk([r.person_id for r in rows])

    def first(code):
        return next(
            (
                people[r.person_id]
                for r in rows
                if code in r.eligible and r.person_id not in pending
            ),
            None,
        )

    chosen = [(code, person) for code in ("CSTD_BO", "BK_BO") if (person := first(code))]
    if len(chosen) < 2:
        return "no one eligible for CSTĐ cấp Bộ and Bằng khen: council session skipped"
    proposals = {}
    for code, person in chosen:
        proposal = council.proposal_create(
            actor=officer,
            code=code,
            year=REVIEW_YEAR,
            person=person,
            achievements="Thành tích năm 2025 (minh hoạ).",
            received_on=received,
        )
        council.proposal_submit(actor=officer, proposal=proposal, received_on=received)
        proposals[code] = council.proposal_check(actor=officer, proposal=proposal, accept=True)
    minister = Person.objects.filter(user__username="botruong").first()
    session = council.session_create(
        actor=officer,
        title=f"Phiên họp Hội đồng Thi đua - Khen thưởng xét khen thưởng năm {REVIEW_YEAR}",
        # held after the files of the year were received (15/01), not on the day the demo is
        # built: on any later date the 2025 session is last year's, done and closed
        held_on=min(today, ROUND_RECEIVED_ON + timedelta(days=11)),
        chair=minister,
    )
    council.session_add_proposals(actor=officer, session=session, proposals=proposals.values())
    ballot = council.ballot_open(actor=officer, session=session, proposal=proposals["CSTD_BO"])
    members = session.members.select_related("person__user").order_by("id")
    for member in members:
        council.ballot_cast(ballot=ballot, voter_user=member.person.user, choice=VoteChoice.YES)
    ballot = council.ballot_close(actor=officer, ballot=ballot)
    council.session_decide(
        actor=officer,
        session=session,
        proposal=proposals["BK_BO"],
        approve=True,
        note="Hội đồng thống nhất đề nghị Bộ trưởng tặng Bằng khen.",
    )
    council.session_close(actor=officer, session=session)
    verdict = "approved" if ballot.result["approved"] else "rejected"
    return (
        f"council session with {members.count()} members: secret ballot on CSTĐ cấp Bộ "
        f"{ballot.result['yes']}/{ballot.result['members']} agree ({verdict}), "
        "Bằng khen cấp Bộ approved without a ballot"
    )


# ------------------------------------------------------------ the 2025 round
ROUND_RECEIVED_ON = date(2026, 1, 15)
ROUND_PROPOSED = ("LDTT", "CSTDCS", "TLDTT", "TLDXS", "CO_BO", "CO_CP")


def demo_round(officer) -> str:
    """The 2025 commendation round run by the office through the real services, every step
    computed and confirmed; the proposals of the kept titles and flags created from it (the
    forms stay with the council session above)."""
    from django.core.exceptions import ValidationError

    from .choices import RoundStep
    from .round import RoundError
    from .services import round as rounds

    round_ = rounds.round_start(actor=officer, year=REVIEW_YEAR, received_on=ROUND_RECEIVED_ON)
    try:
        # the demo's office knowingly confirms past the people the demo leaves unrated
        rounds.round_run_through(actor=officer, round_=round_, incomplete_ok=True)
    except RoundError as exc:
        return f"2025 round stopped: {exc}"
    made = []
    for code in ROUND_PROPOSED:
        try:
            made += rounds.round_propose(actor=officer, round_=round_, code=code)
        except ValidationError as exc:
            return f"2025 round: proposals of {code} refused: {'; '.join(exc.messages)}"
    titles = round_.steps.get(step=RoundStep.TITLES).counts
    flags = round_.steps.get(step=RoundStep.FLAGS).counts
    return (
        f"2025 round: {titles.get('LDTT', 0)} LĐTT, CSTĐCS {titles.get('CSTDCS_eligible', 0)} "
        f"eligible / {titles.get('CSTDCS_kept', 0)} within the cap ({titles.get('capped', 0)} "
        f"capped), Cờ thi đua cấp Bộ {flags.get('CO_BO', 0)}; {len(made)} proposals created"
    )


@transaction.atomic
def demo_awards_load(*, seed: int = 2020) -> str:
    if Award.objects.exists():
        return "Demo awards already present; nothing changed."
    if not Unit.objects.filter(code=ROOT_CODE).exists():
        return "No demo ministry: awards skipped."
    people = list(Person.objects.filter(is_active=True).order_by("employee_code"))
    if not people:
        return "No demo people: awards skipped."
    units = list(Unit.objects.filter(valid_to__isnull=True).order_by("path"))
    root = next(u for u in units if u.code == ROOT_CODE)
    top_units = [u for u in units if u.parent_id == root.pk]
    ratings: dict[int, dict[int, str]] = defaultdict(dict)
    for pid, year, level in AnnualRating.objects.values_list("person_id", "year", "level"):
        ratings[pid][year] = level
    initiatives: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for pid, year, scope in Initiative.authors.through.objects.values_list(
        "person_id", "initiative__year", "initiative__scope"
    ):
        initiatives[pid][year].append(scope)
    leaders = list(
        Unit.objects.filter(led_clusters__isnull=False, valid_to__isnull=True).distinct()
    )
    demo = AwardsDemo(seed=seed)
    demo.titles_from_ratings(people, ratings, initiatives)
    demo.unit_titles(top_units, leaders)
    demo.seed_history(people, [u for u in units if u.pk != root.pk] or units)
    officer = get_user_model().objects.filter(username=OFFICER).first()
    national = national_candidates(people, ratings, demo) if officer else []
    if len(national) == 2:
        for person in national:
            national_chain(demo, person)
    Award.objects.bulk_create(demo.rows, batch_size=2000)
    imported = sum(1 for a in demo.rows if a.imported)
    extra = []
    if len(national) == 2:
        national_initiatives(officer, *national)
        extra.append(
            f"CSTĐ toàn quốc 2025: {national[0].full_name} just eligible (nationwide initiative), "
            f"{national[1].full_name} just not (ministry-wide only)"
        )
    if officer is not None:
        extra.append(council_session(officer))
        extra.append(demo_round(officer))
    return (
        f"Demo awards loaded: {len(demo.rows)} awards ({imported} imported 2015–2020 history "
        "matching seed 001's totals); decision numbers are illustrative."
        + "".join(f"\n  {line}" for line in extra)
    )


def demo_loader(*, people: int = 300, seed: int = 2020) -> str:
    from .demo_today import waiting_work_load

    loaded = demo_awards_load(seed=seed)
    today = waiting_work_load()  # the work open on the day of loading, whatever the date
    return loaded + "".join(f"\n  {line}" for line in today.splitlines())
