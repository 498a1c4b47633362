"""Cycle time of Party campaigns' acknowledgements (thidua.goals.cycle_time): from the moment a
campaign is sent to each member's acknowledgement of it (quán triệt), over the campaign's
message and its reminders; open while the member has not acknowledged it.

Party data, kept apart from the state (issue 10): items are grouped by the Party body tree —
the member's body on the day the campaign was sent (their latest one if they had none that
day) — and counted only by those holding a Party role over the body (`Scope.party_paths`,
as `rules.covers_party_body` decides): the committee office its Đảng bộ, a cell's secretary
her cell. A ministry-wide state role (minister, emulation office, administrator) or a unit
head gets no reach by it. A slowest item names the campaign, never the member, and is listed
only to a viewer who may open the campaign's page (`selectors.campaign_list`). The slowest
lists give each campaign once (`slowest_by`), with how many members within the viewer's
bodies acknowledged it this month (and the slowest of them) or have not yet (and how long
they have waited), and the Party body when they all belong to one.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import (
    BigIntegerField,
    Case,
    DateField,
    DateTimeField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from thidua.goals.cycle_time import CycleKind, Opened, ViewerReach, register
from thidua.messaging.models import Delivery, Dispatch
from thidua.org.audit_scope import paths_q
from thidua.org.models import PartyMembership, PartyOrganization
from thidua.org.rules import viewer_scope

from .models import Campaign
from .selectors import campaign_list

KIND = "party.acknowledgement"


def _body_path(*, on_day: bool) -> Subquery:
    """The path of the delivery's member's Party body on the day the campaign was sent
    (`on_day`), or of their latest membership."""
    memberships = PartyMembership.objects.filter(person_id=OuterRef("person_id"))
    if on_day:
        memberships = memberships.filter(valid_from__lte=OuterRef("c_day")).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("c_day"))
        )
    return Subquery(memberships.order_by("-valid_from", "-pk").values("organization__path")[:1])


REMINDER = "#remind-"  # a reminder's source: its campaign message's, then "#remind-…"


def _campaign_messages() -> tuple[dict[int, datetime], dict[int, list[int]]]:
    """The sent campaigns' messages (dispatch id → when the campaign was sent; a message
    sent by two campaigns counts from the later) and each one's reminders (dispatch id →
    the reminders' dispatch ids). Two short queries."""
    sent, by_label = {}, {}
    campaigns = (
        Campaign.objects.filter(dispatch__isnull=False, sent_at__isnull=False)
        .order_by("pk")
        .values_list("dispatch_id", "sent_at", "dispatch__source_label")
    )
    for dispatch_id, sent_at, label in campaigns:
        sent[dispatch_id] = sent_at
        by_label[label] = dispatch_id
    reminders: dict[int, list[int]] = {}
    followups = Dispatch.objects.filter(source_label__contains=REMINDER).values_list(
        "pk", "source_label"
    )
    for pk, label in followups:
        root = by_label.get(label.split(REMINDER, 1)[0])
        if root is not None:
            reminders.setdefault(root, []).append(pk)
    return sent, reminders


def acknowledgements() -> QuerySet[Delivery]:
    """One row per sent campaign and member reached (the member's first delivery of the
    campaign's message, whatever the channels): sent_at → the first acknowledgement over the
    message and its reminders (null while none), at the member's Party body path.

    The campaigns and their reminders are read first, so the database starts from the
    campaigns' deliveries by their index and each row's start and reminders are constants,
    not subqueries run again for every row."""
    sent, reminders = _campaign_messages()
    first = (
        Delivery.objects.filter(
            dispatch_id=OuterRef("dispatch_id"), person_id=OuterRef("person_id")
        )
        .order_by("pk")
        .values("pk")[:1]
    )
    answers = Delivery.objects.filter(
        person_id=OuterRef("person_id"), acknowledged_at__isnull=False
    )
    if reminders:
        message = Case(
            *[When(dispatch_id__in=ids, then=Value(root)) for root, ids in reminders.items()],
            default=F("dispatch_id"),
            output_field=BigIntegerField(),
        )
        answers = answers.annotate(c_message=message).filter(c_message=OuterRef("dispatch_id"))
    else:
        answers = answers.filter(dispatch_id=OuterRef("dispatch_id"))
    acknowledged = answers.order_by("acknowledged_at").values("acknowledged_at")[:1]
    start = Case(
        *[When(dispatch_id=dispatch, then=Value(moment)) for dispatch, moment in sent.items()],
        default=Value(None),
        output_field=DateTimeField(),
    )
    return (
        Delivery.objects.filter(dispatch_id__in=list(sent))
        .filter(pk=Subquery(first))
        .annotate(c_start=start, c_end=Subquery(acknowledged, output_field=DateTimeField()))
        .annotate(c_day=TruncDate("c_start", output_field=DateField()))
        .annotate(c_path=Coalesce(_body_path(on_day=True), _body_path(on_day=False)))
        .filter(c_path__isnull=False)
    )


