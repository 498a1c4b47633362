"""Reads scoped to the viewer.

Party data is scoped by Party roles only (`Scope.party_paths`): a ministry-wide state role
or a superuser account sees no Party body's resolutions, campaigns, members' results or
inspections unless it also holds a Party role over that body.

The members list of the bodies a viewer manages is in members.py, imported on its own
(`from thidua.party.selectors import members`)."""

from datetime import date, timedelta

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat
from django.utils import timezone

from thidua.messaging.choices import Channel
from thidua.messaging.models import Delivery, Dispatch
from thidua.messaging.selectors import deliveries_progress, dispatch_progress
from thidua.org.choices import PartyOrgKind, Role
from thidua.org.models import PartyMembership, PartyOrganization, Person
from thidua.org.rules import viewer_scope

from .. import rules
from ..choices import (
    AudienceKind,
    DigestStatus,
    InspectionKind,
    InspectionStatus,
    MeetingStatus,
)
from ..models import Campaign, CellMeeting, Digest, Inspection, PointAnswer, Resolution


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
    return qs.filter(_paths_q(viewer_scope(viewer).party_paths, field))


def party_bodies_covered(*, viewer) -> QuerySet[PartyOrganization]:
    """Bodies whose resolutions, members and inspections the viewer manages (the subtrees
    of their Party roles; none for a state role alone)."""
    return PartyOrganization.objects.filter(_path_prefix_q(viewer_scope(viewer).party_paths))


def resolution_list(*, viewer) -> QuerySet[Resolution]:
    """Resolutions of the bodies the viewer covers (their secretary, a committee office above).

    Members get resolutions through the digests sent to them (messaging, later)."""
    return _covered(Resolution.objects.select_related("body"), viewer, "body")


def resolution_get(*, viewer, pk: int) -> Resolution:
    return resolution_list(viewer=viewer).get(pk=pk)


def digest_current(*, resolution: Resolution) -> Digest | None:
    return resolution.digests.prefetch_related("points").order_by("-id").first()


def digest_visible_to_member(digest: Digest, person: Person) -> bool:
    """Whether a campaign has sent this digest to the person."""
    return Delivery.objects.filter(
        person=person,
        dispatch_id__in=Campaign.objects.filter(digest=digest, dispatch__isnull=False).values(
            "dispatch_id"
        ),
    ).exists()


# ------------------------------------------------------------------ campaigns
def audience_memberships(
    *, audience: str, bodies, roles, on: date | None = None
) -> QuerySet[PartyMembership]:
    """Current memberships of an audience (set-based: path prefixes, then roles)."""
    bodies = list(bodies)
    qs = PartyMembership.objects.as_of(on or timezone.localdate())
    if audience == AudienceKind.CELLS:
        qs = qs.filter(organization__in=bodies)
    else:
        qs = qs.filter(_paths_q([b.path for b in bodies], "organization"))
    if roles:
        qs = qs.filter(role__in=roles)
    return qs


def campaign_audience(campaign: Campaign, bodies=None) -> QuerySet[Person]:
    """The active people the campaign goes to (`bodies` for a campaign not yet saved)."""
    memberships = audience_memberships(
        audience=campaign.audience,
        bodies=campaign.bodies.all() if bodies is None else bodies,
        roles=campaign.roles,
    )
    return Person.objects.filter(pk__in=memberships.values("person_id"), is_active=True)


def campaign_dispatches(campaign: Campaign) -> QuerySet[Dispatch]:
    """The campaign's dispatch and its reminders."""
    label = f"party.campaign#{campaign.pk}"
    return Dispatch.objects.filter(
        Q(source_label=label) | Q(source_label__startswith=f"{label}#remind-")
    )


def campaign_list(*, viewer) -> QuerySet[Campaign]:
    """Campaigns of the resolutions the viewer covers, or sent to bodies under their scope
    (a cell's secretary sees the campaigns that reached the cell)."""
    scope = viewer_scope(viewer)
    qs = Campaign.objects.select_related("digest__resolution__body", "dispatch")
    reached = Q(pk__in=[])
    for path in scope.party_paths:
        for prefix in _prefixes(path):
            reached |= Q(bodies__path=prefix)
    return qs.filter(_paths_q(scope.party_paths, "digest__resolution__body") | reached).distinct()


