"""Writes for award proposals: the engine's verdict, a draft proposal, submission (judged
again on the day it is received), the office's override and check.

Every state change records an audit event on its target; one achievement, one award
(law.py ONE_ACHIEVEMENT) is checked at creation and again at submission.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import audit_change, audit_record, snapshot
from thidua.core.transitions import Flow, transition
from thidua.org.models import Person, Unit

from .. import law_settings  # noqa: F401  (declares the awards.* settings)
from ..choices import AwardCode, AwardsAudit, ProposalStatus
from ..eligibility import HistoryError, evaluate
from ..history import history_for
from ..law import COLLECTIVE_TITLES, FORMS, INDIVIDUAL_TITLES
from ..models import Proposal, RoundVerdict
from ..rules import (
    can_propose,
    heads_proposing_unit,
    heads_unit,
    is_emulation_office,
    require_office,
    unit_of_subject,
)
from ..selectors import council as selectors
from ..selectors.settings import eligibility_settings, settings_note

EDITABLE = (ProposalStatus.DRAFT, ProposalStatus.RETURNED)
# Every step a proposal takes, and the audit event that records it (from and to included).
PROPOSAL_FLOW = Flow(
    "awards.Proposal",
    {
        (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED): AwardsAudit.PROPOSAL_SUBMITTED,
        (ProposalStatus.RETURNED, ProposalStatus.SUBMITTED): AwardsAudit.PROPOSAL_SUBMITTED,
        (ProposalStatus.SUBMITTED, ProposalStatus.RETURNED): AwardsAudit.PROPOSAL_RETURNED,
        (ProposalStatus.SUBMITTED, ProposalStatus.CHECKED): AwardsAudit.PROPOSAL_CHECKED,
        (ProposalStatus.CHECKED, ProposalStatus.IN_COUNCIL): AwardsAudit.PROPOSAL_IN_COUNCIL,
        (ProposalStatus.IN_COUNCIL, ProposalStatus.APPROVED): AwardsAudit.PROPOSAL_APPROVED,
        (ProposalStatus.IN_COUNCIL, ProposalStatus.REJECTED): AwardsAudit.PROPOSAL_REJECTED,
        # a session closed without deciding it: back to the office for a later session
        (ProposalStatus.IN_COUNCIL, ProposalStatus.CHECKED): AwardsAudit.PROPOSAL_DEFERRED,
        (ProposalStatus.APPROVED, ProposalStatus.DECIDED): AwardsAudit.PROPOSAL_DECIDED,
    },
    record_from_to=True,
)


# ---------------------------------------------------------------- verdicts
def verdict_for(
    *,
    code: str,
    year: int,
    person: Person | None = None,
    unit: Unit | None = None,
    received_on: date | None = None,
) -> dict:
    """The engine's verdict for one title or form, from the subject's history."""
    received_on = received_on or timezone.localdate()
    subject = person if person is not None else cast(Unit, unit)
    history = history_for(subject, year, on=received_on)
    try:
        verdicts = evaluate(
            history,
            year=year,
            received_on=received_on,
            settings=eligibility_settings(on=received_on),
        )
    except HistoryError as exc:
        messages = "; ".join(p.message for p in exc.problems)
        return {
            "code": code,
            "eligible": False,
            "basis": "",
            "confidence": "",
            "rule_version": "",
            "reasons": [f"✗ {messages}"],
            "received_on": received_on.isoformat(),
        }
    verdict = next((v for v in verdicts if v.code == code), None)
    if verdict is None:
        raise ValidationError({"code": _("This title or form is not given to this subject.")})
    data = verdict.to_dict()
    data["received_on"] = received_on.isoformat()
    data["settings_note"] = settings_note(on=received_on)
    return data


def _check_subject(*, code: str, person: Person | None, unit: Unit | None) -> None:
    if (person is None) == (unit is None):
        raise ValidationError(_("Propose either a person or a collective."))
    allowed = (INDIVIDUAL_TITLES if person is not None else COLLECTIVE_TITLES) + FORMS
    if code not in allowed:
        raise ValidationError({"code": _("This title or form is not given to this subject.")})


def _refuse_pending_case(person: Person | None) -> None:
    if person is None:
        return
    cases = selectors.open_pending_cases(person)
    if cases:
        case = cases[0]
        raise ValidationError(
            _(
                "%(name)s has a case being handled (%(kind)s, opened on %(opened)s): no "
                "proposal while it is open (Decree 98/2023, art. 4)."
            )
            % {
                "name": person.full_name,
                "kind": case.kind,
                "opened": case.opened_on.strftime("%d/%m/%Y"),
            }
        )


# ---------------------------------------------------------------- proposals
def proposal_preview(
    *, actor, code: str, year: int, person: Person | None = None, unit: Unit | None = None
) -> dict:
    """The verdict a proposal would carry, shown before it is saved."""
    _check_subject(code=code, person=person, unit=unit)
    if not can_propose(actor, person=person, unit=unit):
        raise PermissionDenied(_("You may propose only people and collectives of your units."))
    _refuse_pending_case(person)
    return verdict_for(code=code, year=year, person=person, unit=unit)


def _subject_name(*, person: Person | None, unit: Unit | None) -> str:
    return person.full_name if person is not None else cast(Unit, unit).name


def _same_achievement_refusal(*, person, unit, code: str, year: int, others: list[dict]) -> str:
    return _(
        "One achievement, one award (Decree 98/2023, art. 4): for %(year)s, %(name)s "
        "already has %(others)s. Proposing %(form)s for the same achievement needs an "
        "override with a written reason."
    ) % {
        "year": year,
        "name": _subject_name(person=person, unit=unit),
        "others": "; ".join(selectors.describe_other(row) for row in others),
        "form": dict(AwardCode.choices).get(code, code),
    }


def _refuse_override_by_head(*, actor, name: str, form: str) -> None:
    """Overriding a verdict the engine found not eligible is the office's (proposal_override);
    a head's reason cannot stand in for it."""
    if not is_emulation_office(actor):
        raise PermissionDenied(
            _(
                "%(name)s: the engine found %(form)s not eligible; only the emulation & "
                "commendation office may propose it with an override."
            )
            % {"name": name, "form": form}
        )


