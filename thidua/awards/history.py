"""The one source of eligibility histories (docs/eligibility.md): a person's or a unit's
record up to a year, built from the platform's registers with one set of rules, for
proposals, the yearly review, the commendation round, the assistant and the API.

The rules:
- only final ratings count (approved, published, under appeal); a draft is not a result;
- a pending case counts when it is open on the dossier's receipt date (`on`);
- discipline forms are the model's choices; per year the measure that ends last decides;
- months worked come from the posts held in the year less long absences (maternity leave
  counts as worked); a year with no post recorded (history imported from elsewhere) counts
  as worked in full, since its rating says the person worked;
- the agency's own LĐTT criteria come from the annual rating (`agency_criteria`);
- a unit's members are the people rated in its subtree that year (a person moved mid-year
  counts where they were rated), or, unrated, those whose post at the year's end was there;
  their titles are the registry's (unrevoked), with the round's own added when it passes
  `member_titles` (a member whose LĐTT is already registered still counts);
- a unit's facts: leads its cluster (a published movement's ranking), exceeded its targets
  (its goals and its unit rating), clean Party organisation (its Party body's rating).

Each kind of history is built two ways: set-based for many (a fixed number of queries,
whatever the number of people or units) and one at a time through the subject's own related
rows; tests check both give equal histories."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connections
from django.db.models import Q, QuerySet
from django.utils import timezone

from thidua.core.agency_settings import value as agency_value
from thidua.emulation.choices import DisciplineForm, RatingLevel, RatingStatus
from thidua.emulation.models import AnnualRating, Discipline, Initiative, PendingCase, UnitRating
from thidua.emulation.selectors.movements import cluster_leaders
from thidua.goals.choices import GoalStatus
from thidua.goals.models import Goal
from thidua.org.models import (
    Absence,
    PartyBodyRating,
    PartyOrganization,
    Person,
    PersonPosition,
    Unit,
)

from .history_rows import (
    _FORMS,
    _UNIT_TITLE_ORDER,
    _UNIT_TITLES,
    PersonRows,
    _form_order,
    assemble_people,
)
from .models import Award

# Ratings that count as the year's result (a draft or a proposal is not yet one).
FINAL_RATING_STATUSES = (RatingStatus.APPROVED, RatingStatus.PUBLISHED, RatingStatus.APPEALED)
COMPLETED_LEVELS = (RatingLevel.HTXS, RatingLevel.HTT, RatingLevel.HT)
# Discipline that keeps a collective from Tập thể lao động tiên tiến: cảnh cáo or above.
SERIOUS_DISCIPLINE = tuple(f for f in DisciplineForm.values if f != DisciplineForm.REPRIMAND)


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while bulk-building or judging histories: they
    create millions of small containers, none of them garbage, and each collection would
    walk all of them again (a third of the review's time at 100,000 people)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _fetch_all(queryset: QuerySet) -> list[tuple]:
    """The rows of a values_list() query straight from the database cursor: the same SQL,
    without the ORM's per-row iteration (a third of the loading time for ≈ 1.3 million
    rows). Only for columns the database driver already returns as Python values (ints,
    strings, dates; SQLite booleans come back as 0/1, which `assemble_people` reads as
    such)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _pending_on(on: date) -> Q:
    return Q(opened_on__lte=on) & (Q(closed_on__isnull=True) | Q(closed_on__gt=on))


def people_of(person_ids: Iterable[int] | None = None) -> list[tuple[int, str]]:
    """(id, name) of every active person (or of `person_ids`, active or not), by id."""
    people = Person.objects.all()
    if person_ids is None:
        people = people.filter(is_active=True)
    else:
        people = people.filter(pk__in=list(person_ids))
    return list(people.order_by("pk").values_list("pk", "full_name"))