def members_under(paths: Iterable[str]) -> Q:
    """Deliveries to people who are or were members of a body under `paths`: every item
    whose c_path lies there is one (both of its paths are the person's memberships), so
    the live figures of a cell start from its few members."""
    bodies = paths_q("organization__path", paths)
    return Q(person_id__in=PartyMembership.objects.filter(bodies).values("person_id"))


def reach(viewer) -> ViewerReach:
    """The bodies under the viewer's Party roles (the committee office: its Đảng bộ; a
    cell's secretary: her cell); nothing for anyone else — a ministry-wide state role or a
    unit head included, not even the ministry's figures."""
    if not viewer.is_authenticated:
        return ViewerReach()
    paths = viewer_scope(viewer).party_paths
    if paths and not PartyOrganization.objects.exclude(paths_q("path", paths)).exists():
        # her bodies hold every body there is or was (the committee office of the only
        # Đảng bộ): the whole Party's figures, as the nightly summary stores them
        return ViewerReach(everything=True)
    return ViewerReach(paths=paths)


def opened(viewer, ids: list[int]) -> dict[int, Opened]:
    """The items whose campaign the viewer may open, titled by the campaign and the member's
    body (never the member)."""
    rows = list(acknowledgements().filter(pk__in=ids).values_list("pk", "dispatch_id", "c_path"))
    if not rows:
        return {}
    dispatch_ids = {dispatch_id for _pk, dispatch_id, _path in rows}
    campaigns = {
        c.dispatch_id: c for c in campaign_list(viewer=viewer).filter(dispatch_id__in=dispatch_ids)
    }
    names = body_names(path for _pk, _dispatch, path in rows)
    found = {}
    for pk, dispatch_id, path in rows:
        campaign = campaigns.get(dispatch_id)
        if campaign is not None:
            url = reverse("party:campaign", args=[campaign.pk])
            found[pk] = Opened(str(campaign), url, names.get(path, ""))
    return found


def body_names(paths) -> dict[str, str]:
    return dict(PartyOrganization.objects.filter(path__in=list(paths)).values_list("path", "name"))


def top_body_paths() -> list[str]:
    """The current Party bodies right under a top body (the nightly summary's groups)."""
    return list(
        PartyOrganization.objects.filter(depth=1, valid_to__isnull=True)
        .order_by("path")
        .values_list("path", flat=True)
    )


def member_count_words(count: int, still_open: bool) -> str:
    """A campaign's line in the slowest lists: how many members it stands for."""
    if still_open:
        return ngettext(
            "%(n)d member not acknowledged yet", "%(n)d members not acknowledged yet", count
        ) % {"n": count}
    return ngettext(
        "%(n)d member acknowledged this month", "%(n)d members acknowledged this month", count
    ) % {"n": count}


def register_party_kinds() -> None:
    register(
        CycleKind(
            key=KIND,
            label=_("Party campaigns' acknowledgements (sent → acknowledged)"),
            order=60,
            items=acknowledgements,
            reach=reach,
            opened=opened,
            group_names=body_names,
            top_paths=top_body_paths,
            unit_tree=False,
            group_label=_("Party body"),
            groups_caption=_("By Party body, this month"),
            narrow=members_under,
            slowest_by="dispatch_id",  # a campaign once, not once a member
            count_words=member_count_words,
        )
    )
