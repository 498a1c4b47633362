"""Party work waiting for a person ("Việc của tôi", section "todo").

Keys:
- "party.digest:<digest>": key points to check and approve (the body's secretary, a
  committee office above it — whoever manages the resolution);
- "party.answers:<campaign>": questions of a digest sent to the member, not all answered,
  until the member acknowledges the message (the questions are optional);
- "party.send:<campaign>": a campaign made but not sent, of a resolution the person manages;
- "party.follow_own:<campaign>": a campaign the person sent, a week on (the reminder's
  default), that members have not all acknowledged;
- "party.follow:<campaign>": a campaign from a body above that reached the secretary's cell,
  some of her members not having acknowledged it (their names and the reminder on its page);
- "party.meeting:<meeting>": a planned meeting of the secretary's cell, from a week before
  its date until it is recorded as held;
- "party.meeting_plan:<cell>:<yyyy-mm>": the secretary's cell has no meeting this month;
- "party.meeting_propose:<meeting>": a coming meeting of the member's cell whose hard
  problem awaits their proposed solution;
- "party.inspection:<inspection>": a planned inspection or supervision whose date has come,
  to record as done on its own page (whoever covers the inspecting body).

Reading and acknowledging the digest itself is the message's work: messaging's provider
gives it ("messaging.acknowledge:<dispatch>"), once, for every message sent in the app.
A classified resolution's title is never put in an item (items go out by e-mail too)."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.core.nextsteps import TODO, NextStep, moment
from thidua.org.rules import viewer_scope

from . import selectors
from .models import Resolution

PRIORITY = 10


def _todo(title: str, url: str, *, key: str, since, count: int = 1, detail: str = ""):
    return NextStep(
        title,
        url,
        detail=detail,
        priority=PRIORITY,
        section=TODO,
        key=key,
        count=count,
        since=moment(since),
    )


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _resolution_title(resolution: Resolution) -> str:
    return "" if resolution.is_classified else str(resolution)


def party_next_steps(user) -> list[NextStep]:
    if not user.is_authenticated:
        return []
    scope = viewer_scope(user)
    today = timezone.localdate()
    steps = []
    for digest in selectors.digests_to_approve(viewer=user):
        title = _resolution_title(digest.resolution)
        steps.append(
            _todo(
                _("Check and approve the key points of the resolution: %(title)s")
                % {"title": title}
                if title
                else _("Check and approve the key points of a classified resolution"),
                reverse("party:resolution", args=[digest.resolution_id]),
                key=f"party.digest:{digest.pk}",
                since=digest.created_at,
            )
        )
    for campaign in selectors.campaigns_to_answer(person_id=scope.person_id):
        n = campaign.questions - campaign.answered  # type: ignore[attr-defined]
        title = _resolution_title(campaign.digest.resolution)
        text = (
            ngettext(
                "%(n)d question to answer on the resolution: %(title)s",
                "%(n)d questions to answer on the resolution: %(title)s",
                n,
            )
            if title
            else ngettext(
                "%(n)d question to answer on a classified resolution",
                "%(n)d questions to answer on a classified resolution",
                n,
            )
        )
        steps.append(
            _todo(
                text % {"n": n, "title": title},
                reverse("party:campaign_answers", args=[campaign.pk]),
                key=f"party.answers:{campaign.pk}",
                count=n,
                since=campaign.sent_at or campaign.created_at,
            )
        )
    steps += _own_campaign_steps(user)
    steps += _follow_steps(user)
    steps += _meeting_steps(user, scope.person_id, today)
    for inspection in selectors.inspections_due(viewer=user, today=today):
        steps.append(
            _todo(
                _("Record the findings: %(inspection)s (planned on %(date)s)")
                % {"inspection": inspection, "date": _day(inspection.planned_on)},
                reverse("party:inspection", args=[inspection.pk]) + "#record",
                key=f"party.inspection:{inspection.pk}",
                since=inspection.planned_on,
            )
        )
    return steps


def _meeting_steps(user, person_id: int | None, today: date) -> list[NextStep]:
    steps = []
    for meeting in selectors.meetings_to_prepare(viewer=user, today=today):
        words = {"cell": meeting.cell.name, "date": _day(meeting.held_on)}
        lead = moment(meeting.held_on - timedelta(days=selectors.MEETING_LEAD_DAYS))
        steps.append(
            _todo(
                _("Record the meeting of %(cell)s held on %(date)s") % words
                if meeting.held_on < today
                else _("Prepare the meeting of %(cell)s on %(date)s") % words,
                reverse("party:meeting", args=[meeting.pk]),
                key=f"party.meeting:{meeting.pk}",
                since=max(meeting.created_at, lead),
            )
        )
    for cell in selectors.cells_without_meeting(viewer=user, today=today):
        steps.append(
            _todo(
                _("Plan this month's meeting of %(cell)s") % {"cell": cell.name},
                reverse("party:meetings"),
                key=f"party.meeting_plan:{cell.pk}:{today:%Y-%m}",
                since=today.replace(day=1),
            )
        )
    for meeting in selectors.meetings_to_propose(viewer=user, person_id=person_id, today=today):
        steps.append(
            _todo(
                _("Propose a solution to the hard problem of the meeting of %(cell)s on %(date)s")
                % {"cell": meeting.cell.name, "date": _day(meeting.held_on)},
                reverse("party:meeting", args=[meeting.pk]),
                key=f"party.meeting_propose:{meeting.pk}",
                since=meeting.created_at,
            )
        )
    return steps


def _own_campaign_steps(user) -> list[NextStep]:
    """The sender's: a campaign made but not sent, and a sent one that members have not all
    acknowledged a week on (the reminder on its page)."""
    steps = []
    for campaign in selectors.campaigns_to_send(viewer=user):
        title = _resolution_title(campaign.digest.resolution)
        steps.append(
            _todo(
                _("Check the figures and send the campaign: %(title)s") % {"title": title}
                if title
                else _("Check the figures and send the campaign of a classified resolution"),
                reverse("party:campaign", args=[campaign.pk]),
                key=f"party.send:{campaign.pk}",
                since=campaign.created_at,
            )
        )
    for campaign, pending in selectors.campaigns_sent_to_follow(viewer=user):
        title = _resolution_title(campaign.digest.resolution)
        text = (
            ngettext(
                "%(n)d member has not acknowledged your campaign a week on: %(title)s",
                "%(n)d members have not acknowledged your campaign a week on: %(title)s",
                pending,
            )
            if title
            else ngettext(
                "%(n)d member has not acknowledged your campaign of a classified resolution a "
                "week on",
                "%(n)d members have not acknowledged your campaign of a classified resolution a "
                "week on",
                pending,
            )
        )
        steps.append(
            _todo(
                text % {"n": pending, "title": title},
                reverse("party:campaign", args=[campaign.pk]),
                key=f"party.follow_own:{campaign.pk}",
                count=pending,
                since=campaign.sent_at,
                detail=_("remind them on the campaign's page"),
            )
        )
    return steps


def _follow_steps(user) -> list[NextStep]:
    steps = []
    for campaign, pending in selectors.campaigns_to_follow(viewer=user):
        title = _resolution_title(campaign.digest.resolution)
        text = (
            ngettext(
                "%(n)d member of your cell has not acknowledged the resolution: %(title)s",
                "%(n)d members of your cell have not acknowledged the resolution: %(title)s",
                pending,
            )
            if title
            else ngettext(
                "%(n)d member of your cell has not acknowledged a classified resolution",
                "%(n)d members of your cell have not acknowledged a classified resolution",
                pending,
            )
        )
        steps.append(
            _todo(
                text % {"n": pending, "title": title},
                reverse("party:campaign", args=[campaign.pk]),
                key=f"party.follow:{campaign.pk}",
                count=pending,
                since=campaign.sent_at or campaign.created_at,
            )
        )
    return steps
