"""Reads for field visits (đi cơ sở): the visits a viewer may see, the terms they are counted
by, and the count per leader and term."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import rules as django_rules
from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from thidua.org.models import Person
from thidua.org.rules import viewer_scope

from .. import constants, rules
from ..choices import TaskStatus
from ..models import FieldVisit, GoodPractice
from ..services.fieldwork import source_permission


@dataclass(frozen=True)
class Term:
    label: str
    start: date
    end: date
    basis: str

    @property
    def key(self) -> str:
        return f"{self.start.year}-{self.end.year}"


def terms() -> list[Term]:
    """The terms (nhiệm kỳ) field visits are counted by, oldest first: settings.THIDUA_TERMS
    or goals.constants.TERMS, each (label, start, end, basis)."""
    raw = getattr(settings, "THIDUA_TERMS", None) or constants.TERMS
    return [
        Term(label, date.fromisoformat(str(start)), date.fromisoformat(str(end)), basis)
        for label, start, end, basis in raw
    ]


def term_of(day: date | None = None) -> Term | None:
    day = day or timezone.localdate()
    return next((t for t in terms() if t.start <= day <= t.end), None)


def term_by_key(key: str | None) -> Term | None:
    return next((t for t in terms() if t.key == key), None)


def field_visit_list(
    *, viewer, term: Term | None = None, person: Person | None = None
) -> QuerySet[FieldVisit]:
    """Visits the viewer may see (rules.can_view_field_visit as a filter), newest first."""
    qs = FieldVisit.objects.select_related("person", "person__unit", "unit")
    if not viewer.is_authenticated:
        return qs.none()
    scope = viewer_scope(viewer)
    if not scope.everything:
        mine = Q(recorded_by=viewer)
        if scope.person_id is not None:
            mine |= Q(person_id=scope.person_id)
        if scope.roles & rules.LEADER_ROLES:
            for path in scope.unit_paths:
                mine |= Q(person__unit__path__startswith=path) | Q(unit__path__startswith=path)
        qs = qs.filter(mine)
    if term is not None:
        qs = qs.filter(visited_on__gte=term.start, visited_on__lte=term.end)
    if person is not None:
        qs = qs.filter(person=person)
    return qs.order_by("-visited_on", "-id")


def field_visit_get(*, viewer, pk: int) -> FieldVisit:
    """A visit the viewer may see. Raises FieldVisit.DoesNotExist."""
    return (
        field_visit_list(viewer=viewer)
        .prefetch_related("follow_up_tasks", "follow_up_tasks__owner")
        .get(pk=pk)
    )


def field_visit_counts(*, viewer, term: Term | None) -> list[dict]:
    """Per leader, in the term: visits, units visited, follow-up tasks and those done. One
    query; the most visits first."""
    rows = (
        field_visit_list(viewer=viewer, term=term)
        .order_by()
        .values("person_id", "person__full_name")
        .annotate(
            visits=Count("id", distinct=True),
            units=Count("unit", distinct=True),
            tasks=Count("follow_up_tasks", distinct=True),
            tasks_done=Count(
                "follow_up_tasks",
                filter=Q(follow_up_tasks__status=TaskStatus.DONE),
                distinct=True,
            ),
        )
        .order_by("-visits", "person__full_name")
    )
    return list(rows)


def practices_of(*, source) -> QuerySet[GoodPractice]:
    """The good practices proposed from a source record (an inspection, a field visit)."""
    from django.contrib.contenttypes.models import ContentType

    return GoodPractice.objects.filter(
        source_type=ContentType.objects.get_for_model(source), source_id=source.pk
    ).select_related("unit")


def practice_source_visible(*, viewer, practice: GoodPractice) -> bool:
    """Whether the viewer may follow the practice to its source (its own permission: a Party
    inspection only for those covering the Party body, never by a state role alone)."""
    source = practice.source
    return source is not None and django_rules.has_perm(source_permission(source), viewer, source)