@transaction.atomic
def proposal_create(
    *,
    actor,
    code: str,
    year: int,
    person: Person | None = None,
    unit: Unit | None = None,
    proposing_unit: Unit | None = None,
    achievements: str = "",
    received_on: date | None = None,
    override_reason: str = "",
) -> Proposal:
    """A draft proposal with the engine's verdict attached.

    One achievement, one award (law.py ONE_ACHIEVEMENT): a form of the same-achievement
    group (Giấy khen, Bằng khen cấp Bộ, Bằng khen Thủ tướng by default) for a subject and
    year that already has a live proposal or a granted award of another form of the group
    is refused, naming them, unless `override_reason` is given; the reason is then recorded
    as the proposal's override and in its audit event."""
    _check_subject(code=code, person=person, unit=unit)
    if not can_propose(actor, person=person, unit=unit):
        raise PermissionDenied(_("You may propose only people and collectives of your units."))
    _refuse_pending_case(person)
    subject_unit = unit_of_subject(person=person, unit=unit)
    proposing_unit = proposing_unit or subject_unit
    if not subject_unit.path.startswith(proposing_unit.path) or not (
        is_emulation_office(actor) or heads_unit(actor, proposing_unit)
    ):
        raise PermissionDenied(_("You may propose only people and collectives of your units."))
    verdict = verdict_for(code=code, year=year, person=person, unit=unit, received_on=received_on)
    override_reason = (override_reason or "").strip()
    # Lock the subject so two proposals for the same achievement cannot pass each other.
    model = Person if person is not None else Unit
    subject = cast(Person | Unit, person if person is not None else unit)
    list(model.objects.select_for_update().filter(pk=subject.pk).values_list("pk"))
    others = selectors.same_achievement_others(
        year=year, code=code, person=person, unit=unit, on=received_on or timezone.localdate()
    )
    if others and not override_reason:
        raise ValidationError(
            _same_achievement_refusal(person=person, unit=unit, code=code, year=year, others=others)
        )
    override = bool(others)
    if override and not verdict.get("eligible"):
        _refuse_override_by_head(
            actor=actor,
            name=_subject_name(person=person, unit=unit),
            form=dict(AwardCode.choices).get(code, code),
        )
    user = actor if getattr(actor, "is_authenticated", False) else None
    proposal = Proposal.objects.create(
        proposing_unit=proposing_unit,
        person=person,
        unit=unit,
        code=code,
        year=year,
        achievements=achievements,
        verdict=verdict,
        created_by=user,
        override=override,
        override_reason=override_reason if override else "",
        override_by=user if override else None,
    )
    extra: dict[str, Any] = {}
    if override:
        extra = {
            "override_reason": override_reason,
            "same_achievement": [selectors.describe_other(row) for row in others],
            "same_achievement_ids": [[row["kind"], row["pk"]] for row in others],
        }
    audit_record(
        actor=actor,
        action=AwardsAudit.PROPOSAL_CREATED,
        target=proposal,
        code=code,
        year=year,
        eligible=verdict["eligible"],
        **extra,
    )
    return proposal


