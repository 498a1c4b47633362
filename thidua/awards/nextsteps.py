"""Awards work waiting for a person ("Việc của tôi", section "todo").

Keys:
- the emulation office: "awards.check" (submitted proposals to check), "awards.council"
  (checked proposals to put before the council), "awards.decide" (approved proposals in no
  decision yet), "awards.sign:<decision>" (a draft decision whose number and date from the
  document register are to be recorded), "awards.round:<year>" (the year's ratings are final
  and its commendation round is not started) and "awards.round:<year>:<step>" (the step of
  the round waiting: to run, to confirm, to run again, or the proposals to create);
- the office also: "awards.count:<session>" (open secret ballots of an open session that
  enough members have voted in to be counted);
- a council member: "awards.ballot:<ballot>" (an open secret ballot they have not voted in);
- a unit head or leader: "awards.returned" (proposals returned to a unit of theirs);
- a unit head: "awards.round_ratings:<year>:<unit>" (a started round whose ratings step is
  not confirmed, and people of the unit they head still without a final rating for the
  year; raised as a notification when the round starts — services.round.round_start).

The office's queues (check, council, decide, sign) wait for its officers
(emulation.rules.has_office_duty), not for the leadership or administrators who may also do
that work (rules.is_emulation_office): having the right is not the work waiting for you.
"""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thidua.core.nextsteps import TODO, NextStep, moment
from thidua.emulation.rules import has_office_duty

from .choices import ProposalStatus, RoundStep
from .selectors import work
from .selectors.round_heads import (
    MissingRatings,
    ratings_missing_by_head,
    rounds_waiting_for_ratings,
)

PRIORITY = 10


def _todo(title: str, url: str, *, key: str, count: int = 1, since=None, detail: str = ""):
    return NextStep(
        title,
        url,
        detail=detail,
        priority=PRIORITY,
        section=TODO,
        key=key,
        count=count,
        since=moment(since) if since is not None else None,
    )


def _office_steps() -> list[NextStep]:
    steps = []
    queues = work.office_proposal_queues()
    row = queues.get(ProposalStatus.SUBMITTED)
    if row:
        steps.append(
            _todo(
                ngettext("%(n)d proposal to check", "%(n)d proposals to check", row["n"])
                % {"n": row["n"]},
                reverse("awards:proposal_list") + f"?status={ProposalStatus.SUBMITTED}",
                key="awards.check",
                count=row["n"],
                since=row["received"] or row["first"],
            )
        )
    row = queues.get(ProposalStatus.CHECKED)
    if row:
        steps.append(
            _todo(
                ngettext(
                    "%(n)d checked proposal to put before the council",
                    "%(n)d checked proposals to put before the council",
                    row["n"],
                )
                % {"n": row["n"]},
                reverse("awards:session_list"),
                key="awards.council",
                count=row["n"],
                since=row["first"],
            )
        )
    row = queues.get(ProposalStatus.APPROVED)
    if row:
        steps.append(
            _todo(
                ngettext(
                    "%(n)d approved proposal to put in a decision",
                    "%(n)d approved proposals to put in a decision",
                    row["n"],
                )
                % {"n": row["n"]},
                reverse("awards:decision_new"),
                key="awards.decide",
                count=row["n"],
                since=row["first"],
            )
        )
    for row in work.ballots_to_count():
        steps.append(
            _todo(
                ngettext(
                    "%(n)d secret ballot can be counted: %(session)s",
                    "%(n)d secret ballots can be counted: %(session)s",
                    row["n"],
                )
                % {"n": row["n"], "session": row["session"]},
                reverse("awards:session_detail", args=[row["session"].pk]),
                key=f"awards.count:{row['session'].pk}",
                count=row["n"],
                since=row["first"],
                detail=_("enough members have voted for the quorum"),
            )
        )
    for decision in work.unsigned_decisions():
        n = decision.n_proposals  # type: ignore[attr-defined]
        steps.append(
            _todo(
                _("Record the number and date of the signed decision: %(summary)s")
                % {"summary": decision.summary},
                reverse("awards:decision_detail", args=[decision.pk]),
                key=f"awards.sign:{decision.pk}",
                count=max(n, 1),
                since=decision.created_at,
                detail=ngettext("%(n)d proposal", "%(n)d proposals", n) % {"n": n},
            )
        )
    return steps