def _prefixes(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["".join(f"{p}/" for p in parts[: i + 1]) for i in range(len(parts))]


def campaign_get(*, viewer, pk: int) -> Campaign:
    return campaign_list(viewer=viewer).get(pk=pk)


def _scoped_deliveries(campaign: Campaign, viewer, *, dispatch_ids: list[int] | None = None):
    scope = viewer_scope(viewer)
    today = timezone.localdate()
    current = Q(person__party_memberships__valid_from__lte=today) & (
        Q(person__party_memberships__valid_to__isnull=True)
        | Q(person__party_memberships__valid_to__gt=today)
    )
    dispatches = campaign_dispatches(campaign) if dispatch_ids is None else dispatch_ids
    qs = Delivery.objects.filter(dispatch__in=dispatches)
    if not scope.party_paths:
        return qs.none()
    return qs.filter(
        current,
        _paths_q(scope.party_paths, "person__party_memberships__organization"),
    )


def campaign_scoped_deliveries(campaign: Campaign, viewer) -> QuerySet[Delivery]:
    """The deliveries of the campaign (message and reminders) to the current members of the
    bodies under the viewer's Party scope (none without one)."""
    return _scoped_deliveries(campaign, viewer)


def campaign_pending_members(campaign: Campaign, viewer) -> QuerySet[Person]:
    """The members the campaign's message reached, within the viewer's Party scope (a cell's
    secretary: her cell's, never another cell's), who have not acknowledged it yet — cell by
    cell (`cell_name`, `cell_path`: the member's current Party body), by name within a cell:
    a committee office following 200 members finds each cell's, and two namesakes are told
    apart by their cell (walk-through of 07/12/2026)."""
    if campaign.dispatch_id is None:
        return Person.objects.none()
    acknowledged = Delivery.objects.filter(
        dispatch__in=campaign_dispatches(campaign), acknowledged_at__isnull=False
    ).values("person_id")
    reached = _scoped_deliveries(campaign, viewer).filter(dispatch_id=campaign.dispatch_id)
    today = timezone.localdate()
    cell = (
        PartyMembership.objects.filter(person_id=OuterRef("pk"), valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
        .order_by("-valid_from", "-pk")
    )
    return (
        Person.objects.filter(pk__in=reached.values("person_id"))
        .exclude(pk__in=acknowledged)
        .annotate(
            cell_name=Subquery(cell.values("organization__name")[:1]),
            cell_path=Subquery(cell.values("organization__path")[:1]),
        )
        .order_by("cell_path", "full_name", "pk")
    )


def campaigns_reaching(*, viewer) -> QuerySet[Campaign]:
    """Sent campaigns that reached a body under the viewer's Party scope whose resolution the
    viewer does not manage (a cell's secretary following the committee's campaign); the ones
    she manages are on her resolutions' pages."""
    scope = viewer_scope(viewer)
    if not scope.party_paths:
        return Campaign.objects.none()
    return (
        campaign_list(viewer=viewer)
        .filter(dispatch__isnull=False)
        .exclude(_paths_q(scope.party_paths, "digest__resolution__body"))
        .order_by("-sent_at", "-pk")
    )


REMIND_AFTER_DAYS = 7  # as the campaign page's reminder form proposes


def campaigns_to_send(*, viewer) -> QuerySet[Campaign]:
    """Campaigns the viewer made but has not sent, of resolutions she still manages (the
    resolution's body's secretary, a committee office above it), oldest first."""
    return _covered(
        Campaign.objects.select_related("digest__resolution").filter(
            dispatch__isnull=True, created_by=viewer
        ),
        viewer,
        "digest__resolution__body",
    ).order_by("created_at", "pk")


def campaigns_sent_to_follow(*, viewer, now=None) -> list[tuple[Campaign, int]]:
    """The campaigns the viewer made and sent (of resolutions she still manages: `rules.
    follows_whole_campaign`), out for REMIND_AFTER_DAYS days or more, that members have not
    all acknowledged, each with how many have not — on her "Việc của tôi", leading to the
    campaign's page where she reminds them (walk-through of 06/12/2026, F7). Two queries."""
    cutoff = (now or timezone.now()) - timedelta(days=REMIND_AFTER_DAYS)
    campaigns = list(
        _covered(
            Campaign.objects.select_related("digest__resolution").filter(
                dispatch__isnull=False, sent_at__lte=cutoff, created_by=viewer
            ),
            viewer,
            "digest__resolution__body",
        ).order_by("-sent_at", "-pk")
    )
    if not campaigns:
        return []
    pending = dict(
        Delivery.objects.filter(dispatch_id__in=[c.dispatch_id for c in campaigns])
        .exclude(Exists(_acknowledged()))
        .values("dispatch_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("dispatch_id", "n")
        .order_by()
    )
    return [(c, pending[c.dispatch_id]) for c in campaigns if pending.get(c.dispatch_id)]


def _acknowledged():
    """Whether the delivery's person acknowledged its dispatch, or a reminder of it (an
    EXISTS over the outer delivery)."""
    return Delivery.objects.filter(
        Q(dispatch_id=OuterRef("dispatch_id"))
        | Q(
            dispatch__source_label__startswith=Concat(
                OuterRef("dispatch__source_label"), Value("#remind-")
            )
        ),
        person_id=OuterRef("person_id"),
        acknowledged_at__isnull=False,
    )


def campaigns_to_follow(*, viewer) -> list[tuple[Campaign, int]]:
    """The campaigns reaching the viewer's cells (`campaigns_reaching`) that members under her
    Party scope have not all acknowledged, each with how many have not — on her "Việc của tôi"
    (walk-through C1). Two queries whatever the number of campaigns."""
    campaigns = campaigns_reaching(viewer=viewer)
    scope = viewer_scope(viewer)
    today = timezone.localdate()
    acknowledged = _acknowledged()
    current = Q(person__party_memberships__valid_from__lte=today) & (
        Q(person__party_memberships__valid_to__isnull=True)
        | Q(person__party_memberships__valid_to__gt=today)
    )
    pending = dict(
        Delivery.objects.filter(
            current,
            _paths_q(scope.party_paths, "person__party_memberships__organization"),
            dispatch_id__in=campaigns.values("dispatch_id"),
        )
        .exclude(Exists(acknowledged))
        .values("dispatch_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("dispatch_id", "n")
        .order_by()
    )
    return [
        (c, pending[c.dispatch_id])
        for c in campaigns
        if c.dispatch_id is not None and pending.get(c.dispatch_id)
    ]


def campaign_progress(campaign: Campaign, viewer) -> dict | None:
    """The sending progress of the campaign's dispatch as the viewer may follow it (None
    before it is sent): every delivery for who sent it (`rules.follows_whole_campaign`);
    for anyone else — a cell's secretary whose cell it reached — only the deliveries to the
    current members of the bodies under their Party scope, never the whole Đảng bộ's counts.
    "scoped" says which."""
    dispatch = campaign.dispatch
    if dispatch is None:
        return None
    if rules.follows_whole_campaign(viewer, campaign):
        return {**dispatch_progress(dispatch), "scoped": False}
    mine = _scoped_deliveries(campaign, viewer).filter(dispatch_id=campaign.dispatch_id)
    # by id: a member joined twice through their memberships still counts once
    counted = deliveries_progress(Delivery.objects.filter(pk__in=mine.values("pk")))
    return {**counted, "scoped": True}


def acknowledgement_rates(campaign: Campaign, viewer) -> list[dict]:
    """Per cell (the member's current Party body): members reached, read, acknowledged and
    the rate — one grouped query (after the campaign's dispatch ids); only the cells under
    the viewer's Party scope (a cell's secretary their cell, a committee office its subtree)."""
    cell = "person__party_memberships__organization"
    # The dispatch ids first (one small query): as values, PostgreSQL knows how many
    # deliveries they hold and hash-joins them; behind a subquery it guessed a few dozen and
    # looped over each of a Đảng bộ's 12,000 (bench.api_lists: the query 80–150 → 25–50 ms).
    ids = list(campaign_dispatches(campaign).values_list("pk", flat=True))
    rows = (
        _scoped_deliveries(campaign, viewer, dispatch_ids=ids)
        .values(f"{cell}_id", f"{cell}__code", f"{cell}__name", f"{cell}__path")
        .annotate(
            members=Count("person_id", distinct=True),
            read=Count("person_id", distinct=True, filter=Q(read_at__isnull=False)),
            acknowledged=Count("person_id", distinct=True, filter=Q(acknowledged_at__isnull=False)),
        )
        .order_by(f"{cell}__path")
    )
    return [
        {
            "cell_id": r[f"{cell}_id"],
            "code": r[f"{cell}__code"],
            "name": r[f"{cell}__name"],
            "members": r["members"],
            "read": r["read"],
            "acknowledged": r["acknowledged"],
            "rate": round(100 * r["acknowledged"] / r["members"], 1) if r["members"] else 0.0,
        }
        for r in rows
    ]


def campaign_results(campaign: Campaign, viewer) -> list[dict]:
    """One row per member reached (within the viewer's scope): cell, membership data, first
    read and acknowledgement over every channel and reminder, and the answers."""
    cell = "person__party_memberships"
    rows = (
        _scoped_deliveries(campaign, viewer)
        .values(
            "person_id",
            "person__employee_code",
            "person__full_name",
            f"{cell}__organization__code",
            f"{cell}__joined_party_on",
            f"{cell}__role",
            f"{cell}__status",
        )
        .annotate(read_at=Min("read_at"), acknowledged_at=Min("acknowledged_at"))
        .order_by(f"{cell}__organization__path", "person__full_name", "person_id")
    )
    answers: dict[int, dict[int, str]] = {}
    for person_id, order, text in PointAnswer.objects.filter(campaign=campaign).values_list(
        "person_id", "point__order", "answer"
    ):
        answers.setdefault(person_id, {})[order] = text
    return [
        {
            "employee_code": r["person__employee_code"],
            "full_name": r["person__full_name"],
            "cell": r[f"{cell}__organization__code"],
            "joined_party_on": r[f"{cell}__joined_party_on"],
            "role": r[f"{cell}__role"],
            "status": r[f"{cell}__status"],
            "read_at": r["read_at"],
            "acknowledged_at": r["acknowledged_at"],
            "answers": answers.get(r["person_id"], {}),
        }
        for r in rows
    ]


def cells_of_viewer(*, viewer) -> QuerySet[PartyOrganization]:
    """Cells the viewer belongs to or covers (for the meetings pages)."""
    scope = viewer_scope(viewer)
    memberships = PartyMembership.objects.as_of(timezone.localdate()).filter(
        person_id=scope.person_id
    )
    q = Q(pk__in=memberships.values("organization_id")) | _path_prefix_q(scope.party_paths)
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


def person_of(user) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def campaign_sent_to(campaign: Campaign, person: Person) -> bool:
    return campaign.dispatch_id is not None and (
        Delivery.objects.filter(dispatch_id=campaign.dispatch_id, person=person).exists()
    )


def member_message(campaign: Campaign, person: Person) -> Delivery | None:
    """The member's own in-app message of the campaign (where she acknowledges it), if any."""
    if campaign.dispatch_id is None:
        return None
    return (
        Delivery.objects.filter(
            dispatch_id=campaign.dispatch_id, person=person, channel=Channel.IN_APP
        )
        .order_by("pk")
        .first()
    )


def answers_of(campaign: Campaign, person: Person) -> dict[int, str]:
    return dict(
        PointAnswer.objects.filter(campaign=campaign, person=person).values_list(
            "point_id", "answer"
        )
    )


# ------------------------------------------------------------------ work waiting ("Việc của tôi")
MEETING_LEAD_DAYS = 7  # a meeting is to prepare from a week before its date


def digests_to_approve(*, viewer) -> QuerySet[Digest]:
    """Draft digests of the resolutions the viewer manages (their body's secretary, a
    committee office above), oldest first. One query; none without a Party role."""
    if not viewer_scope(viewer).party_paths:
        return Digest.objects.none()
    return (
        Digest.objects.filter(
            status=DigestStatus.DRAFT,
            resolution__in=resolution_list(viewer=viewer).values("pk"),
        )
        .select_related("resolution")
        .order_by("created_at", "id")
    )


def campaigns_to_answer(*, person_id: int | None) -> QuerySet[Campaign]:
    """Campaigns sent to the person whose key points ask questions they have not all
    answered, each with `questions` and `answered`; oldest sending first. A question is
    optional (the answers page says so): once the person acknowledged the message, or a
    reminder of it, the campaign no longer waits for answers. One query."""
    if person_id is None:
        return Campaign.objects.none()
    asked = ~Q(digest__points__question="")
    acknowledged = Delivery.objects.filter(
        Q(dispatch_id=OuterRef("dispatch_id"))
        | Q(
            dispatch__source_label__startswith=Concat(
                OuterRef("dispatch__source_label"), Value("#remind-")
            )
        ),
        person_id=person_id,
        acknowledged_at__isnull=False,
    )
    return (
        Campaign.objects.filter(
            dispatch_id__in=Delivery.objects.filter(person_id=person_id).values("dispatch_id")
        )
        .exclude(Exists(acknowledged))
        .annotate(
            questions=Count("digest__points", filter=asked, distinct=True),
            answered=Count("answers", filter=Q(answers__person_id=person_id), distinct=True),
        )
        .filter(questions__gt=F("answered"))
        .select_related("digest__resolution")
        .order_by("sent_at", "id")
    )


def meetings_to_prepare(*, viewer, today: date | None = None) -> QuerySet[CellMeeting]:
    """Planned meetings of the cells the viewer is the secretary of, from a week before their
    date until they are recorded as held (a past date included), oldest first. One query."""
    today = today or timezone.localdate()
    return (
        CellMeeting.objects.filter(
            cell__in=cells_managed(viewer=viewer),
            status=MeetingStatus.PLANNED,
            held_on__lte=today + timedelta(days=MEETING_LEAD_DAYS),
        )
        .select_related("cell")
        .order_by("held_on", "id")
    )


def cells_without_meeting(*, viewer, today: date | None = None) -> QuerySet[PartyOrganization]:
    """Cells the viewer is the secretary of with no meeting dated this month (a cell meets
    every month: Điều lệ Đảng, chi bộ sinh hoạt thường lệ mỗi tháng một lần). One query."""
    today = today or timezone.localdate()
    month = CellMeeting.objects.filter(held_on__year=today.year, held_on__month=today.month)
    return cells_managed(viewer=viewer).exclude(pk__in=month.values("cell_id")).order_by("path")


def meetings_to_propose(
    *, viewer, person_id: int | None, today: date | None = None
) -> QuerySet[CellMeeting]:
    """Coming meetings of the person's cells, whose hard problem has no chosen solution yet
    and no solution proposed by them (not the cells they organise as secretary: that
    meeting is theirs to prepare). One query."""
    if person_id is None:
        return CellMeeting.objects.none()
    today = today or timezone.localdate()
    cells = PartyMembership.objects.as_of(today).filter(person_id=person_id)
    return (
        CellMeeting.objects.filter(
            cell_id__in=cells.values("organization_id"),
            status=MeetingStatus.PLANNED,
            chosen_solution__isnull=True,
            held_on__gte=today,
        )
        .exclude(cell__in=cells_managed(viewer=viewer))
        .exclude(proposals__author_id=person_id)
        .select_related("cell")
        .order_by("held_on", "id")
    )


def inspections_due(*, viewer, today: date | None = None) -> QuerySet[Inspection]:
    """Planned inspections and supervisions of bodies the viewer covers whose date has come
    and that are not recorded as done, oldest first. One query; none without a Party role."""
    if not viewer_scope(viewer).party_paths:
        return Inspection.objects.none()
    return (
        inspection_list(viewer=viewer)
        .filter(status=InspectionStatus.PLANNED, planned_on__lte=today or timezone.localdate())
        .order_by("planned_on", "id")
    )
