"""What emulation asks of a person (registered with thidua.core.nextsteps.register).

Work ("todo", Việc của tôi), each with a stable key:

- "emulation.register:<movement id>:p<person id>" / ":u<unit id>": an open registration the
  person, or a unit they head, has not registered for yet;
- "emulation.self_assess:<rating id>": the person's own annual rating, opened and waiting for
  their self-assessment;
- "emulation.propose:<unit id>:<year>": a head's people (of that rating unit) whose ratings
  wait for a proposed level;
- "emulation.approve:<year>", "emulation.publish:<year>", "emulation.appeals:<year>":
  proposals to approve, approved ratings to publish and appeals to decide, for whoever
  rules.py lets do it (the level above; the office publishes and decides appeals too);
- "emulation.scores:<movement id>": for the office's officers and the council, a movement at
  a review (sơ kết, tổng kết) with registrations still missing a criterion's score;
- "emulation.publish_results:<movement id>": for the office's officers, a final review whose
  results are unpublished;
- "emulation.practices": for the office's officers, good practices proposed as lessons.

The office's work waits for its officers (rules.has_office_duty), not for the leadership or
administrators who may also do it (rules.is_emulation_office): having the right is not the
work waiting for you.
- "emulation.month_scores:<unit id>:<year>-<month>": for a head, the people they are the
  nearest head of (those rules.can_score_person lets them score: never themselves; a person
  of a unit below with its own head is that head's, a unit without a head falls to the next
  head above) without a score for the last finished month (in January, December of the year
  before), while the agency scores monthly (setting "emulation.monthly_scoring"), the
  month's rules score on points and the person's rating of that year is still open; linked
  to the unit's scoring sheet of that year.

External assessments are answered by assessors outside the agency through one-time links,
without an account: they are nobody's work here.

A highlight: the most replicated lessons and exemplars (nhân rộng điển hình).

A fixed number of queries whatever the number of movements, ratings or people (the month's
scores: the setting, one query of the people, one of the heads of the units between them
and the head, and one of the units headed, whatever their number).
"""

from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.core import agency_settings
from thidua.core.nextsteps import TODO, NextStep, moment, shared
from thidua.core.text import quoted
from thidua.org.choices import Role, StaffCategory
from thidua.org.models import Person, RoleAssignment, Unit
from thidua.org.rules import viewer_scope
from thidua.org.selectors import viewer_person

from . import rules
from .choices import MovementStatus, ScorePeriod
from .law import MONTHLY_SCORING, rating_rule_for
from .models import AnnualRating, Movement, PeriodScore, Registration
from .selectors import ratings as rating_selectors
from .selectors.movements import most_replicated_lessons, scores_missing, status_since
from .services.rating_checks import OPEN_STATUSES

REVIEW_STATUSES = (MovementStatus.MID_REVIEW, MovementStatus.FINAL_REVIEW)
HEAD_ROLES = frozenset({Role.UNIT_HEAD, Role.LEADERSHIP})


def _units_headed(user) -> list[Unit]:
    """The current units of the viewer's scope (the units they head or lead), by path; read
    once per collect() for the registrations and the month's scores."""
    paths = viewer_scope(user).unit_paths
    return shared(
        user,
        "emulation.units_headed",
        lambda: list(Unit.objects.filter(path__in=paths, valid_to__isnull=True).order_by("path")),
    )


def _registration_steps(user) -> list[NextStep]:
    scope = viewer_scope(user)
    movements = list(
        Movement.objects.filter(status=MovementStatus.REGISTRATION_OPEN)
        .prefetch_related("scope_units")
        .order_by("period_start", "name")
    )
    if not movements:
        return []
    me = viewer_person(user=user) if scope.person_id is not None else None
    if me is not None and not me.is_active:
        me = None
    # Units the person heads (the roots of their scope), not every unit under them.
    headed = _units_headed(user) if scope.unit_paths and not scope.everything else []
    mine = Q(unit_id__in=[u.pk for u in headed])
    if me is not None:
        mine |= Q(person_id=me.pk)
    registered = set(
        Registration.objects.filter(
            mine, movement__in=movements, withdrawn_at__isnull=True
        ).values_list("movement_id", "unit_id", "person_id")
    )
    done = {(m, f"u{u}" if u else f"p{p}") for m, u, p in registered}
    opened = status_since(movements=movements)
    steps = []
    for movement in movements:
        paths = [u.path for u in movement.scope_units.all()]
        url = reverse("emulation:movement_register", args=[movement.pk])
        candidates = ([(f"p{me.pk}", me.unit, me)] if me else []) + [
            (f"u{u.pk}", u, u) for u in headed
        ]
        for key, unit, registrant in candidates:
            if (movement.pk, key) in done or not any(unit.path.startswith(p) for p in paths):
                continue
            if key.startswith("u") and not rules.can_register(user, registrant):
                continue
            steps.append(
                NextStep(
                    title=_("Register for %(movement)s") % {"movement": quoted(movement)},
                    url=f"{url}?as={key}",
                    detail=(
                        _("for %(unit)s") % {"unit": registrant}
                        if key.startswith("u")
                        else _("your own commitments, linked to your goals")
                    ),
                    priority=30,
                    section=TODO,
                    key=f"emulation.register:{movement.pk}:{key}",
                    since=opened[movement.pk],
                )
            )
    return steps


