"""Reads of giao ban meetings: the list a person may see, and the agenda prepared from the
month's facts (programmes and goals at risk, lagging units, overdue check-ins and tasks, and
the last meeting's assignments with their status)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from thidua.goals.choices import TaskStatus
from thidua.goals.models import Goal, KeyResult, Task
from thidua.goals.review import AtRiskGoal, OverdueCheckin, UnitStanding, month_bounds
from thidua.goals.review_brief import ProgrammeBrief, month_brief
from thidua.org.models import Unit
from thidua.org.rules import viewer_scope
from thidua.org.unit_labels import unit_labels_by_id

from . import rules
from .choices import ConclusionKind, MeetingStatus
from .models import BriefingMeeting, Conclusion

AGENDA_ROWS = 15  # rows of each list on the agenda; the counts are always whole
# people the assignee list shows at once; the search finds the others (issues 12/13: a
# ministry's giao ban listed some 300 names in one <select>)
ASSIGNEES_SHOWN = 25
OPEN_TASK = (TaskStatus.TODO, TaskStatus.DOING)


def meetings_visible(*, viewer: Any) -> QuerySet[BriefingMeeting]:
    """The meetings `viewer` may read: those of the units they cover or work in, and those
    that assigned them something."""
    if viewer is None or not viewer.is_authenticated:
        return BriefingMeeting.objects.none()
    scope = viewer_scope(viewer)
    qs = BriefingMeeting.objects.select_related("unit", "unit_group", "chair")
    if scope.everything:
        return qs
    q = Q(created_by_id=viewer.pk)  # the meetings they planned (the office for its chair)
    if rules.prepares_for_leadership(viewer):
        q |= Q(unit__depth=0) | Q(unit_group__isnull=False)
    paths = list(scope.unit_paths)
    if scope.person_id is not None:
        q |= Q(chair_id=scope.person_id) | Q(conclusions__assignee_id=scope.person_id)
        own = Unit.objects.filter(people__pk=scope.person_id).values_list("path", flat=True).first()
        if own:
            paths.append(own)
    for path in paths:
        # The meetings of a unit above or at the person's unit, or below a unit they head.
        ancestors = [path[:i] for i in range(len(path), 0, -1) if path[:i].endswith("/")] or [path]
        q |= Q(unit__path__in=ancestors) | Q(unit__path__startswith=path)
        q |= Q(unit_group__memberships__unit__path__in=ancestors)
    return qs.filter(q).distinct()


def meeting_get(*, viewer: Any, pk: int) -> BriefingMeeting:
    meeting = BriefingMeeting.objects.select_related("unit", "unit_group", "chair").get(pk=pk)
    if not rules.can_view_meeting(viewer, meeting):
        raise PermissionDenied
    return meeting


def conclusions_of(*, meeting: BriefingMeeting) -> list[Conclusion]:
    return list(
        meeting.conclusions.select_related(
            "assignee", "assignee__unit", "goal__scope_unit", "task", "task__key_result"
        ).order_by("order", "id")
    )


def conclusions_visible(*, viewer: Any, meeting: BriefingMeeting) -> list[Conclusion]:
    """The conclusions `viewer` may read: all of them for those who take part; for anyone
    else who may read the meeting (an assignee, someone below its units), the conclusions
    and their own assignments, not other people's."""
    if not rules.can_view_meeting(viewer, meeting):
        raise PermissionDenied
    if rules.can_view_meeting_agenda(viewer, meeting):
        return with_goal_links(viewer, conclusions_of(meeting=meeting))
    person_id = viewer_scope(viewer).person_id
    return with_goal_links(
        viewer,
        [
            c
            for c in conclusions_of(meeting=meeting)
            if c.kind == ConclusionKind.CONCLUSION or (person_id and c.assignee_id == person_id)
        ],
    )


def with_goal_links(viewer: Any, conclusions: list[Conclusion]) -> list[Conclusion]:
    """Mark each conclusion's `goal_link`: whether `viewer` may open the goal it serves —
    the page links the goal only then, else shows its title alone."""
    from thidua.goals import rules as goal_rules

    for c in conclusions:
        c.goal_link = c.goal is not None and goal_rules.can_view_goal(viewer, c.goal)  # type: ignore[attr-defined]
    return conclusions


def notice_conclusions(*, viewer: Any, meeting: BriefingMeeting) -> list[Conclusion]:
    """Every conclusion, for the notice (.docx) — only to those who may read the notice
    (rules.can_read_notice)."""
    if not rules.can_read_notice(viewer, meeting):
        raise PermissionDenied
    return conclusions_of(meeting=meeting)