def _locked(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("person", "unit")
        .get(pk=proposal.pk)
    )


def verdict_overridden(proposal: Proposal) -> bool:
    """Whether the proposal's override covers a verdict the engine found not eligible: only
    the office's does (proposal_override, or a proposal the office made with a reason); a
    head's reason for a second form of the same achievement does not."""
    return bool(proposal.override) and (
        proposal.override_by is not None and is_emulation_office(proposal.override_by)
    )


@transaction.atomic
def proposal_submit(
    *, actor, proposal: Proposal, override_reason: str = "", received_on: date | None = None
) -> Proposal:
    """The unit sends the dossier: the verdict is judged again on the day it is received —
    except a proposal made from the yearly round, which keeps the round's verdict and receipt
    date (the round judged it with the same round's facts, which a proposal judged alone
    lacks: the members' titles of the round, the CSTĐCS kept within the cap).

    One achievement, one award is checked again: an award of another form of the group
    granted for the same subject and year since the draft was made (or a live proposal made
    before this one) needs an override with a written reason, as at creation.

    `received_on` records a paper dossier received earlier (entering a past year's files):
    never in the future, never before the year's end; judged as of that day."""
    proposal = _locked(proposal)
    if not can_propose(actor, person=proposal.person, unit=proposal.unit):
        raise PermissionDenied
    if proposal.status not in EDITABLE:
        raise ValidationError(_("Only a draft or returned proposal can be submitted."))
    _refuse_pending_case(proposal.person)
    today = _receipt_day(proposal, received_on)
    override_reason = (override_reason or "").strip()
    others = [] if proposal.override else _same_achievement_at_sending(proposal, today=today)
    if others and not override_reason:
        raise ValidationError(
            _same_achievement_refusal(
                person=proposal.person,
                unit=proposal.unit,
                code=proposal.code,
                year=proposal.year,
                others=others,
            )
        )
    fields = ["received_on", "updated_at"]
    round_received = _round_received_on(proposal)
    if round_received is not None:
        # a round's proposal keeps the verdict the round judged with its own facts (this
        # round's titles) on its receipt date: judged alone today, it would lose them
        proposal.received_on = round_received
    else:
        proposal.received_on = today
        proposal.verdict = verdict_for(
            code=proposal.code,
            year=proposal.year,
            person=proposal.person,
            unit=proposal.unit,
            received_on=today,
        )
        fields.append("verdict")
    extra: dict[str, Any] = {}
    if others:
        user = actor if getattr(actor, "is_authenticated", False) else None
        proposal.override, proposal.override_reason, proposal.override_by = (
            True,
            override_reason,
            user,
        )
        fields += ["override", "override_reason", "override_by"]
        extra = {
            "override_reason": override_reason,
            "same_achievement": [selectors.describe_other(row) for row in others],
            "same_achievement_ids": [[row["kind"], row["pk"]] for row in others],
        }
    proposal.save(update_fields=fields)
    return transition(
        proposal,
        flow=PROPOSAL_FLOW,
        actor=actor,
        to=ProposalStatus.SUBMITTED,
        action=AwardsAudit.PROPOSAL_SUBMITTED,
        eligible=proposal.verdict.get("eligible"),
        **extra,
    )


