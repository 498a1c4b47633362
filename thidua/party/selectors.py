"""Reads scoped to the viewer."""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from thidua.org.choices import PartyOrgKind, Role
from thidua.org.models import PartyMembership, PartyOrganization, Person
from thidua.org.rules import viewer_scope

from .choices import InspectionKind, InspectionStatus
from .models import CellMeeting, Digest, Inspection, Resolution


def _paths_q(paths, field: str) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__path__startswith": path})
    return q


def _path_prefix_q(paths) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path__startswith=path)
    return q


def _covered(qs: QuerySet, viewer, field: str) -> QuerySet:
    scope = viewer_scope(viewer)
    if scope.everything:
        return qs
    return qs.filter(_paths_q(scope.party_paths, field))


def party_bodies_covered(*, viewer) -> QuerySet[PartyOrganization]:
    """Bodies whose resolutions and inspections the viewer manages (their subtrees)."""
    scope = viewer_scope(viewer)
    if scope.everything:
        return PartyOrganization.objects.all()
    return PartyOrganization.objects.filter(_path_prefix_q(scope.party_paths))


def resolution_list(*, viewer) -> QuerySet[Resolution]:
    """Resolutions of the bodies the viewer covers (secretary, committee office, ministry).

    Members get resolutions through the digests sent to them (messaging, later)."""
    return _covered(Resolution.objects.select_related("body"), viewer, "body")


def resolution_get(*, viewer, pk: int) -> Resolution:
    return resolution_list(viewer=viewer).get(pk=pk)


def digest_current(*, resolution: Resolution) -> Digest | None:
    return resolution.digests.prefetch_related("points").order_by("-id").first()


def digest_visible_to_member(digest: Digest, person: Person) -> bool:
    """Whether a campaign has sent this digest to the person. Wired with messaging later;
    until then members see no digest (nothing is sent)."""
    return False


def cells_of_viewer(*, viewer) -> QuerySet[PartyOrganization]:
    """Cells the viewer belongs to or covers (for the meetings pages)."""
    scope = viewer_scope(viewer)
    memberships = PartyMembership.objects.as_of(timezone.localdate()).filter(
        person_id=scope.person_id
    )
    q = Q(pk__in=memberships.values("organization_id"))
    if scope.everything:
        q = Q()
    else:
        q |= _path_prefix_q(scope.party_paths)
    return PartyOrganization.objects.filter(q, kind=PartyOrgKind.CELL)


def cells_managed(*, viewer) -> QuerySet[PartyOrganization]:
    """Cells whose meetings the viewer organises: those they are the secretary of."""
    scope = viewer_scope(viewer)
    if Role.PARTY_SECRETARY not in scope.roles:
        return PartyOrganization.objects.none()
    return PartyOrganization.objects.filter(kind=PartyOrgKind.CELL, path__in=scope.party_paths)


def meeting_list(*, viewer, cell: PartyOrganization | None = None) -> QuerySet[CellMeeting]:
    """Meetings of the cells the viewer belongs to, or covers as secretary or office."""
    qs = CellMeeting.objects.filter(cell__in=cells_of_viewer(viewer=viewer)).select_related(
        "cell", "task", "chosen_solution"
    )
    if cell is not None:
        qs = qs.filter(cell=cell)
    return qs


def meeting_get(*, viewer, pk: int) -> CellMeeting:
    return meeting_list(viewer=viewer).get(pk=pk)


def meeting_previous(*, meeting: CellMeeting) -> CellMeeting | None:
    """The cell's latest earlier meeting that handed a task over (its progress is reviewed)."""
    return (
        CellMeeting.objects.filter(cell=meeting.cell, task__isnull=False)
        .filter(Q(held_on__lt=meeting.held_on) | Q(held_on=meeting.held_on, pk__lt=meeting.pk))
        .select_related("task", "task__owner", "chosen_solution")
        .order_by("-held_on", "-id")
        .first()
    )


def inspection_list(*, viewer) -> QuerySet[Inspection]:
    return _covered(
        Inspection.objects.select_related("by_body", "subject_org", "subject_person"),
        viewer,
        "by_body",
    )


def inspection_counts(
    body: PartyOrganization, start: date, end: date
) -> dict[tuple[str, bool], int]:
    """Inspections and supervisions done between start and end (inclusive) by the body and
    the bodies under it, per (kind, by_commission): one grouped query."""
    rows = (
        Inspection.objects.filter(
            by_body__path__startswith=body.path,
            status=InspectionStatus.DONE,
            done_on__gte=start,
            done_on__lte=end,
        )
        .values_list("kind", "by_commission")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {(kind, flag): 0 for kind in InspectionKind.values for flag in (False, True)}
    for kind, flag, n in rows:
        counts[(kind, flag)] = n
    return counts