def _review_steps(user) -> list[NextStep]:
    office = rules.has_office_duty(user)
    if not (office or rules.is_council_member(user)):
        return []
    steps = []
    movements = list(
        Movement.objects.filter(status__in=REVIEW_STATUSES).order_by("period_start", "name")
    )
    missing = scores_missing(
        movement_ids=[m.pk for m in movements if m.results_published_at is None]
    )
    since = status_since(movements=movements)
    for movement in movements:
        count = missing.get(movement.pk, 0)
        if count:
            steps.append(
                NextStep(
                    title=_("Enter the scores of %(movement)s") % {"movement": quoted(movement)},
                    url=reverse("emulation:movement_scores", args=[movement.pk]),
                    detail=ngettext(
                        "%(n)d registration not fully scored (%(status)s)",
                        "%(n)d registrations not fully scored (%(status)s)",
                        count,
                    )
                    % {"n": count, "status": movement.get_status_display()},
                    priority=35,
                    section=TODO,
                    key=f"emulation.scores:{movement.pk}",
                    count=count,
                    since=since[movement.pk],
                )
            )
        if (
            office
            and movement.status == MovementStatus.FINAL_REVIEW
            and movement.results_published_at is None
        ):
            steps.append(
                NextStep(
                    title=_("Publish the results of %(movement)s") % {"movement": quoted(movement)},
                    url=reverse("emulation:movement_detail", args=[movement.pk]) + "#rankings",
                    detail=_("after the final review (tổng kết)"),
                    priority=36,
                    section=TODO,
                    key=f"emulation.publish_results:{movement.pk}",
                    since=since[movement.pk],
                )
            )
    return steps


def _rating_steps(user) -> list[NextStep]:
    steps = [
        NextStep(
            title=_("Write your self-assessment for %(year)s") % {"year": rating.year},
            url=reverse("emulation:rating_detail", args=[rating.pk]),
            detail=_("your annual rating waits for it before your head proposes a level"),
            priority=25,
            section=TODO,
            key=f"emulation.self_assess:{rating.pk}",
            since=rating.created_at,
        )
        for rating in rating_selectors.ratings_to_self_assess(viewer=user)
    ]
    for work in rating_selectors.ratings_to_propose(viewer=user):
        steps.append(
            NextStep(
                title=ngettext(
                    "Propose the rating of %(n)d person for %(year)s",
                    "Propose the ratings of %(n)d people for %(year)s",
                    work.count,
                )
                % {"n": work.count, "year": work.year},
                url=reverse("emulation:rating_unit", args=[work.unit.pk, work.year]),
                detail=str(work.unit),
                priority=25,
                section=TODO,
                key=f"emulation.propose:{work.unit.pk}:{work.year}",
                count=work.count,
                since=work.since,
            )
        )
    steps += _approver_steps(user)
    return steps