def person_rows(
    *,
    year: int,
    on: date,
    person_ids: Iterable[int] | None = None,
    people: list[tuple[int, str]] | None = None,
) -> PersonRows:
    """The rows of every active person's history up to `year` (or of `person_ids`, active
    or not) in nine queries whatever the number of people, in no particular order (the
    models' default orderings would make PostgreSQL sort ≈ 1 million rows on disk); with
    `people` (a run of `people_of(person_ids)`, by id), only theirs, by id range."""
    person_list = people_of(person_ids) if people is None else people
    wanted: dict[str, Any] = {"person__is_active": True}
    if person_ids is not None:
        wanted = {"person_id__in": [pk for pk, _name in person_list]}
    elif people:
        wanted.update(person_id__gte=people[0][0], person_id__lte=people[-1][0])
    ratings = AnnualRating.objects.filter(
        year__lte=year, status__in=FINAL_RATING_STATUSES, **wanted
    ).order_by()
    awards = (
        Award.objects.filter(
            person__isnull=False, revoked_on__isnull=True, year__lte=year, **wanted
        )
        .order_by()
        .values_list("person_id", "code", "year", "kind", "decision_number")
    )
    authors = (
        Initiative.authors.through.objects.filter(initiative__year__lte=year, **wanted)
        .order_by()
        .values_list(
            "person_id",
            "initiative__year",
            "initiative__scope",
            "initiative__kind",
            "initiative__title",
        )
    )
    disciplines = (
        Discipline.objects.filter(valid_from__year__lte=year, **wanted)
        .order_by()
        .values_list("person_id", "form", "valid_from", "valid_to", "for_duty_violation")
    )
    posts = (
        PersonPosition.objects.filter(kind="primary", valid_from__year__lte=year, **wanted)
        .order_by()
        .values_list("person_id", "valid_from", "valid_to")
    )
    absences = (
        Absence.objects.filter(valid_from__year__lte=year, **wanted)
        .order_by()
        .values_list("person_id", "valid_from", "valid_to", "kind")
    )
    with gc_paused():
        return PersonRows(
            people=person_list,
            ratings=_fetch_all(ratings.values_list("person_id", "year", "level")),
            # JSON through the ORM (the drivers differ); only ratings that hold some
            criteria=list(
                ratings.exclude(agency_criteria={}).values_list(
                    "person_id", "year", "agency_criteria"
                )
            ),
            awards=_fetch_all(awards),
            works=_fetch_all(authors),
            disciplines=_fetch_all(disciplines),
            posts=_fetch_all(posts),
            absences=_fetch_all(absences),
            pending=set(
                PendingCase.objects.filter(_pending_on(on), **wanted)
                .order_by()
                .values_list("person_id", flat=True)
            ),
        )


def person_histories(
    *, year: int, on: date | None = None, person_ids: Iterable[int] | None = None
) -> dict[int, dict]:
    """Every active person's history up to `year` (or those of `person_ids`), set-based."""
    rows = person_rows(year=year, on=on or timezone.localdate(), person_ids=person_ids)
    with gc_paused():
        return assemble_people(rows)


def person_history(*, person: Person, year: int, on: date | None = None) -> dict:
    """One person's history through the person's own related rows (the reference the
    set-based build is checked against)."""
    on = on or timezone.localdate()
    pid = person.pk
    final = person.annual_ratings.filter(year__lte=year, status__in=FINAL_RATING_STATUSES)
    rows = PersonRows(
        people=[(pid, person.full_name)],
        ratings=[(pid, r.year, r.level) for r in final],
        criteria=[(pid, r.year, r.agency_criteria) for r in final if r.agency_criteria],
        awards=[
            (pid, a.code, a.year, a.kind, a.decision_number)
            for a in person.awards.filter(revoked_on__isnull=True, year__lte=year)
        ],
        works=[
            (pid, i.year, i.scope, i.kind, i.title)
            for i in person.initiatives.filter(year__lte=year)
        ],
        disciplines=[
            (pid, d.form, d.valid_from, d.valid_to, d.for_duty_violation)
            for d in person.disciplines.filter(valid_from__year__lte=year)
        ],
        posts=[
            (pid, p.valid_from, p.valid_to)
            for p in person.posts.filter(kind="primary", valid_from__year__lte=year)
        ],
        absences=[
            (pid, a.valid_from, a.valid_to, a.kind)
            for a in person.absences.filter(valid_from__year__lte=year)
        ],
        pending={pid} if person.pending_cases.filter(_pending_on(on)).exists() else set(),
    )
    return assemble_people(rows)[pid]


# ---------------------------------------------------------------- units
@dataclass(frozen=True)
class CollectiveFacts:
    """A unit's facts for the year that Cờ thi đua rests on, each with the sentence that
    explains it (Vietnamese, shown on the round's page)."""

    cluster_leader: bool
    exceeded_targets: bool
    clean_party_org: bool
    reasons: tuple[str, ...] = ()


def _percent(value: Decimal) -> str:
    return f"{float(value) * 100:.0f} %".replace(".", ",")