def _round_step(item: work.RoundWork) -> NextStep:
    step = str(RoundStep(item.step).label)
    if item.action == "start":
        return _todo(
            _("Start the %(year)s commendation round") % {"year": item.year},
            reverse("awards:round_list"),
            key=f"awards.round:{item.year}",
            since=item.since,
        )
    titles = {
        "run": _("%(year)s commendation round: run the step “%(step)s”"),
        "confirm": _("%(year)s commendation round: check and confirm the step “%(step)s”"),
        "failed": _("%(year)s commendation round: the step “%(step)s” stopped with a problem"),
        "propose": _("%(year)s commendation round: create the proposals"),
    }
    return _todo(
        titles[item.action] % {"year": item.year, "step": step},
        reverse("awards:round_detail", args=[item.year]),
        key=f"awards.round:{item.year}:{item.step}",
        since=item.since,
    )


def round_ratings_step(item: MissingRatings) -> NextStep:
    """A head's people without a final rating for a started round, linked to the head's
    sheet of the unit for the year, where they rate them."""
    from thidua.org.unit_labels import unit_label

    return _todo(
        ngettext(
            "The %(year)s commendation round has started: %(n)d person in %(unit)s has no "
            "final rating yet",
            "The %(year)s commendation round has started: %(n)d people in %(unit)s have no "
            "final rating yet",
            item.count,
        )
        % {"year": item.year, "n": item.count, "unit": unit_label(item.unit)},
        reverse("emulation:rating_unit", args=[item.unit.pk, item.year]),
        key=f"awards.round_ratings:{item.year}:{item.unit.pk}",
        count=item.count,
        since=item.since,
        detail=_("rate them so the round counts them"),
    )


def _round_ratings_steps(user) -> list[NextStep]:
    return [
        round_ratings_step(item)
        for round_ in rounds_waiting_for_ratings()
        for item in ratings_missing_by_head(round_=round_, user_id=user.pk)
    ]


def _award_step(award) -> NextStep:
    """One's own new award, first among what one can do next: its entry in the registry."""
    query = urlencode({"year": award.year, "code": award.code, "unit": award.person.unit_id})
    return NextStep(
        title=_("You are awarded %(title)s for %(year)s")
        % {
            "title": award.get_code_display(),
            "year": award.year,
        },
        url=f"{reverse('awards:registry_list')}?{query}",
        detail=_("decision no. %(number)s of %(date)s")
        % {"number": award.decision_number, "date": f"{award.decision_date:%d/%m/%Y}"},
        priority=5,
    )


def awards_next_steps(user) -> list[NextStep]:
    if not user.is_authenticated:
        return []
    steps = []
    if has_office_duty(user):  # the round is the office's work, like its queues
        steps += _office_steps() + [_round_step(item) for item in work.round_work()]
    for ballot in work.ballots_to_cast(viewer=user):
        steps.append(
            _todo(
                _("Vote in the secret ballot: %(proposal)s") % {"proposal": ballot.proposal},
                reverse("awards:ballot_vote", args=[ballot.pk]),
                key=f"awards.ballot:{ballot.pk}",
                since=ballot.created_at,
            )
        )
    steps += _round_ratings_steps(user)
    drafts = work.drafts_to_send(viewer=user)
    if drafts["n"]:
        steps.append(
            _todo(
                ngettext(
                    "%(n)d draft commendation proposal of your unit waits to be sent",
                    "%(n)d draft commendation proposals of your units wait to be sent",
                    drafts["n"],
                )
                % {"n": drafts["n"]},
                reverse("awards:proposal_list") + f"?status={ProposalStatus.DRAFT}",
                key="awards.drafts",
                count=drafts["n"],
                since=drafts["first"],
                detail=_("check each dossier and send it to the emulation & commendation office"),
            )
        )
    steps += [_award_step(award) for award in work.recent_awards(viewer=user)]
    returned = work.returned_proposals(viewer=user)
    if returned["n"]:
        steps.append(
            _todo(
                ngettext(
                    "%(n)d proposal returned to your unit for completion",
                    "%(n)d proposals returned to your unit for completion",
                    returned["n"],
                )
                % {"n": returned["n"]},
                reverse("awards:proposal_list") + f"?status={ProposalStatus.RETURNED}",
                key="awards.returned",
                count=returned["n"],
                since=returned["first"],
            )
        )
    return steps