def _approver_steps(user) -> list[NextStep]:
    """The approver's: proposed ratings to approve, approved ones to publish, appeals to
    decide — one step per kind and year, waiting since the oldest. Not an administrator's
    work: they may do it (rules.MANAGER_ROLES), but it waits for the heads and leadership
    above and for the office's officers."""
    if not (viewer_scope(user).roles & HEAD_ROLES or rules.has_office_duty(user)):
        return []
    awaiting = rating_selectors.ratings_awaiting_approver(viewer=user)
    # (kind, [(year, since) per item waiting], title): an appeal waits from when it was lodged,
    # a rating from its last step.
    kinds = [
        (
            "approve",
            [(r.year, r.updated_at) for r in awaiting["proposed"]],
            lambda n: ngettext(
                "Approve %(n)d proposed rating for %(year)s",
                "Approve %(n)d proposed ratings for %(year)s",
                n,
            ),
        ),
        (
            "publish",
            [(r.year, r.updated_at) for r in awaiting["approved"]],
            lambda n: ngettext(
                "Publish %(n)d approved rating for %(year)s",
                "Publish %(n)d approved ratings for %(year)s",
                n,
            ),
        ),
        (
            "appeals",
            [
                (r.year, a.created_at)
                for r in awaiting["appealed"]
                for a in getattr(r, "open_appeals", [])
            ],
            lambda n: ngettext(
                "Decide %(n)d rating appeal for %(year)s",
                "Decide %(n)d rating appeals for %(year)s",
                n,
            ),
        ),
    ]
    steps = []
    for kind, items, title in kinds:
        by_year: dict[int, list] = {}
        for year, since in items:
            by_year.setdefault(year, []).append(since)
        for year, moments in sorted(by_year.items(), reverse=True):
            steps.append(
                NextStep(
                    title=title(len(moments)) % {"n": len(moments), "year": year},
                    url=f"{reverse('emulation:rating_approvals')}?year={year}",
                    priority=25,
                    section=TODO,
                    key=f"emulation.{kind}:{year}",
                    count=len(moments),
                    since=min(moments),
                )
            )
    return steps


def _practice_steps(user) -> list[NextStep]:
    """The office's officers: good practices found by inspections and field visits, proposed as
    lessons and waiting to be published or declined (one query, the officers only)."""
    from django.db.models import Count, Min

    from .selectors.practices import practices_proposed

    if not rules.has_office_duty(user):
        return []
    waiting = practices_proposed(viewer=user).aggregate(n=Count("pk"), since=Min("created_at"))
    if not waiting["n"]:
        return []
    return [
        NextStep(
            title=ngettext(
                "%(n)d good practice proposed as a lesson to publish",
                "%(n)d good practices proposed as lessons to publish",
                waiting["n"],
            )
            % {"n": waiting["n"]},
            url=reverse("emulation:lesson_list") + "#proposed",
            priority=40,
            section=TODO,
            key="emulation.practices",
            count=waiting["n"],
            since=waiting["since"],
        )
    ]


def last_finished_month(today: date) -> tuple[int, int]:
    """(year, month) of the month before `today`'s: in January, December of the year before."""
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def _up_to(path: str, root: str) -> list[str]:
    """The paths from the unit `path` up to `root` (both included), nearest first."""
    parts = path.split("/")[:-1]
    ups = ["".join(f"{p}/" for p in parts[:n]) for n in range(len(parts), 0, -1)]
    return [p for p in ups if p.startswith(root)]


def _other_heads(user, paths: set[str]) -> dict[str, set[tuple[int | None, str]]]:
    """The heads other than `user` assigned to each unit of `paths` today (by unit path: their
    person ids, None for an account without a person, with their role). One query."""
    heads: dict[str, set[tuple[int | None, str]]] = {}
    for path, person_id, role in (
        RoleAssignment.objects.as_of(timezone.localdate())
        .filter(
            role__in=(Role.UNIT_HEAD, Role.LEADERSHIP),
            unit__path__in=paths,
            user__is_active=True,
        )
        .exclude(user=user)
        .values_list("unit__path", "user__person__pk", "role")
    ):
        heads.setdefault(path, set()).add((person_id, role))
    return heads


def _nearest_head_is(user, people: list[tuple[int, str]], roots: list[str]) -> dict[str, list[int]]:
    """Which of `people` ((id, unit path) under the user's `roots`) each root holds whose
    nearest head is the user: walking up from the person's unit, the first unit the user heads
    comes before any unit with another head who may score them (not the person). In a unit the
    user leads only as leadership (a deputy minister over a block), its own unit head is
    nearer; two heads of one unit share it. Two queries."""
    scope_paths = set(viewer_scope(user).unit_paths)
    walks = [
        (pid, _up_to(path, next(r for r in roots if path.startswith(r)))) for pid, path in people
    ]
    heads = _other_heads(user, {p for _pid, ups in walks for p in ups})
    headed = set(
        RoleAssignment.objects.as_of(timezone.localdate())
        .filter(user=user, role=Role.UNIT_HEAD, unit__path__in=scope_paths)
        .values_list("unit__path", flat=True)
    )
    waiting: dict[str, list[int]] = {}
    for pid, ups in walks:
        for path in ups:
            others = {role for person_id, role in heads.get(path, set()) if person_id != pid}
            if path in scope_paths:
                if path in headed or Role.UNIT_HEAD not in others:
                    waiting.setdefault(ups[-1], []).append(pid)
                break
            if others:
                break  # a nearer head scores this person
    return waiting