def collective_facts(*, year: int, unit_ids: Iterable[int], on: date | None = None) -> dict:
    """Leads its cluster, exceeded its targets, clean Party organisation — for each unit,
    from the platform's own records, in a fixed number of queries:
    - leads its cluster: ranked first among the units of its emulation cluster in a movement
      whose period ends in the year and whose results are published;
    - exceeded its targets: its unit rating for the year is final with every planned task
      done and at least one beyond requirements, and every goal it owns ending in the year
      reached its target;
    - clean Party organisation: the Party body attached to the unit that year is rated at a
      level the agency setting `awards.party_clean_levels` in force on `on` (today) accepts."""
    ids = list(unit_ids)
    leads = cluster_leaders(year=year)
    ratings = {
        r.unit_id: r
        for r in UnitRating.objects.filter(
            unit_id__in=ids, year=year, status__in=FINAL_RATING_STATUSES
        )
    }
    goals: dict[int, list[Decimal]] = {}
    for unit_id, progress in (
        Goal.objects.filter(owner_unit_id__in=ids, period_end__year=year)
        .exclude(status__in=[GoalStatus.DRAFT, GoalStatus.CANCELLED])
        .values_list("owner_unit_id", "progress")
    ):
        goals.setdefault(unit_id, []).append(progress)
    end = date(year, 12, 31)
    bodies: dict[int, list[int]] = {}
    for body_id, unit_id in (
        PartyOrganization.objects.filter(unit_id__in=ids, valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=date(year, 1, 1)))
        .values_list("pk", "unit_id")
    ):
        bodies.setdefault(unit_id, []).append(body_id)
    body_levels = dict(
        PartyBodyRating.objects.filter(
            body_id__in=[b for found in bodies.values() for b in found], year=year
        ).values_list("body_id", "level")
    )
    clean_levels = set(agency_value("awards.party_clean_levels", on=on))
    facts = {}
    for unit_id in ids:
        led = leads.get(unit_id, [])
        rating = ratings.get(unit_id)
        progress = goals.get(unit_id, [])
        found = bodies.get(unit_id, [])
        levels = [body_levels[b] for b in found if b in body_levels]
        rated_beyond = (
            rating is not None
            and rating.tasks_total > 0
            and rating.tasks_done >= rating.tasks_total
            and rating.tasks_exceeding > 0
        )
        goals_met = bool(progress) and all(p >= 1 for p in progress)
        facts[unit_id] = CollectiveFacts(
            cluster_leader=bool(led),
            exceeded_targets=rated_beyond and goals_met,
            clean_party_org=bool(levels) and all(level in clean_levels for level in levels),
            reasons=(
                *_cluster_reasons(led, year),
                *_targets_reasons(rating, progress, year),
                _party_reason(found, levels, year),
            ),
        )
    return facts


def _cluster_reasons(led: list, year: int) -> list[str]:
    if not led:
        return [f"Không đứng đầu cụm thi đua nào trong phong trào kết thúc năm {year}"]
    return [
        f"Đứng đầu {lead.cluster} trong phong trào “{lead.movement}” "
        f"({str(lead.total).replace('.', ',')} điểm)"
        for lead in led
    ]


def _targets_reasons(rating: UnitRating | None, progress: list[Decimal], year: int) -> list[str]:
    reasons = []
    if rating is None:
        reasons.append(f"Chưa có xếp loại đơn vị năm {year} đã duyệt")
    else:
        reasons.append(
            f"Hoàn thành {rating.tasks_done}/{rating.tasks_total} nhiệm vụ, "
            f"{rating.tasks_exceeding} nhiệm vụ vượt yêu cầu"
        )
    if progress:
        reached = sum(1 for p in progress if p >= 1)
        goals_met = reached == len(progress)
        reasons.append(
            f"{reached}/{len(progress)} mục tiêu của đơn vị kết thúc năm {year} đạt chỉ tiêu"
            + ("" if goals_met else f" (thấp nhất {_percent(min(progress))})")
        )
    else:
        reasons.append(f"Đơn vị không có mục tiêu nào kết thúc năm {year}")
    return reasons


def _party_reason(found: list[int], levels: list[str], year: int) -> str:
    if not found:
        return "Chưa xác định được tổ chức đảng của đơn vị"
    if not levels:
        return f"Tổ chức đảng của đơn vị chưa được xếp loại chất lượng năm {year}"
    return f"Tổ chức đảng của đơn vị xếp loại {', '.join(sorted(set(levels)))} năm {year}"