def _same_achievement_at_sending(proposal: Proposal, *, today: date) -> list[dict]:
    """Other forms of the same achievement for the subject and year: awards granted, and
    live proposals made before this one."""
    return [
        row
        for row in selectors.same_achievement_others(
            year=proposal.year,
            code=proposal.code,
            person=proposal.person,
            unit=proposal.unit,
            exclude_pk=proposal.pk,
            on=today,
        )
        if row["kind"] == "award" or row["pk"] < proposal.pk
    ]


def _receipt_day(proposal: Proposal, received_on: date | None) -> date:
    """The day the dossier counts as received: today, or the earlier day given for a paper
    dossier — after the year of the achievement, never in the future."""
    today = timezone.localdate()
    if received_on is None:
        return today
    if received_on > today or received_on.year <= proposal.year:
        raise ValidationError(
            _(
                "The dossier's receipt date must be after the year of the achievement and "
                "not in the future."
            )
        )
    return received_on


def _round_received_on(proposal: Proposal) -> date | None:
    """The receipt date of the yearly round the proposal was made from, if it was."""
    if not RoundVerdict.objects.filter(proposal=proposal).exists():
        return None
    received = (proposal.verdict or {}).get("received_on")
    return date.fromisoformat(received) if received else None


# The longest summary of achievements a proposal carries (as the API accepts it).
ACHIEVEMENTS_MAX = 8000
# What the unit completes on a returned proposal (audited before and after).
UNIT_TEXT = ("achievements",)


@transaction.atomic
def proposal_edit_returned(*, actor, proposal: Proposal, achievements: str) -> Proposal:
    """The head of the proposing unit completes a proposal the office returned — its summary
    of achievements — before sending it again (`proposal_submit`). Refused to anyone else
    (PermissionDenied: the office returned it to the unit) and for a proposal in any other
    status (ValidationError). The text before and after is audited in the same transaction;
    an unchanged text writes nothing."""
    proposal = _locked(proposal)
    if not heads_proposing_unit(actor, proposal):
        raise PermissionDenied(
            _("Only the head of the proposing unit may complete a returned proposal.")
        )
    if proposal.status != ProposalStatus.RETURNED:
        raise ValidationError(
            _("Only a proposal the office returned to its unit can be edited; this one is %(s)s.")
            % {"s": proposal.get_status_display()}
        )
    text = (achievements or "").strip()
    if len(text) > ACHIEVEMENTS_MAX:
        raise ValidationError(
            {
                "achievements": _("The summary of achievements is at most %(n)s characters.")
                % {"n": ACHIEVEMENTS_MAX}
            }
        )
    if text == proposal.achievements.strip():
        return proposal
    before = snapshot(proposal, UNIT_TEXT)
    proposal.achievements = text
    proposal.save(update_fields=[*UNIT_TEXT, "updated_at"])
    audit_change(
        actor=actor,
        action=AwardsAudit.PROPOSAL_EDITED,
        target=proposal,
        before=before,
        after=snapshot(proposal, UNIT_TEXT),
    )
    return proposal