def _month_score_steps(user) -> list[NextStep]:
    """A head's people without a score for the last finished month, one step per unit headed
    (the roots of their scope; each person counted once, under the outermost): the people
    rules.can_score_person lets them score and they are the nearest head of (_nearest_head_is)
    — under a unit they head, never themselves — who are active, whose category is scored on
    points that year and whose rating of that year is still open (services.rating_work refuses
    a score otherwise). The setting, then four queries."""
    scope = viewer_scope(user)
    if not scope.unit_paths or not scope.roles & rules.MANAGER_ROLES:
        return []  # the ministry-wide office and administrators head no unit: not theirs
    year, month = last_finished_month(timezone.localdate())
    categories = [
        c for c in StaffCategory.values if rating_rule_for(category=c, year=year).point_scale
    ]
    if not categories or not agency_settings.value(MONTHLY_SCORING):
        return []
    roots = [
        p for p in scope.unit_paths if not any(p != q and p.startswith(q) for q in scope.unit_paths)
    ]
    under = Q(pk__in=[])
    for path in roots:
        under |= Q(unit__path__startswith=path)
    people = (
        Person.objects.filter(under, is_active=True, category__in=categories)
        .exclude(
            pk__in=PeriodScore.objects.filter(
                year=year, period=ScorePeriod.MONTH, number=month
            ).values("person_id")
        )
        .exclude(
            pk__in=AnnualRating.objects.filter(year=year)
            .exclude(status__in=OPEN_STATUSES)
            .values("person_id")
        )
    )
    if scope.person_id is not None:
        people = people.exclude(pk=scope.person_id)
    rows = list(people.order_by("full_name", "pk").values_list("pk", "unit__path", "full_name"))
    if not rows:
        return []
    names = {pk: name for pk, _path, name in rows}
    waiting = _nearest_head_is(user, [(pk, path) for pk, path, _name in rows], roots)
    if not waiting:
        return []
    units = [u for u in _units_headed(user) if u.path in waiting]  # waiting: roots of the scope
    since = moment(timezone.localdate().replace(day=1))  # the month ended: scores are due
    return [
        NextStep(
            title=ngettext(
                "Score month %(month)s for %(n)d person",
                "Score month %(month)s for %(n)d people",
                len(waiting[unit.path]),
            )
            % {"month": f"{month:02d}/{year}", "n": len(waiting[unit.path])},
            url=reverse("emulation:rating_unit", args=[unit.pk, year]),
            detail=f"{unit}: {_some_names([names[pk] for pk in waiting[unit.path]])}",
            priority=25,
            section=TODO,
            key=f"emulation.month_scores:{unit.pk}:{year}-{month:02d}",
            count=len(waiting[unit.path]),
            since=since,
        )
        for unit in units
    ]


def _some_names(names: list[str], *, shown: int = 3) -> str:
    """The first `shown` names, then how many more: "A, B, C và 4 người khác"."""
    text = ", ".join(names[:shown])
    if len(names) > shown:
        more = len(names) - shown
        text += " " + ngettext("and %(n)d other", "and %(n)d others", more) % {"n": more}
    return text


def emulation_next_steps(user) -> list[NextStep]:
    """The home page's emulation steps for a user (see the module docstring)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return (
        _rating_steps(user)
        + _month_score_steps(user)
        + _registration_steps(user)
        + _review_steps(user)
        + _practice_steps(user)
    )


def most_replicated_for_home(user, *, limit: int = 5) -> list[NextStep]:
    """The most replicated lessons and exemplars, as links with their adoption counts."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        NextStep(
            title=lesson.title,
            url=reverse("emulation:lesson_detail", args=[lesson.pk]),
            detail=ngettext(
                "taken up by %(counter)s unit",
                "taken up by %(counter)s units",
                lesson.adoption_count,
            )
            % {"counter": lesson.adoption_count},
            priority=80,
            section="highlight",
        )
        for lesson in most_replicated_lessons(viewer=user, limit=limit)
    ]