def _ancestor_paths(path: str) -> Iterable[str]:
    parts = path.split("/")[:-1]
    for i in range(1, len(parts) + 1):
        yield "/".join(parts[:i]) + "/"


def member_units(*, year: int, person_ids: Iterable[int] | None = None) -> dict[int, str]:
    """Where each active person counts as a member for the year: the path of the unit that
    rated them that year, or else of their primary post on the year's last day, or else
    their current unit (person id → unit path)."""
    people = Person.objects.filter(is_active=True)
    if person_ids is not None:
        people = people.filter(pk__in=list(person_ids))
    where = dict(people.order_by().values_list("pk", "unit__path"))
    # every active person: joined in SQL rather than sent as a list of ids
    whose: dict[str, Any] = (
        {"person__is_active": True} if person_ids is None else {"person_id__in": where}
    )
    end = date(year, 12, 31)
    for pid, path in (
        PersonPosition.objects.filter(kind="primary", valid_from__lte=end, **whose)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=end))
        .order_by()
        .values_list("person_id", "unit__path")
    ):
        where[pid] = path
    for pid, path in (
        AnnualRating.objects.filter(year=year, **whose)
        .order_by()
        .values_list("person_id", "unit__path")
    ):
        where[pid] = path
    return where


def _member_counts(
    *,
    year: int,
    units: list[tuple[int, str]],
    member_titles: Mapping[int, Iterable[str]] | None,
) -> dict[int, dict | None]:
    """Per unit, the members' counts for the collective titles (None: no members)."""
    where = member_units(year=year)
    wanted = {path for _pk, path in units}
    members: dict[str, list[int]] = {path: [] for path in wanted}
    for pid, path in where.items():
        for prefix in _ancestor_paths(path):
            if prefix in members:
                members[prefix].append(pid)
    everyone = {"person__is_active": True}  # the members are every active person (`where`)
    completed = set(
        AnnualRating.objects.filter(
            **everyone,
            year=year,
            level__in=COMPLETED_LEVELS,
            status__in=FINAL_RATING_STATUSES,
        )
        .order_by()
        .values_list("person_id", flat=True)
    )
    # the register's titles of the year, and this round's own added to them
    titles: dict[int, set[str]] = {}
    for pid, code in (
        Award.objects.filter(
            **everyone, year=year, code__in=["LDTT", "CSTDCS"], revoked_on__isnull=True
        )
        .order_by()
        .values_list("person_id", "code")
    ):
        titles.setdefault(pid, set()).add(code)
    for pid, codes in (member_titles or {}).items():
        titles.setdefault(pid, set()).update(codes)
    disciplined = set(
        Discipline.objects.filter(
            **everyone,
            form__in=SERIOUS_DISCIPLINE,
            valid_from__lte=date(year, 12, 31),
            valid_to__gte=date(year, 1, 1),
        )
        .order_by()
        .values_list("person_id", flat=True)
    )
    counts: dict[int, dict | None] = {}
    for pk, path in units:
        people = members[path]
        if not people:
            counts[pk] = None
            continue
        counts[pk] = {
            "total": len(people),
            "completed": sum(1 for p in people if p in completed),
            "LDTT": sum(1 for p in people if "LDTT" in titles.get(p, ())),
            "CSTDCS": sum(1 for p in people if "CSTDCS" in titles.get(p, ())),
            "disciplined_canh_cao_or_above": sum(1 for p in people if p in disciplined),
        }
    return counts


def _unit_history(
    *,
    unit: tuple[int, str],
    year: int,
    ratings: Iterable[tuple[int, str]],
    awards: Iterable[tuple[str, int, str, str]],
    members: dict | None,
    facts: CollectiveFacts,
) -> dict:
    pk, name = unit
    levels = {y: level for y, level in ratings if level}
    titles: dict[int, set[str]] = {}
    forms = []
    for code, y, kind, number in awards:
        if code in _UNIT_TITLES:
            titles.setdefault(y, set()).add(code)
        elif code in _FORMS:
            forms.append({"form": code, "year": y, "kind": kind, "decision": number})
    forms.sort(key=_form_order)
    entries = []
    for y in sorted({year, *levels, *titles}):
        entry: dict = {
            "year": y,
            "rating": levels.get(y),
            "titles": sorted(titles.get(y, ()), key=_UNIT_TITLE_ORDER.__getitem__),
        }
        if y == year:
            if members is not None:
                entry["members"] = members
            entry["cluster_leader"] = facts.cluster_leader
            entry["exceeded_targets"] = facts.exceeded_targets
            entry["clean_party_org"] = facts.clean_party_org
        entries.append(entry)
    return {"subject": "collective", "id": pk, "name": name, "years": entries, "awards": forms}