def meeting_previous(*, meeting: BriefingMeeting) -> BriefingMeeting | None:
    """The last meeting of the same scope before this one."""
    return (
        BriefingMeeting.objects.filter(unit=meeting.unit, unit_group=meeting.unit_group)
        .filter(Q(year__lt=meeting.year) | Q(year=meeting.year, month__lt=meeting.month))
        .order_by("-year", "-month", "-held_on", "-id")
        .first()
    )


@dataclass(frozen=True)
class CarriedAssignment:
    conclusion_id: int
    text: str
    assignee: str
    deadline: date | None
    status: str  # a TaskStatus value
    status_label: str
    is_overdue: bool
    conclusion: Conclusion | None = None  # with the goal it serves and `goal_link`


@dataclass
class Agenda:
    """What the meeting should look at, prepared from the month's facts."""

    year: int
    month: int
    programmes: list[ProgrammeBrief] = field(default_factory=list)  # at risk or behind
    at_risk_goals: list[AtRiskGoal] = field(default_factory=list)
    at_risk_total: int = 0
    lagging_units: list[UnitStanding] = field(default_factory=list)
    overdue_checkins: list[OverdueCheckin] = field(default_factory=list)
    overdue_checkins_total: int = 0
    overdue_tasks: list[Task] = field(default_factory=list)
    overdue_tasks_total: int = 0
    overdue_on: date | None = None  # overdue = open and due before this day
    due_later: list[Task] = field(default_factory=list)  # due from overdue_on to month's end
    due_later_total: int = 0
    due_later_until: date | None = None  # the meeting month's last day
    carried: list[CarriedAssignment] = field(default_factory=list)
    # the month whose goals review the agenda shows (the meeting's, or the month before's)
    facts_year: int = 0
    facts_month: int = 0

    @property
    def carried_open(self) -> int:
        return sum(1 for c in self.carried if c.status in OPEN_TASK)


def _review_units(meeting: BriefingMeeting) -> list[Unit | None]:
    if meeting.unit is not None:
        return [None if meeting.unit.depth == 0 else meeting.unit]
    paths = rules.meeting_unit_paths(unit=None, unit_group=meeting.unit_group, on=meeting.held_on)
    return list(Unit.objects.filter(path__in=paths).order_by("path"))