class ProposalsRefused(ValidationError):
    """Some of the proposals sent together were refused, so none was sent: `refusals` holds
    each refused proposal with the service's reasons, in the order they were given."""

    def __init__(self, refusals: list[tuple[Proposal, list[str]]]):
        self.refusals = refusals
        super().__init__(
            [
                f"{_subject_name(person=p.person, unit=p.unit)}: {reason}"
                for p, reasons in refusals
                for reason in reasons
            ]
        )


@transaction.atomic
def proposals_submit(*, actor, proposals: list[Proposal]) -> list[Proposal]:
    """Several drafts or returned proposals sent together (walk-through F6b: a head's
    drafts from the yearly round), each as `proposal_submit` sends it — judged again on the
    day received unless made from the round, one audit event each — in one transaction: all or nothing. A proposal the
    actor may not send refuses them all (PermissionDenied); one the service refuses leaves
    none sent (ProposalsRefused, naming each refused one with its reasons)."""
    chosen = list({p.pk: p for p in proposals}.values())
    if not chosen:
        raise ValidationError(_("Choose at least one proposal to send."))
    for proposal in chosen:
        if not can_propose(actor, person=proposal.person, unit=proposal.unit):
            raise PermissionDenied
    sent: list[Proposal] = []
    refusals: list[tuple[Proposal, list[str]]] = []
    for proposal in chosen:
        try:
            sent.append(proposal_submit(actor=actor, proposal=proposal))
        except ValidationError as exc:
            refusals.append((proposal, exc.messages))
    if refusals:
        raise ProposalsRefused(refusals)
    return sent


@transaction.atomic
def proposal_override(*, actor, proposal: Proposal, reason: str) -> Proposal:
    """The office accepts a proposal the engine found not eligible, with a written reason."""
    require_office(actor, explain=True)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("An override needs a written reason.")})
    proposal = _locked(proposal)
    if proposal.status in (ProposalStatus.APPROVED, ProposalStatus.DECIDED):
        raise ValidationError(_("The council has already decided on this proposal."))
    audited = ("override", "override_reason", "override_by")
    before = snapshot(proposal, audited)
    earlier = proposal.override_reason.strip() if proposal.override else ""
    proposal.override = True
    # A head's reason for a second form of the same achievement is kept beside the office's.
    proposal.override_reason = f"{earlier}\n{reason}" if earlier and earlier != reason else reason
    proposal.override_by = actor
    proposal.save(update_fields=["override", "override_reason", "override_by", "updated_at"])
    audit_change(
        actor=actor,
        action=AwardsAudit.PROPOSAL_OVERRIDDEN,
        target=proposal,
        before=before,
        after=snapshot(proposal, audited),
        reason=reason,
        verdict_eligible=proposal.verdict.get("eligible"),
    )
    return proposal


@transaction.atomic
def proposal_check(*, actor, proposal: Proposal, accept: bool, reason: str = "") -> Proposal:
    """The office checks the dossier: accepted (checked) or returned to the unit with a
    reason. A proposal the engine found not eligible needs an override first."""
    require_office(actor, explain=True)
    proposal = _locked(proposal)
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted proposal can be checked."))
    reason = (reason or "").strip()
    if not accept:
        if not reason:
            raise ValidationError({"reason": _("Say why the dossier is returned.")})
        return transition(
            proposal,
            flow=PROPOSAL_FLOW,
            actor=actor,
            to=ProposalStatus.RETURNED,
            action=AwardsAudit.PROPOSAL_RETURNED,
            reason=reason,
        )
    _refuse_pending_case(proposal.person)
    if not proposal.verdict.get("eligible") and not verdict_overridden(proposal):
        raise ValidationError(
            _("The engine found this proposal not eligible: override it with a reason first.")
        )
    return transition(
        proposal,
        flow=PROPOSAL_FLOW,
        actor=actor,
        to=ProposalStatus.CHECKED,
        action=AwardsAudit.PROPOSAL_CHECKED,
        note=reason,
    )