def unit_histories(
    *,
    year: int,
    unit_ids: Iterable[int] | None = None,
    member_titles: Mapping[int, Iterable[str]] | None = None,
    on: date | None = None,
) -> dict[int, dict]:
    """Histories of units (every current unit, or `unit_ids`) up to `year`, set-based. With
    `member_titles` (person id → title codes of this same round) the members' LĐTT and
    CSTĐCS are the round's added to the registry's (unrevoked, of the year); the agency
    settings in force on `on`."""
    units_qs = Unit.objects.all() if unit_ids is None else Unit.objects.filter(pk__in=unit_ids)
    units = list(units_qs.order_by("pk").values_list("pk", "name", "path"))
    ids = [pk for pk, _n, _p in units]
    ratings: dict[int, list] = {}
    for unit_id, y, level in UnitRating.objects.filter(
        unit_id__in=ids, year__lte=year, status__in=FINAL_RATING_STATUSES
    ).values_list("unit_id", "year", "level"):
        ratings.setdefault(unit_id, []).append((y, level))
    awards: dict[int, list] = {}
    for unit_id, *row in Award.objects.filter(
        unit_id__in=ids, year__lte=year, revoked_on__isnull=True
    ).values_list("unit_id", "code", "year", "kind", "decision_number"):
        awards.setdefault(unit_id, []).append(tuple(row))
    counts = _member_counts(
        year=year, units=[(pk, path) for pk, _n, path in units], member_titles=member_titles
    )
    facts = collective_facts(year=year, unit_ids=ids, on=on)
    return {
        pk: _unit_history(
            unit=(pk, name),
            year=year,
            ratings=ratings.get(pk, ()),
            awards=awards.get(pk, ()),
            members=counts[pk],
            facts=facts[pk],
        )
        for pk, name, _path in units
    }


def unit_history(
    *, unit: Unit, year: int, member_titles: Mapping | None = None, on: date | None = None
) -> dict:
    """One unit's history through its own related rows."""
    ratings = [
        (r.year, r.level)
        for r in unit.ratings.filter(year__lte=year, status__in=FINAL_RATING_STATUSES)
    ]
    awards = [
        (a.code, a.year, a.kind, a.decision_number)
        for a in Award.objects.filter(unit=unit, year__lte=year, revoked_on__isnull=True)
    ]
    people = [pid for pid, path in member_units(year=year).items() if path.startswith(unit.path)]
    members = None
    if people:
        rated = {
            r.person_id: r for r in AnnualRating.objects.filter(person_id__in=people, year=year)
        }
        held = {pid: set((member_titles or {}).get(pid, ())) for pid in people}
        for pid, code in Award.objects.filter(
            person_id__in=people, year=year, revoked_on__isnull=True
        ).values_list("person_id", "code"):
            held[pid].add(code)
        serious = {
            d.person_id
            for d in Discipline.objects.filter(
                person_id__in=people,
                valid_from__lte=date(year, 12, 31),
                valid_to__gte=date(year, 1, 1),
            )
            if d.form in SERIOUS_DISCIPLINE
        }
        members = {
            "total": len(people),
            "completed": sum(
                1
                for pid in people
                if pid in rated
                and rated[pid].status in FINAL_RATING_STATUSES
                and rated[pid].level in COMPLETED_LEVELS
            ),
            "LDTT": sum(1 for pid in people if "LDTT" in held[pid]),
            "CSTDCS": sum(1 for pid in people if "CSTDCS" in held[pid]),
            "disciplined_canh_cao_or_above": len(serious),
        }
    facts = collective_facts(year=year, unit_ids=[unit.pk], on=on)[unit.pk]
    return _unit_history(
        unit=(unit.pk, unit.name),
        year=year,
        ratings=ratings,
        awards=awards,
        members=members,
        facts=facts,
    )


# ---------------------------------------------------------------- either
def history_for(subject: Person | Unit, year: int, *, on: date | None = None) -> dict:
    """The eligibility history of a person or a unit up to `year` (one at a time)."""
    if isinstance(subject, Person):
        return person_history(person=subject, year=year, on=on)
    return unit_history(unit=subject, year=year, on=on)