def _lagging(standings: list[UnitStanding], count: int = 3) -> list[UnitStanding]:
    merged: dict[int, list] = {}
    for s in standings:
        row = merged.setdefault(s.unit_id, [s.name, Decimal(0), 0, 0])
        row[1] += s.progress * s.goal_count
        row[2] += s.goal_count
        row[3] += s.at_risk_count
    units = [
        UnitStanding(
            unit_id=pk,
            name=name,
            progress=(total / n) if n else Decimal(0),
            goal_count=n,
            at_risk_count=risk,
        )
        for pk, (name, total, n, risk) in merged.items()
    ]
    units.sort(key=lambda u: (u.progress, -u.at_risk_count, u.name))
    return units[:count] if len(units) > count else units[: len(units) // 2]


def _qualify_units(agenda: Agenda) -> None:
    """Units named alike ("Văn phòng Cục" of eight Cục) followed by their parent's name on the
    agenda's rows; three queries at most."""

    goal_units = dict(
        Goal.objects.filter(pk__in=[g.goal_id for g in agenda.at_risk_goals])
        .order_by()
        .values_list("pk", "scope_unit_id")
    )
    ids = {u.unit_id for u in agenda.lagging_units} | set(goal_units.values())
    labels = unit_labels_by_id(ids)
    agenda.lagging_units = [
        replace(u, name=labels.get(u.unit_id, u.name)) for u in agenda.lagging_units
    ]
    agenda.at_risk_goals = [
        replace(g, owner_unit=labels.get(goal_units.get(g.goal_id) or 0, g.owner_unit))
        for g in agenda.at_risk_goals
    ]


def overdue_cutoff(*, meeting: BriefingMeeting, today: date | None = None) -> date:
    """The day before which an open task counts as overdue on `meeting`'s agenda: its date
    once held, today while it is still ahead (what is late now, as it is being prepared)."""
    return min(meeting.held_on, today or timezone.localdate())


def _tasks(agenda: Agenda, meeting: BriefingMeeting) -> None:
    """Open tasks of the meeting's units: overdue (due before the cutoff), and those due
    later in the meeting's month — never counted as overdue (issue 13, B2)."""
    _, end = month_bounds(year=meeting.year, month=meeting.month)
    cutoff = overdue_cutoff(meeting=meeting)
    paths = rules.meeting_unit_paths(
        unit=meeting.unit, unit_group=meeting.unit_group, on=meeting.held_on
    )
    in_scope = Q(pk__in=[])
    for path in paths:
        in_scope |= Q(owner__unit__path__startswith=path)
    open_tasks = Task.objects.filter(in_scope, status__in=OPEN_TASK).select_related("owner")
    overdue = open_tasks.filter(due_date__lt=cutoff)
    agenda.overdue_on = cutoff
    agenda.overdue_tasks_total = overdue.count()
    agenda.overdue_tasks = list(overdue.order_by("due_date", "id")[:AGENDA_ROWS])
    later = open_tasks.filter(due_date__gte=cutoff, due_date__lte=end)
    agenda.due_later_until = end
    agenda.due_later_total = later.count()
    agenda.due_later = list(later.order_by("due_date", "id")[:AGENDA_ROWS])


def _month_facts(
    agenda: Agenda, *, viewer: Any, meeting: BriefingMeeting, year: int, month: int
) -> int:
    """The programmes, goals at risk, silent key results and lagging units of the goals of
    `year`/`month` over the meeting's units (goals.review_brief: the monthly review's facts,
    its lists cut at AGENDA_ROWS), into `agenda`; the number of goals reviewed. A key result
    is silent on the agenda's day: the month's end, or the meeting's day (today while it is
    ahead) when that comes first — a key result checked in on the 25th, as the monthly
    cadence asks ("trước ngày 25 hằng tháng"), is not silent on the 7th."""
    _, end = month_bounds(year=year, month=month)
    brief = month_brief(
        viewer=viewer,
        year=year,
        month=month,
        units=_review_units(meeting),
        on=min(end, overdue_cutoff(meeting=meeting)),
        rows=AGENDA_ROWS,
    )
    agenda.programmes = [p for p in brief.programmes if p.at_risk_count or p.indicators_behind]
    agenda.at_risk_goals, agenda.at_risk_total = brief.at_risk_goals, brief.at_risk_total
    agenda.overdue_checkins = brief.overdue_checkins
    agenda.overdue_checkins_total = brief.overdue_total
    agenda.lagging_units = _lagging(brief.standings)
    agenda.facts_year, agenda.facts_month = year, month
    return brief.reviewed


def meeting_agenda(*, viewer: Any, meeting: BriefingMeeting) -> Agenda:
    """The agenda of `meeting` from the facts of its month, as `viewer` may see them: only
    for those who take part (rules.can_view_meeting_agenda). A month with no goals under way
    (January's giao ban, before the new year's goals are set) takes the month before's facts:
    the year just ended, not an empty agenda (walk-through of 07/12/2026)."""
    if not rules.can_view_meeting_agenda(viewer, meeting):
        raise PermissionDenied
    agenda = Agenda(year=meeting.year, month=meeting.month)
    facts = {"viewer": viewer, "meeting": meeting}
    if not _month_facts(agenda, **facts, year=meeting.year, month=meeting.month):
        before = date(meeting.year, meeting.month, 1) - timedelta(days=1)
        if not _month_facts(agenda, **facts, year=before.year, month=before.month):
            _month_facts(agenda, **facts, year=meeting.year, month=meeting.month)
    _qualify_units(agenda)

    _tasks(agenda, meeting)
    previous = meeting_previous(meeting=meeting)
    if previous is not None:
        today = agenda.overdue_on or meeting.held_on
        assignments = previous.conclusions.filter(kind=ConclusionKind.ASSIGNMENT)
        related = ("assignee", "task", "goal", "task__key_result")
        for c in with_goal_links(viewer, list(assignments.select_related(*related))):
            status = c.task.status if c.task else TaskStatus.TODO
            agenda.carried.append(
                CarriedAssignment(
                    conclusion_id=c.pk,
                    text=c.text,
                    assignee=c.assignee.full_name if c.assignee else "",
                    deadline=c.deadline,
                    status=status,
                    status_label=str(TaskStatus(status).label),
                    is_overdue=bool(c.deadline and c.deadline < today and status in OPEN_TASK),
                    conclusion=c,
                )
            )
    return agenda


def assignments_open(*, person_id: int) -> QuerySet[Conclusion]:
    """The giao ban assignments of a person whose task is not done."""
    return (
        Conclusion.objects.filter(
            assignee_id=person_id,
            kind=ConclusionKind.ASSIGNMENT,
            meeting__status=MeetingStatus.CLOSED,
        )
        .filter(Q(task__isnull=True) | Q(task__status__in=OPEN_TASK))
        .select_related(
            "meeting", "meeting__unit", "meeting__unit_group", "goal", "task__key_result"
        )
        .order_by("deadline", "id")
    )


CONCLUDE_WITHIN_DAYS = 62  # a planned meeting older than this is left to the list page
PREPARE_UNTIL_DAY = 10  # the month's giao ban not planned by this day is asked for


def meetings_to_conclude(*, viewer: Any, today: date | None = None) -> list[BriefingMeeting]:
    """Planned meetings whose date has passed and that `viewer` prepares (chairs or planned):
    their conclusions are to be recorded and the meeting closed (issue 13, B1)."""
    if viewer is None or not viewer.is_authenticated:
        return []
    today = today or timezone.localdate()
    person_id = viewer_scope(viewer).person_id
    mine = Q(created_by_id=viewer.pk) | (Q(chair_id=person_id) if person_id else Q(pk__in=[]))
    return list(
        BriefingMeeting.objects.filter(
            mine,
            status=MeetingStatus.PLANNED,
            held_on__lt=today,
            held_on__gte=today - timedelta(days=CONCLUDE_WITHIN_DAYS),
        )
        .select_related("unit", "unit_group")
        .order_by("held_on", "id")[:10]
    )


@dataclass(frozen=True)
class MeetingToPrepare:
    """A month whose giao ban of a scope is not planned yet."""

    unit: Unit | None
    unit_group: Any
    year: int
    month: int
    since: date

    @property
    def scope_key(self) -> str:  # the planning form's scope choice
        return f"u{self.unit.pk}" if self.unit is not None else f"g{self.unit_group.pk}"


def _month_after(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def meetings_to_prepare(*, viewer: Any, today: date | None = None) -> list[MeetingToPrepare]:
    """The next giao ban of each scope whose meetings `viewer` chaired or planned lately, when
    it is due to be planned: the last one is closed and none is planned after it (the month
    after it, or this month if later), or this month has none by the PREPARE_UNTIL_DAY-th.
    Only scopes `viewer` may still hold."""
    if viewer is None or not viewer.is_authenticated or not rules.can_plan_meetings(viewer):
        return []
    today = today or timezone.localdate()
    person_id = viewer_scope(viewer).person_id
    mine = Q(created_by_id=viewer.pk) | (Q(chair_id=person_id) if person_id else Q(pk__in=[]))
    recent = today - timedelta(days=100)
    scopes = set(
        BriefingMeeting.objects.filter(mine, held_on__gte=recent)
        .order_by()
        .values_list("unit_id", "unit_group_id")
        .distinct()
    )
    current = (today.year, today.month)
    found = []
    for unit_id, group_id in sorted(scopes, key=lambda s: (s[0] or 0, s[1] or 0))[:5]:
        last = (
            BriefingMeeting.objects.filter(unit_id=unit_id, unit_group_id=group_id)
            .select_related("unit", "unit_group")
            .order_by("-year", "-month", "-held_on", "-id")
            .first()
        )
        if last is None or not rules.can_manage_meeting(viewer, last):
            continue
        if last.status == MeetingStatus.CLOSED:
            target = max(_month_after(last.year, last.month), current)
        elif (last.year, last.month) < current and today.day <= PREPARE_UNTIL_DAY:
            target = current
        else:
            continue
        since = max(date(*target, 1), last.held_on) if target == current else last.held_on
        found.append(
            MeetingToPrepare(
                unit=last.unit,
                unit_group=last.unit_group,
                year=target[0],
                month=target[1],
                since=since,
            )  # fmt: skip
        )
    return found


def units_to_hold(*, viewer: Any) -> list[Unit]:
    """The units (down to departments) whose giao ban `viewer` may hold or, for the ministry's
    office, prepare (the ministry's own)."""
    office = rules.prepares_for_leadership(viewer)
    if not rules.can_hold_meetings(viewer) and not office:
        return []
    scope = viewer_scope(viewer)
    qs = Unit.objects.filter(valid_to__isnull=True, depth__lte=2).order_by("path")
    if not (scope.everything and rules.can_hold_meetings(viewer)):
        q = Q(depth=0) if office else Q(pk__in=[])
        if rules.can_hold_meetings(viewer):
            for path in scope.unit_paths:
                q |= Q(path__startswith=path)
        qs = qs.filter(q)
    return list(qs[:500])


def chairs_to_choose(*, viewer: Any) -> QuerySet:
    """Whom the ministry's office plans a meeting for: the people holding a leadership role
    today (the minister, the deputy ministers); none for anyone else, who chairs their own."""
    from thidua.org.choices import Role
    from thidua.org.models import Person, RoleAssignment

    if not rules.prepares_for_leadership(viewer):
        return Person.objects.none()
    users = (
        RoleAssignment.objects.as_of(timezone.localdate())
        .filter(role=Role.LEADERSHIP)
        .values("user_id")
    )
    return (
        Person.objects.filter(is_active=True, user_id__in=users)
        .select_related("position")
        .order_by("-position__level", "full_name")
    )


def groups_to_hold(*, viewer: Any) -> list:
    """The blocks (khối) whose giao ban `viewer` may hold."""
    from thidua.org.choices import UnitGroupKind
    from thidua.org.models import UnitGroup

    if not rules.can_plan_meetings(viewer):
        return []
    today = timezone.localdate()
    groups = list(
        UnitGroup.objects.as_of(today).filter(kind=UnitGroupKind.LEADERSHIP_BLOCK).order_by("name")
    )
    return [g for g in groups if rules.may_prepare(viewer, unit=None, unit_group=g, on=today)]


def assignee_choices(*, meeting: BriefingMeeting, limit: int = 400) -> QuerySet:
    """People a conclusion may be assigned to: those working in the meeting's units, heads
    and leaders first."""
    from thidua.org.models import Person

    paths = rules.meeting_unit_paths(
        unit=meeting.unit, unit_group=meeting.unit_group, on=meeting.held_on
    )
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(unit__path__startswith=path)
    ordering = ("unit__depth", "unit__path", "full_name")
    ids = list(
        Person.objects.filter(q, is_active=True)
        .order_by(*ordering)
        .values_list("pk", flat=True)[:limit]
    )  # a form field filters its queryset again: no slice on the one returned
    return Person.objects.filter(pk__in=ids).select_related("unit").order_by(*ordering)


def _folded(text: str) -> str:
    """Lower case without diacritics ("Đỗ Hòa" → "do hoa"): a search typed either way finds."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return " ".join(
        "".join(c for c in decomposed if unicodedata.category(c) != "Mn").split()
    ).lower()


def assignees_shown(
    *,
    meeting: BriefingMeeting,
    search: str = "",
    chosen: int | None = None,
    limit: int = ASSIGNEES_SHOWN,
    allowed: QuerySet | None = None,
) -> list:
    """The few people the assignee list shows, among those a conclusion may be assigned to
    (`assignee_choices`, the meeting's units only): the ones whose name or employee code
    holds `search` (with or without diacritics), else the first ones (heads and leaders
    first); and the one already chosen, so a form shown again keeps it. `allowed`: the
    people assignee_choices gave, when the caller has read them already."""
    allowed = assignee_choices(meeting=meeting) if allowed is None else allowed
    needle = _folded(search)[:80]
    if needle:
        ids = [
            pk
            for pk, name, code in allowed.values_list("pk", "full_name", "employee_code")
            if needle in _folded(name) or needle == _folded(code)
        ][:limit]
    else:
        ids = list(allowed.values_list("pk", flat=True)[:limit])
    if chosen is not None and chosen not in ids:
        ids += list(allowed.filter(pk=chosen).values_list("pk", flat=True))
    return list(allowed.filter(pk__in=ids))


def goal_choices(*, meeting: BriefingMeeting, limit: int = 300) -> QuerySet:
    """Goals a conclusion may serve: the meeting's units' goals in force in its month, at
    risk first."""
    from thidua.goals.choices import GoalStatus

    start, end = month_bounds(year=meeting.year, month=meeting.month)
    paths = rules.meeting_unit_paths(
        unit=meeting.unit, unit_group=meeting.unit_group, on=meeting.held_on
    )
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(scope_unit__path__startswith=path)
    ordering = ("-is_at_risk", "scope_unit__path", "title")
    ids = list(
        Goal.objects.filter(
            q, status__in=GoalStatus.published(), period_start__lte=end, period_end__gte=start
        )
        .order_by(*ordering)
        .values_list("pk", flat=True)[:limit]
    )
    return Goal.objects.filter(pk__in=ids).order_by(*ordering).only("id", "title")


def key_result_choices(*, goals: QuerySet) -> QuerySet:
    """Key results an assignment may move: those of `goals`, the goals it may serve
    (goal_choices). Lazy: the form checks the one posted against it; the list offers
    `key_results_offered`."""
    return KeyResult.objects.filter(goal_id__in=goals.values("pk"))


def key_results_offered(*, goals: QuerySet, goal: int | None) -> list:
    """The key results the list offers: those of the goal chosen (`goal`, its id),
    when it is one of `goals` (goal_choices); none before a goal is chosen. The whole
    ministry's key results (hundreds) are never sent with the page."""
    if goal is None or not goals.filter(pk=goal).exists():
        return []
    return list(KeyResult.objects.filter(goal_id=goal).order_by("id"))
